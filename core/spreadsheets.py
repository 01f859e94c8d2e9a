"""Spreadsheet cell hygiene shared by every export and import.

A cell that starts with = + - @, a tab or a carriage return is run as a formula by
spreadsheet programs (CSV/formula injection), and so is one where such a character follows
leading spaces or other whitespace (" =HYPERLINK(…)"): programs trim it away. Exports prefix
such text with an apostrophe; imports take that apostrophe off again so that a round trip
changes nothing.
"""

import io
import itertools
import re
import unicodedata
import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from python_calamine import CalamineWorkbook

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _is_formula(text):
    return text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS)


def escape_formula(value):
    if isinstance(value, str) and _is_formula(value):
        return "'" + value
    return value


def clean_cell(value):
    """A cell as text: None → '', numbers kept as written, Unicode composed (NFC),
    surrounding spaces and a protective leading apostrophe removed."""
    if value is None or value == "":
        return ""
    if value.__class__ is str:  # most cells: skip str() and, for ASCII, normalising
        text = (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()
    else:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = unicodedata.normalize("NFC", str(value)).strip()
    if text.startswith("'") and text[1:2] and _is_formula(text[1:]):
        # What follows the apostrophe is cleaned like any cell: "' =1" reads as "=1", the
        # same as the unescaped " =1" would.
        text = text[1:].strip()
    return text


def casefold(text):
    return unicodedata.normalize("NFC", text).strip().casefold()


# --- reading uploaded spreadsheets without being tied up by them -----------------------
#
# An .xlsx is a ZIP of XML parts. A few megabytes of upload can declare hundreds of
# megabytes of XML (the review's 3.3 MB file expands to 782 MB and held a worker for 40 s),
# and a sheet can place a cell as far out as it likes. So every import (1) refuses, from the
# ZIP's central directory alone, a file whose parts would expand past a set size or are
# compressed implausibly well, (2) refuses, from a scan of the decompressed XML, a sheet
# whose cells reach beyond the row or column limit, (3) only then lets python-calamine
# (Rust, ~10× openpyxl's speed) parse the sheet, and (4) checks the header row before any
# other row is looked at. Step 2 matters because calamine holds the sheet as a dense grid
# spanning its farthest cells: one value in XFD1048576 asks for 17 billion cells and aborts
# the whole process (tried), so calamine must never see such a sheet.

# Real spreadsheets: openpyxl's sheet XML compresses ~14:1, Excel's about the same. Only a
# part made to be a bomb (one row repeated) reaches hundreds to one.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024  # bytes: small parts (styles, themes) may compress well
# Every import format here has ten columns or so; a sheet with a value beyond column 64 is
# refused (too_many_columns) rather than parsed into a grid that wide.
MAX_COLUMNS = 64


def check_xlsx_archive(content, *, max_rows=None, max_columns=MAX_COLUMNS):
    """Refuse, before any part is decompressed, an .xlsx whose parts would expand beyond
    SPREADSHEET_MAX_UNCOMPRESSED_MB or compress implausibly well (a ZIP bomb).

    Only the central directory is read for that. The sizes it declares are the ones that
    count: Python's zipfile never yields more than a part's declared size.

    Then, with max_rows, each part's decompressed XML is scanned (a megabyte at a time) and
    refused when it holds more than max_rows + 1 <row> elements (the header and one row too
    many), a value below row max_rows + 1 (too_many_rows) or a value right of column
    max_columns (too_many_columns): the extent of the grid the parser would build.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            _check_declared_sizes(parts)
            if max_rows is not None:
                for part in parts:
                    with archive.open(part) as source:
                        _check_extent(source, max_rows + 1, max_columns)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError,
            NotImplementedError, RuntimeError, zlib.error):
        # ValidationError is not among these: the refusals below pass through unchanged.
        raise ValidationError(_("The file is not a readable .xlsx spreadsheet."),
                              code="not_xlsx") from None


def _check_declared_sizes(parts):
    limit_mb = settings.SPREADSHEET_MAX_UNCOMPRESSED_MB
    if sum(part.file_size for part in parts) > limit_mb * 1024 * 1024:
        raise ValidationError(
            _("Opened, this spreadsheet would take more than %(mb)s MB, so it was refused "
              "without being read. Delete unused rows, columns and sheets and save it again, "
              "or split it into several files.") % {"mb": limit_mb}, code="too_large_unpacked")
    for part in parts:
        if (part.file_size > RATIO_CHECKED_ABOVE
                and part.file_size > MAX_COMPRESSION_RATIO * max(part.compress_size, 1)):
            raise ValidationError(
                _("Part of this spreadsheet is compressed %(ratio)s times, far more than any "
                  "real spreadsheet, so it was refused without being read.")
                % {"ratio": part.file_size // max(part.compress_size, 1)},
                code="compressed_too_well")


def xlsx_rows(content, *, max_rows=None, max_columns=MAX_COLUMNS):
    """The first sheet's rows as lists of values (empty cells as ""), once
    check_xlsx_archive has passed; parsed by python-calamine.

    The caller still stops at max_rows + 1 (read_rows) and checks the header first.
    """
    check_xlsx_archive(content, max_rows=max_rows, max_columns=max_columns)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        sheet = book.get_sheet_by_index(0)
    except Exception:  # calamine raises several kinds for a damaged workbook
        raise ValidationError(_("The file is not a readable .xlsx spreadsheet."),
                              code="not_xlsx") from None
    return _sheet_rows(sheet)


def _sheet_rows(sheet):
    # calamine's rows begin at the sheet's first column holding a value (its rows, at row 1):
    # put the empty columns before it back, so that columns keep their places.
    start = sheet.start
    padding = [""] * (start[1] if start else 0)
    try:
        for row in sheet.iter_rows():
            yield padding + row if padding else row
    except Exception:
        raise ValidationError(_("The file is not a readable .xlsx spreadsheet."),
                              code="not_xlsx") from None


# Row elements (not <rowBreaks>) and cell elements (not <col>, <cfRule>), with or without a
# namespace prefix. Cell text holds "<" only escaped, so a match is a real element (or a
# hostile file's CDATA: refused, rightly).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
# For the cell-by-cell walk: a cell that holds something is not self-closed
# ('<c r="Z9" s="3"/>' is formatting only, which calamine leaves out of its grid); a cell
# without a reference takes the place after the previous one.
_ANY_TAG = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>')
_ROW_REF = re.compile(rb'\br="(\d{1,8})"')
_CELL_REF = re.compile(rb'\br="([A-Za-z]{1,3})(\d{1,8})"')


def _column_number(letters):
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _column_letters_beyond(most):
    """A regex alternation matching the column names (A, …, Z, AA, …) after column `most`."""
    letters = ""
    n = most
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    choices = [f"[A-Z]{{{len(letters) + 1},3}}"] if len(letters) < 3 else []
    for i, letter in enumerate(letters):
        if letter != "Z":
            tail = f"[A-Z]{{{len(letters) - i - 1}}}" if i < len(letters) - 1 else ""
            choices.append(f"{letters[:i]}[{chr(ord(letter) + 1)}-Z]{tail}")
    return "|".join(choices) or "(?!)"


class _Extent:
    """Row elements counted, and the farthest row and column holding a value (at least of
    those that could pass the limits)."""

    def __init__(self, most_rows, most_columns):
        self.row_tags = self.max_row = self.max_column = 0
        self.row = self.column = 0  # where the unreferenced cells' walk has got to
        self.most_rows = most_rows
        # Cells referenced beyond the column limit, or on a row with as many digits as the
        # limit or more: the only ones the usual path looks at closely. "<" is escaped in
        # cell text, so '<c r="' is always a real cell.
        digits = len(str(most_rows))
        self.far = re.compile(
            ('<c r="(?:(' + _column_letters_beyond(most_columns) + ')([0-9]+)'
             f'|([A-Z]{{1,3}})([0-9]{{{digits},}}))"').encode())

    def feed(self, data, start, end):
        view = data[start:end]
        cells = view.count(b"<c ") + view.count(b"<c>") + view.count(b"<c/>")
        # Excel and openpyxl write every cell as <c r="B7" …>, without a namespace prefix:
        # counted with bytes.count, and only the far cells parsed. Anything else (cells
        # without a reference, prefixed tags, lower-case references) is walked cell by cell.
        # (Text may hold ":c " too: then the walk is taken for nothing, still exact.)
        if (cells != view.count(b'<c r="') or b":row" in view or b":c " in view
                or b":c>" in view or b":c/" in view or _LOWER_REF.search(view)):
            self.row_tags += len(_ROW_TAG.findall(view))
            if self.row_tags <= self.most_rows:  # else refused already: no need to walk
                self._walk(view)
            return
        self.row_tags += view.count(b"<row ") + view.count(b"<row>") + view.count(b"<row/>")
        for match in self.far.finditer(view):
            letters, digits = (match.group(1), match.group(2)) if match.group(1) else (
                match.group(3), match.group(4))
            close = view.find(b">", match.end())
            if close > 0 and view[close - 1:close] == b"/":
                continue  # formatting only: not in calamine's grid
            self.max_row = max(self.max_row, int(digits))
            self.max_column = max(self.max_column, _column_number(letters))

    def _walk(self, data):
        """Cell by cell, where some cells have no reference (slower, exact)."""
        for match in _ANY_TAG.finditer(data):
            name, attributes = match.groups()
            if name == b"row":
                ref = _ROW_REF.search(attributes)
                self.row = int(ref.group(1)) if ref else self.row + 1
                self.column = 0
                continue
            ref = _CELL_REF.search(attributes)
            if ref:
                self.column, self.row = _column_number(ref.group(1)), int(ref.group(2))
            else:
                self.column += 1
            if not attributes.endswith(b"/"):
                self.max_row = max(self.max_row, self.row)
                self.max_column = max(self.max_column, self.column)

    def too_far(self, most_rows, most_columns):
        return self.row_tags > most_rows or self.max_row > most_rows or (
            self.max_column > most_columns)


_LOWER_REF = re.compile(rb'<c r="[A-Z]{0,2}[a-z]')


def _check_extent(source, most_rows, most_columns):
    """Scan a part's XML a megabyte at a time; refuse it once it passes a limit."""
    extent, tail = _Extent(most_rows, most_columns), b""
    while chunk := source.read(1024 * 1024):
        data = tail + chunk
        # Keep from the last "<" on for the next piece: an element lies between its "<" and
        # the next one, so none is split in two.
        cut = data.rfind(b"<")
        if cut == 0:
            tail = data
            continue
        cut = len(data) if cut < 0 else cut
        extent.feed(data, 0, cut)
        tail = data[cut:]
        if extent.too_far(most_rows, most_columns):
            break
    extent.feed(tail, 0, len(tail))
    if extent.row_tags > most_rows or extent.max_row > most_rows:
        raise ValidationError(_("The file has more than %(max)s rows.")
                              % {"max": most_rows - 1}, code="too_many_rows")
    if extent.max_column > most_columns:
        raise ValidationError(
            _("The sheet has values beyond column %(max)s. Delete the unused columns and "
              "save it again.") % {"max": most_columns}, code="too_many_columns")


def read_rows(rows, *, check_header, max_rows):
    """(header, data rows) from an iterator of rows: the header goes to check_header (which
    raises ValidationError) before any other row is read, and reading stops at max_rows + 1
    rows, which refuses the file. Blank rows count: they are read too. Every row is returned
    as a list as wide as the header (its empty trailing cells dropped)."""
    try:
        header = next(rows, None)
        check_header(tuple(header or ()))
        body = list(itertools.islice(rows, max_rows + 1))
    finally:
        if hasattr(rows, "close"):
            rows.close()  # a generator over an open workbook: let it go now
    if len(body) > max_rows:
        raise ValidationError(_("The file has more than %(max)s rows.") % {"max": max_rows},
                              code="too_many_rows")
    header = list(header)
    while header and header[-1] in (None, ""):
        header.pop()  # the sheet's unused columns
    width = len(header)
    return header, [list(row[:width]) + [None] * (width - len(row)) for row in body]
