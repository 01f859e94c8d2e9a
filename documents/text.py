"""Text helpers shared by every document: Vietnamese numbers, paragraphs from free text."""

from decimal import Decimal

from documents.model import Paragraph

# An unnumbered document leaves room for the number to be written in by hand; no-break spaces
# survive HTML's whitespace folding.
NUMBER_BLANK = "\u00a0" * 8


def vn_number(value):
    """1234567.5 → '1.234.567,5' (Vietnamese separators), no trailing zeros."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    whole, _dot, fraction = f"{value:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = ".".join(filter(None, [digits[max(i - 3, 0):i] for i in
                                     range(len(digits), 0, -3)][::-1]))
    return f"{sign}{grouped}" + (f",{fraction}" if fraction else "")


def text_lines(text):
    """One paragraph per non-empty line of a free text."""
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]
