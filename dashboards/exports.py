"""Dashboard tables as .xlsx; every text cell is escaped against formula injection."""

import io

import openpyxl

from core.spreadsheets import escape_formula
from dashboards.selectors import RATINGS
from reports.documents import STATUS_TEXT


def _book(sheets):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([escape_formula(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def overview_xlsx(rows, grants):
    clusters = [
        [r.cluster.name, str(r.phase.label), r.members, r.signed,
         r.reports["semiannual"]["on_time"], r.reports["semiannual"]["late"],
         r.reports["semiannual"]["missing"], r.reports["yearend"]["on_time"],
         r.reports["yearend"]["late"], r.reports["yearend"]["missing"],
         *[r.ratings.get(rating, 0) for rating in RATINGS],
         r.leader.name if r.leader else "",
         "; ".join(f"{unit.name}: {', '.join(awards)}" for unit, awards in r.nominations_by_unit)]
        for r in rows]
    headers = ["Cụm", "Giai đoạn", "Số đơn vị", "Đã ký giao ước", "Sơ kết đúng hạn",
               "Sơ kết trễ hạn", "Sơ kết chưa gửi", "Tổng kết đúng hạn", "Tổng kết trễ hạn",
               "Tổng kết chưa gửi", *RATINGS, "Dẫn đầu cụm", "Đề nghị khen thưởng"]
    awards = [[g.decision.award_title, g.unit.name, g.decision.number] for g in grants]
    return _book([("Các cụm", headers, clusters),
                  ("Khen thưởng", ["Hình thức", "Đơn vị", "Quyết định"], awards)])


def unit_history_xlsx(unit, years):
    headers = ["Năm", "Cụm", "Vai trò", "Tổng điểm", "Xếp hạng", "Số đơn vị xếp hạng",
               "Xếp loại", "Khen thưởng", "Ghi chú"]
    rows = [[y.year, y.membership.cluster.name, str(y.membership.role_title),
             float(y.result.total) if y.result and y.result.submitted else None,
             y.result.rank if y.result else None, y.ranked or None,
             y.result.rating if y.result else "", "; ".join(y.awards),
             y.membership.unit.name if y.membership.unit_id != unit.pk else ""]
            for y in years]
    return _book([(f"Lịch sử {unit.code}", headers, rows)])


def cluster_xlsx(rows, criteria):
    """The cluster dashboard's two tables: units, and criterion scores (the heat map)."""
    units = [[r.result.rank if r.result else None, r.unit.name,
              STATUS_TEXT[r.semiannual.status], STATUS_TEXT[r.yearend.status],
              float(r.completion) if r.completion is not None else None,
              float(r.result.total) if r.result and r.result.sheet else None,
              r.result.rating if r.result else ""] for r in rows]
    heat = [[r.unit.name, *[float(value) if value is not None else None
                            for value, _level in r.heat]] for r in rows]
    return _book([
        ("Đơn vị", ["Hạng", "Đơn vị", "Sơ kết", "Tổng kết", "Hoàn thành chỉ tiêu (%)",
                    "Tổng điểm", "Xếp loại"], units),
        ("Điểm theo tiêu chí", ["Đơn vị", *[f"{c.code}. {c.name}" for c in criteria]], heat),
    ])
