import pytest

from core.spreadsheets import clean_cell, escape_formula


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_every_formula_trigger_is_escaped_and_comes_back_unchanged(text):
    escaped = escape_formula(text)
    assert escaped == "'" + text
    assert clean_cell(escaped) == text


@pytest.mark.parametrize("value", ["Hội Luật gia", "1=1", "", None, 12, -3.5])
def test_plain_values_and_numbers_are_left_alone(value):
    assert escape_formula(value) == value
