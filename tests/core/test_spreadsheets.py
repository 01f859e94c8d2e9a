import pytest

from core.spreadsheets import clean_cell, escape_formula


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
