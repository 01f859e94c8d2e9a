"""The results table as .xlsx (cells escaped against formula injection)."""

import io

import openpyxl

from core.spreadsheets import escape_formula
from scoring.selectors import results

HEADERS = ["Xếp hạng", "Đơn vị", "Điểm chuẩn", "Điểm cộng", "Điểm trừ", "Tổng điểm", "Xếp loại"]


def results_xlsx(table):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Kết quả chấm điểm"
    sheet.append(HEADERS)
    for row in results(table):
        sheet.append([escape_formula(v) for v in (
            row.rank or "", row.unit.name, float(row.standard), float(row.bonus),
            float(row.penalty), float(row.total), row.rating)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
