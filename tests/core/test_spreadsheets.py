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
def rows_read(monkeypatch):
    """How many rows the sheet reader has produced (data and empty alike)."""
    from core import spreadsheets

    produced = {"rows": 0, "parsed": 0}
    original, workbook = spreadsheets._sheet_rows, spreadsheets.CalamineWorkbook

    def counting(sheet):
        for row in original(sheet):
            produced["rows"] += 1
            yield row

    class CountingWorkbook:
        @staticmethod
        def from_filelike(source):
            produced["parsed"] += 1
            return workbook.from_filelike(source)

    monkeypatch.setattr(spreadsheets, "_sheet_rows", counting)
    monkeypatch.setattr(spreadsheets, "CalamineWorkbook", CountingWorkbook)
    return produced


@pytest.fixture
def parser_forbidden(monkeypatch):
    from core import spreadsheets

    class Never:
        @staticmethod
        def from_filelike(source):
            raise AssertionError("the parser was asked to open the file")

    monkeypatch.setattr(spreadsheets, "CalamineWorkbook", Never)


def read(content, max_rows=1000, check_header=lambda header: None):
    return read_rows(xlsx_rows(content, max_rows=max_rows), check_header=check_header,
                     max_rows=max_rows)


def test_it_refuses_a_100000_row_file_before_parsing_it(rows_read):
    content = streamed_xlsx(itertools.chain([["Mã", "Tên"]], numbered_rows(100_000)))
    with pytest.raises(ValidationError, match="1000"):
        read(content, max_rows=1000)
    assert rows_read["parsed"] == 0


def test_it_refuses_a_value_far_below_the_limit_before_parsing_it(rows_read):
    # Two <row> elements, but a parser would build the 99,998 rows between them: the row
    # numbers, not the count of elements, are what is checked.
    content = sheet_xml_xlsx('<row r="1"><c t="inlineStr"><is><t>Mã</t></is></c></row>'
                             '<row r="100000"><c><v>1</v></c></row>')
    with pytest.raises(ValidationError, match="1000") as excinfo:
        read(content, max_rows=1000)
    assert (error_codes(excinfo.value), rows_read["parsed"]) == ({"too_many_rows"}, 0)


def test_it_refuses_a_referenced_value_in_the_last_cell_of_the_sheet(rows_read):
    # One value in XFD1048576: a dense grid of 17 billion cells (the parser aborts the
    # process on it), refused from the XML.
    content = sheet_xml_xlsx('<row r="1"><c r="A1"><v>1</v></c></row>'
                             '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    with pytest.raises(ValidationError) as excinfo:
        read(content, max_rows=1000)
    assert (error_codes(excinfo.value), rows_read["parsed"]) == ({"too_many_rows"}, 0)


def test_it_refuses_a_value_beyond_the_column_limit(rows_read):
    content = sheet_xml_xlsx('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>1</v></c></row>')
    with pytest.raises(ValidationError, match="64") as excinfo:
        read(content)
    assert (error_codes(excinfo.value), rows_read["parsed"]) == ({"too_many_columns"}, 0)


def test_it_counts_the_columns_of_cells_without_references():
    cells = "<c><v>1</v></c>" * 65
    with pytest.raises(ValidationError) as excinfo:
        read(sheet_xml_xlsx(f"<row>{cells}</row>"))
    assert error_codes(excinfo.value) == {"too_many_columns"}


def test_formatting_far_away_is_not_a_value():
    content = sheet_xml_xlsx('<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c>'
                             '<c r="XFD1" s="1"/></row><row r="1048576" s="2"/>')
    header, rows = read(content)
    assert (header, rows) == (["Mã"], [])


def test_columns_keep_their_places_when_the_first_ones_are_empty():
    content = sheet_xml_xlsx('<row r="1"><c r="B1" t="inlineStr"><is><t>Mã</t></is></c></row>'
                             '<row r="2"><c r="C2"><v>7</v></c></row>')
    header, rows = read(content)
    assert (header, rows) == (["", "Mã"], [["", ""]])


def test_it_checks_the_header_before_reading_another_row(rows_read):
    def refuse(header):
        raise ValidationError("wrong header")

    content = streamed_xlsx(itertools.chain([["Sai"]], numbered_rows(500)))
    with pytest.raises(ValidationError, match="wrong header"):
        read(content, check_header=refuse)
    assert rows_read["rows"] == 1


def test_it_refuses_a_3_mb_bomb_before_parsing_it(parser_forbidden):
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
