"""Spreadsheet cell hygiene shared by every export and import.

A cell that starts with = + - @, a tab or a carriage return is run as a formula by
spreadsheet programs (CSV/formula injection). Exports prefix such text with an apostrophe;
imports take that apostrophe off again so that a round trip changes nothing.
"""

import unicodedata

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
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
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]
    return text


def casefold(text):
    return unicodedata.normalize("NFC", text).strip().casefold()
