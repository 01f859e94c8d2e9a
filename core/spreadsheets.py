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

import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

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
    if value is None:
        return ""
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
# and a sheet can declare as many rows as it likes. So every import (1) refuses, from the
# ZIP's central directory alone, a file whose parts would expand past a set size or are
# compressed implausibly well, (2) checks the header row before reading any other row,
# (3) streams rows with openpyxl's read-only mode and (4) stops at the row limit plus one.

# Real spreadsheets: openpyxl's sheet XML compresses ~14:1, Excel's about the same. Only a
# part made to be a bomb (one row repeated) reaches hundreds to one.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024  # bytes: small parts (styles, themes) may compress well
# Every import format here has ten columns or so; a sheet whose dimension claims 16,384
# columns must not make every row that wide.
MAX_COLUMNS = 64


def check_xlsx_archive(content, *, max_rows=None):
    """Refuse, before any part is decompressed, an .xlsx whose parts would expand beyond
    SPREADSHEET_MAX_UNCOMPRESSED_MB or compress implausibly well (a ZIP bomb).

    Only the central directory is read for that. The sizes it declares are the ones that
    count: Python's zipfile never yields more than a part's declared size.

    Then, with max_rows, a part holding more than max_rows + 1 <row> elements (the header
    and one row too many) is refused too, by counting them in its decompressed XML: a
    fraction of a second, where openpyxl parses 0.1–0.2 ms a row, and parses a whole sheet
    that has no <dimension> element as soon as the workbook is opened.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            _check_declared_sizes(parts)
            if max_rows is not None:
                for part in parts:
                    with archive.open(part) as source:
                        _refuse_more_row_tags_than(source, max_rows + 1)
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
    """The first sheet's rows as tuples of values, streamed (openpyxl read-only), once
    check_xlsx_archive has passed. Rows are cut at max_columns.

    max_rows goes to check_xlsx_archive; the caller still stops reading at max_rows + 1
    (read_rows), which also counts the empty rows openpyxl fills gaps with.
    """
    check_xlsx_archive(content, max_rows=max_rows)
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(_("The file is not a readable .xlsx spreadsheet."),
                              code="not_xlsx") from None
    return _stream(book, max_columns)


def _stream(book, max_columns):
    try:
        sheet = book.active
        # The sheet's own <dimension> is written by whatever made the file: trusted, a wrong
        # one would hide rows or widen every row. The row limit bounds the reading instead.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(max_col=max_columns, values_only=True)
    except Exception:
        raise ValidationError(_("The file is not a readable .xlsx spreadsheet."),
                              code="not_xlsx") from None
    finally:
        book.close()


# A row element, with or without a namespace prefix; not <rowBreaks>. Cell text holds "<"
# only escaped, so a match is a real element (or a hostile file's CDATA: refused, rightly).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


def _refuse_more_row_tags_than(source, most):
    """Count <row> elements in a sheet's XML, a megabyte at a time, up to most + 1."""
    count, tail = 0, b""
    while chunk := source.read(1024 * 1024):
        data = tail + chunk
        # Keep from the last "<" on for the next piece: a match lies between its "<" and the
        # next one, so none is split in two.
        cut = data.rfind(b"<")
        if cut == 0:
            tail = data
            continue
        cut = len(data) if cut < 0 else cut
        count += len(_ROW_TAG.findall(data, 0, cut))
        tail = data[cut:]
        if count > most:
            break
    count += len(_ROW_TAG.findall(tail))
    if count > most:
        raise ValidationError(_("The file has more than %(max)s rows.") % {"max": most - 1},
                              code="too_many_rows")


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
