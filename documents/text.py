"""Text helpers shared by every document: Vietnamese numbers, paragraphs from free text."""

import re
import unicodedata
from decimal import Decimal

from django.utils.text import slugify

from documents.model import Paragraph

# An unnumbered document leaves room for the number to be written in by hand; no-break spaces
# survive HTML's whitespace folding.
NUMBER_BLANK = "\u00a0" * 8


def vn_number(value, places=None):
    """1234567.5 → '1.234.567,5' (Vietnamese separators), no trailing zeros; with `places`
    exactly that many decimals (scores: 97.3 → '97,30')."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.normalize() if places is None else value.quantize(Decimal(1).scaleb(-places))
    whole, _dot, fraction = f"{value:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = ".".join(filter(None, [digits[max(i - 3, 0):i] for i in
                                     range(len(digits), 0, -3)][::-1]))
    return f"{sign}{grouped}" + (f",{fraction}" if fraction else "")


def text_lines(text):
    """One paragraph per non-empty line of a free text."""
    return [Paragraph(line.strip()) for line in text.splitlines() if line.strip()]


def file_slug(*parts, limit=150):
    """A download's file name from what it is about, in Vietnamese without accents:
    ("Cờ thi đua", "Đơn vị A", 2026) → 'co-thi-dua-don-vi-a-2026'. Django's slugify alone
    drops đ (it has no decomposition), which would turn "Đơn vị" into "on-vi"."""
    text = " ".join(str(part) for part in parts if part not in (None, ""))
    text = text.replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(text)[:limit].strip("-")


# Academic titles and degrees (học hàm, học vị) someone may have typed before a name.
_ACADEMIC_PREFIX = re.compile(r"^(?:(?:GS|PGS|TS|TSKH|ThS|BS|CKI|CKII|DS|KS|CN|LS)\.\s*)+",
                              re.IGNORECASE)


def person_name(name, academic_title="", *, allowed=False):
    """A signer's name as printed: Decree 30/2020 puts no academic title before it unless the
    organisation's setting allows one (then `academic_title`, e.g. 'PGS.TS.', comes first)."""
    bare = _ACADEMIC_PREFIX.sub("", (name or "").strip())
    if allowed and academic_title.strip() and bare:
        return f"{academic_title.strip()} {bare}"
    return bare


def end_mark(text):
    """The body's last sentence closed with './.' (Decree 30/2020), once."""
    text = text.rstrip()
    if text.endswith("/."):
        return text
    return text.rstrip(".;:") + "./."
