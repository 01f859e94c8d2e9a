import itertools

import pytest
from django.core.exceptions import ValidationError

from core.spreadsheets import clean_cell, escape_formula, read_rows, xlsx_rows
from tests.core import xlsx_files
from tests.core.xlsx_files import bomb_xlsx, numbered_rows, sheet_xml_xlsx, streamed_xlsx
from tests.helpers import error_codes


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)"])
def test_every_formula_trigger_is_escaped_and_comes_back_unchanged(text):
    escaped = escape_formula(text)
    assert escaped == "'" + text
    assert clean_cell(escaped) == text


@pytest.mark.parametrize("text", ["\t=1", "\r=1", " =HYPERLINK(\"http://x\",\"y\")",
                                  "   +1", "\u00a0@SUM(A1)", "\u3000-1", " \t\n=1"])
def test_it_escapes_a_formula_behind_leading_whitespace(text):
    assert escape_formula(text) == "'" + text


@pytest.mark.parametrize("text", ["\t=1", " =HYPERLINK(\"http://x\",\"y\")", "\u00a0@SUM(A1)"])
def test_it_reads_an_escaped_cell_back_as_the_unescaped_cell_would_read(text):
    assert clean_cell(escape_formula(text)) == clean_cell(text) == text.strip()


@pytest.mark.parametrize("value", ["Hội Luật gia", "1=1", " Hội = 1", "", "   ", None, 12,
                                   -3.5])
def test_plain_values_and_numbers_are_left_alone(value):
    assert escape_formula(value) == value


# --- refusing spreadsheet bombs --------------------------------------------------------

@pytest.fixture
def openpyxl_rows_read(monkeypatch):
    """How many rows openpyxl's read-only sheets have produced (data and empty alike)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    produced = {"rows": 0}
    original = ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            produced["rows"] += 1
            yield row

    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", counting)
    return produced


@pytest.fixture
def openpyxl_forbidden(monkeypatch):
    import openpyxl

    def never(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open the file")

    monkeypatch.setattr(openpyxl, "load_workbook", never)


def read(content, max_rows=1000, check_header=lambda header: None):
    return read_rows(xlsx_rows(content, max_rows=max_rows), check_header=check_header,
                     max_rows=max_rows)


def test_it_refuses_a_100000_row_file_reading_at_most_the_limit_plus_one_row(
        openpyxl_rows_read):
    content = streamed_xlsx(itertools.chain([["Mã", "Tên"]], numbered_rows(100_000)))
    with pytest.raises(ValidationError, match="1000"):
        read(content, max_rows=1000)
    assert openpyxl_rows_read["rows"] <= 1 + 1000 + 1  # the header, the limit, one more


def test_it_stops_reading_at_the_limit_plus_one_when_rows_are_gaps(openpyxl_rows_read):
    # Two <row> elements, but openpyxl fills the 99,998 rows between them: the count of what
    # is read, not of the elements, is what stops it.
    content = sheet_xml_xlsx('<row r="1"><c t="inlineStr"><is><t>Mã</t></is></c></row>'
                             '<row r="100000"><c><v>1</v></c></row>')
    with pytest.raises(ValidationError, match="1000"):
        read(content, max_rows=1000)
    assert openpyxl_rows_read["rows"] == 1 + 1000 + 1


def test_it_checks_the_header_before_reading_another_row(openpyxl_rows_read):
    def refuse(header):
        raise ValidationError("wrong header")

    content = streamed_xlsx(itertools.chain([["Sai"]], numbered_rows(500)))
    with pytest.raises(ValidationError, match="wrong header"):
        read(content, check_header=refuse)
    assert openpyxl_rows_read["rows"] == 1


def test_it_refuses_a_3_mb_bomb_before_parsing_it(openpyxl_forbidden):
    content = xlsx_files.review_bomb()
    assert len(content) < 4 * 1024 * 1024
    with pytest.raises(ValidationError, match="50 MB"):
        read(content)


def test_it_refuses_a_part_compressed_implausibly_well(settings):
    settings.SPREADSHEET_MAX_UNCOMPRESSED_MB = 50
    content = bomb_xlsx(["Mã"], ["U1", "Đơn vị 1"], expanded_mb=20)
    with pytest.raises(ValidationError) as excinfo:
        read(content)
    assert error_codes(excinfo.value) == {"compressed_too_well"}


def test_it_reads_a_real_file_within_the_limits():
    content = streamed_xlsx(itertools.chain([["Mã", "Tên", None]], numbered_rows(3, 2)))
    header, rows = read(content)
    assert (header, rows[2]) == (["Mã", "Tên"], ["DV000002", "Đơn vị 2"])


def test_it_says_a_file_that_is_no_zip_is_not_a_spreadsheet():
    with pytest.raises(ValidationError) as excinfo:
        read(b"PK\x03\x04 not really")
    assert error_codes(excinfo.value) == {"not_xlsx"}
