"""Build registry spreadsheets in memory for tests and benchmarks."""

import io

import openpyxl

from clusters.registry_io import HEADERS


def registry_row(unit="U1", unit_name="Đơn vị 1", short="", cluster="C1",
                 cluster_name="Cụm thi đua số 1", kind="Cụm", year=2026, role="Thành viên",
                 rep="", email=""):
    return [unit, unit_name, short, cluster, cluster_name, kind, year, role, rep, email]


def xlsx_bytes(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, headers=HEADERS):
    lines = [",".join(headers)] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
