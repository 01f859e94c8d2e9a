"""BÁO CÁO TỔNG HỢP: the organisation's emulation year across its clusters, with charts."""

from django.utils import timezone
from django.utils.translation import gettext as _

from dashboards import charts, selectors
from documents.model import Document, Figure, Heading, Paragraph, Signature, Table
from documents.text import NUMBER_BLANK, person_name, vn_number
from members import permissions
from members.permissions import Action


def _no_progress(_fraction, _step):
    pass


def year_summary_document(organisation, year, user, progress=_no_progress):
    """The year summary; `progress(fraction, step)` is told how far it has got."""
    permissions.check_whole_organisation(user, organisation.pk, Action.VIEW_BOARD)
    progress(0.1, _("Gathering the clusters' figures"))
    rows, grants = selectors.organisation_overview(organisation, year)
    totals = selectors.totals(rows)
    governing = organisation.governing_body
    document = Document(
        # A body that governs itself is printed once.
        governing_body="" if governing.strip().upper() == organisation.name.upper() else governing,
        issuing_body=organisation.name,
        number_label=f"{NUMBER_BLANK}/BC-{organisation.code.upper()}",
        place=organisation.place, date=timezone.localdate(), type_title="BÁO CÁO",
        subject=f"Tổng hợp kết quả phong trào thi đua của các cụm, khối thi đua năm {year}")
    document.file_stem = f"bao-cao-tong-hop-{organisation.code}-{year}".lower()
    progress(0.3, _("Drawing the report charts"))
    document.blocks += _deployment(rows, totals, year)
    progress(0.5, _("Drawing the rating charts"))
    document.blocks += _ratings(rows, totals)
    document.blocks += _leaders_and_awards(rows, grants)
    document.blocks.insert(0, Paragraph(f"Kỳ báo cáo: năm {year} (từ ngày 01/01/{year} đến ngày "
                                        f"31/12/{year}).", indent=False, italic=True))
    document.signature = Signature(
        authority=f"TM. THƯỜNG TRỰC {organisation.council}",
        title=organisation.standing_office_signer_title,
        name=person_name(organisation.standing_office_signer_name,
                         allowed=organisation.academic_titles_allowed))
    document.recipients = [organisation.council, "Các cụm, khối thi đua", "Lưu: VT, TĐKT"]
    return document


def _deployment(rows, totals, year):
    reports = totals["reports"]
    text = (f"Năm {year}, {totals['clusters']} cụm, khối thi đua với {totals['units']} đơn vị "
            f"thành viên đã phát động phong trào thi đua; {totals['signed']} đơn vị đã ký kết "
            "giao ước thi đua.")
    blocks = [Heading("I. TÌNH HÌNH TRIỂN KHAI"), Paragraph(text)]
    for period, label in (("semiannual", "sơ kết"), ("yearend", "tổng kết")):
        counts = reports[period]
        blocks.append(Paragraph(
            f"Báo cáo {label}: {counts['on_time']} đơn vị gửi đúng hạn, {counts['late']} đơn vị "
            f"gửi trễ hạn, {counts['missing']} đơn vị chưa gửi."))
    if len(rows) > charts.UPRIGHT_MAX:  # one bar per cluster would not fit on a page
        blocks.append(Figure(charts.report_totals_svg(totals),
                             "Biểu đồ 1. Tình hình gửi báo cáo của toàn bộ các cụm"))
    elif rows:
        blocks += [Figure(charts.report_status_svg(rows, "semiannual"),
                          "Biểu đồ 1. Tình hình gửi báo cáo sơ kết theo cụm"),
                   Figure(charts.report_status_svg(rows, "yearend"),
                          "Biểu đồ 2. Tình hình gửi báo cáo tổng kết theo cụm")]
    blocks.append(Table(
        ["STT", "Cụm, khối", "Số đơn vị", "Đã ký giao ước",
         "Sơ kết: đúng hạn / trễ / chưa gửi", "Tổng kết: đúng hạn / trễ / chưa gửi"],
        [[vn_number(n), row.cluster.name, vn_number(row.members), vn_number(row.signed),
          _counts(row.reports["semiannual"]), _counts(row.reports["yearend"])]
         for n, row in enumerate(rows, 1)], numeric={0, 2, 3, 4, 5}))
    return blocks


def _counts(counts):
    return f"{counts['on_time']} / {counts['late']} / {counts['missing']}"


def _ratings(rows, totals):
    ratings = totals["ratings"]
    summary = "; ".join(f"{rating}: {ratings.get(rating, 0)} đơn vị"
                        for rating in selectors.RATINGS)
    blocks = [Heading("II. KẾT QUẢ CHẤM ĐIỂM, XẾP LOẠI"),
              Paragraph(f"Kết quả xếp loại các đơn vị đã chấm điểm: {summary}.")]
    if len(rows) > charts.UPRIGHT_MAX:
        blocks.append(Figure(charts.rating_totals_svg(totals, selectors.RATINGS),
                             "Biểu đồ 2. Kết quả xếp loại của toàn bộ các cụm"))
    elif rows:
        blocks.append(Figure(charts.ratings_svg(rows, selectors.RATINGS),
                             "Biểu đồ 3. Kết quả xếp loại theo cụm"))
    blocks.append(Table(["STT", "Cụm, khối", *selectors.RATINGS],
                        [[vn_number(n), row.cluster.name, *map(vn_number, row.rating_counts)]
                         for n, row in enumerate(rows, 1)],
                        numeric={0, *range(2, 2 + len(selectors.RATINGS))}))
    return blocks


def _leaders_and_awards(rows, grants):
    blocks = [Heading("III. ĐƠN VỊ DẪN ĐẦU VÀ ĐỀ NGHỊ KHEN THƯỞNG"),
              Table(["STT", "Cụm, khối", "Đơn vị dẫn đầu", "Đề nghị khen thưởng"],
                    [[str(n), row.cluster.name, row.leader.name if row.leader else "—",
                      _nominations_text(row)] for n, row in enumerate(rows, 1)],
                    numeric={0}),
              Heading("IV. KHEN THƯỞNG ĐÃ QUYẾT ĐỊNH")]
    if not grants:
        return blocks + [Paragraph("Chưa có quyết định khen thưởng cho năm này.")]
    return blocks + [Table(["STT", "Hình thức", "Đơn vị", "Quyết định"],
                           [[str(n), g.decision.award_title, g.unit.name, g.decision.number]
                            for n, g in enumerate(grants, 1)], numeric={0})]


def _nominations_text(row):
    """'Unit A: award 1, award 2; Unit B: award 1' — one mention of each unit."""
    return "; ".join(f"{unit.name}: {', '.join(awards)}"
                     for unit, awards in row.nominations_by_unit) or "—"
