"""Large and hostile .xlsx files built straight with zipfile, for tests and `make bench`.

openpyxl takes about 20 s to write 100,000 rows; written here as XML they take a second or
two. Nothing is committed: every file is made when a test needs it.
"""

import functools
import io
import itertools
import zipfile
from xml.sax.saxutils import escape

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
}
_SHEET_START = ('<?xml version="1.0" encoding="UTF-8"?>'
                '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                '<sheetData>')
_SHEET_END = "</sheetData></worksheet>"


class _Strings:
    """The shared-strings table (what Excel and openpyxl write; inline strings take openpyxl
    ten times longer to read)."""

    def __init__(self):
        self.index = {}

    def cell(self, value):
        if value is None or value == "":
            return "<c/>"
        if isinstance(value, int):
            return f"<c><v>{value}</v></c>"
        number = self.index.setdefault(str(value), len(self.index))
        return f'<c t="s"><v>{number}</v></c>'

    def row(self, values):
        return "<row>" + "".join(self.cell(v) for v in values) + "</row>"

    def xml(self):
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in self.index)
        return ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                f'.org/spreadsheetml/2006/main" uniqueCount="{len(self.index)}">{items}</sst>')


def _xlsx(write_rows):
    buffer = io.BytesIO()
    strings = _Strings()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in _PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_SHEET_START.encode())
            write_rows(sheet, strings)
            sheet.write(_SHEET_END.encode())
        archive.writestr("xl/sharedStrings.xml", strings.xml())
    return buffer.getvalue()


def streamed_xlsx(rows):
    """An .xlsx (ZIP_DEFLATED, level 9) whose only sheet holds `rows`, any iterable of
    sequences of text or integers, written a thousand rows at a time."""
    def write_rows(sheet, strings):
        rows_left = iter(rows)
        while chunk := list(itertools.islice(rows_left, 1000)):
            sheet.write("".join(strings.row(row) for row in chunk).encode())

    return _xlsx(write_rows)


def bomb_xlsx(header, row, *, expanded_mb=800):
    """About 3 MB of .xlsx whose sheet expands to `expanded_mb` MB: `header`, then `row`
    repeated (the review's 3.3 MB file expanded to 782 MB)."""
    def write_rows(sheet, strings):
        sheet.write(strings.row(header).encode())
        chunk = (strings.row(row) * 10_000).encode()
        for _ in range(expanded_mb * 1024 * 1024 // len(chunk)):
            sheet.write(chunk)

    return _xlsx(write_rows)


def sheet_xml_xlsx(rows_xml):
    """An .xlsx whose sheet data is `rows_xml`, written as given (e.g. <row r="…"> gaps)."""
    return _xlsx(lambda sheet, strings: sheet.write(rows_xml.encode()))


def numbered_rows(count, width=8):
    """`count` different rows of `width` short cells (different, so they compress as real
    data does, ~30:1)."""
    return ([f"DV{i:06d}", f"Đơn vị {i}"] + [i] * (width - 2) for i in range(count))


@functools.cache
def review_bomb():
    """The review's spreadsheet bomb, made once per test run (~7 s): about 3 MB that
    expands to 800 MB."""
    return bomb_xlsx(["Mã", "Tên"], ["U1", "Đơn vị 1", "", "C1", "Cụm thi đua số 1", "Cụm",
                                     2026, "Thành viên"])
