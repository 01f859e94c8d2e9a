"""Spreadsheet cell hygiene shared by every export and import.

A cell that starts with = + - @, a tab or a carriage return is run as a formula by
spreadsheet programs (CSV/formula injection), and so is one where such a character follows
leading spaces or other whitespace (" =HYPERLINK(…)"): programs trim it away. Exports prefix
such text with an apostrophe; imports take that apostrophe off again so that a round trip
changes nothing.
"""

import unicodedata

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
