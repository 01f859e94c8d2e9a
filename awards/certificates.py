"""Certificates per award kind (shared/documents.md, "Certificates and flags").

A certificate of merit (or a title) is printed: on plain A4 with the national title, the
heading and a frame, or onto a pre-printed blank (phôi) with only the variable text. Both use
one coordinate system: every field's line starts at the position asked for, in millimetres
from the sheet's top left corner, moved by the printer's shift (dx, dy). A field's `x` is the
centre of its line (or its left edge for left-aligned fields) and its `y` the top of its
first line: with `line-height: normal` that is where the PDF's text box starts, so what is
asked is what is measured (tests/awards/test_certificates.py).

A flag (cờ thi đua) is an embroidered object: the portal gives the maker the wording to
embroider — the awarding body, "TẶNG", the unit, the title — never a "BẰNG KHEN".
"""

from dataclasses import dataclass
from decimal import Decimal

from django.template.loader import render_to_string
from weasyprint import HTML

from documents.model import vietnamese_date
from documents.pdf import ProjectFilesFetcher


@dataclass(frozen=True)
class Field:
    """One line (or paragraph) of a certificate, where it goes by default and how it looks."""

    name: str
    x: Decimal
    y: Decimal
    size: int  # pt
    width: int = 120  # mm: the line wraps within it
    align: str = "center"
    style: str = ""  # CSS classes: bold, italic, red
    blank: bool = True  # printed on pre-printed blanks too (False: the blank carries it)


D = Decimal
NO_SHIFT = Decimal(0)
# A4 landscape, 297 × 210 mm.
FIELDS = [
    Field("national", D("148.5"), D("22"), 13, 200, style="bold", blank=False),
    Field("motto", D("148.5"), D("28.5"), 14, 200, style="bold motto", blank=False),
    Field("post", D("148.5"), D("42"), 16, 230, style="bold red"),
    Field("tang", D("148.5"), D("51"), 16, 60, style="bold"),
    Field("heading", D("148.5"), D("60"), 40, 230, style="bold red", blank=False),
    Field("unit", D("148.5"), D("86"), 24, 230, style="bold"),
    Field("address", D("148.5"), D("100"), 13, 230, style="italic"),
    Field("reason", D("148.5"), D("112"), 16, 230, style="italic"),
    Field("decision", D("30"), D("160"), 12, 110, align="left"),
    Field("register", D("30"), D("167"), 12, 110, align="left"),
    Field("place_date", D("225"), D("150"), 13, 120, style="italic"),
    Field("signing_post", D("225"), D("157"), 13, 120, style="bold"),
    Field("signer", D("225"), D("185"), 14, 120, style="bold"),
]
FIELDS_BY_NAME = {field.name: field for field in FIELDS}
BLANK_FIELDS = [field for field in FIELDS if field.blank]


@dataclass
class Line:
    field: Field
    text: str
    left: Decimal  # mm, of the field's box
    top: Decimal


def _upper(text):
    return text.upper() if text else ""


def awarding_post(decision):
    """The post (or, for a flag, the body) that gives the award, in capitals."""
    return _upper(decision.award.awarding_post or decision.issuer)


def certificate_texts(decision, grant):
    """{field name: text} of one unit's certificate of merit (or title)."""
    award, unit = decision.award, grant.unit
    is_title = award.kind == award.Kind.TITLE
    place = f"{decision.place}, " if decision.place else ""
    return {
        "national": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "motto": "Độc lập - Tự do - Hạnh phúc",
        "post": awarding_post(decision),
        "tang": "TẶNG DANH HIỆU" if is_title else "TẶNG",
        "heading": _upper(decision.award_title) if is_title else "BẰNG KHEN",
        "unit": unit.name,
        "address": unit.address,
        "reason": award.wording_for(decision.year),
        "decision": f"Quyết định số {decision.number} ngày "
                    f"{decision.signed_on.strftime('%d/%m/%Y')}",
        "register": f"Số sổ vàng: {grant.register_number}" if grant.register_number else "",
        "place_date": place + vietnamese_date(decision.signed_on),
        "signing_post": _upper(award.signing_post) or awarding_post(decision),
        "signer": decision.signer,
    }


def placed_lines(texts, *, blank, positions, dx=NO_SHIFT, dy=NO_SHIFT):
    """The lines to print, each at its requested position (`positions`: {name: (x, y)})
    moved by the printer's shift; on a blank only the variable fields."""
    lines = []
    for field in FIELDS:
        text = texts.get(field.name, "")
        if not text or (blank and not field.blank):
            continue
        x, y = positions.get(field.name, (field.x, field.y))
        left = x if field.align == "left" else x - D(field.width) / 2
        lines.append(Line(field, text, left + dx, y + dy))
    return lines


def certificates_pdf(decision, grants, *, blank=False, positions=None, dx=NO_SHIFT, dy=NO_SHIFT):
    """One sheet per unit: a certificate for merit and titles, the embroidery text for a
    flag. Returns (PDF bytes, file stem)."""
    if decision.award.is_flag:
        html = render_to_string("awards/flag_embroidery.html", {
            "decision": decision, "post": awarding_post(decision),
            "wording": _upper(decision.award.wording_for(decision.year)),
            "units": [grant.unit for grant in grants]})
        stem = f"noi-dung-theu-co-{decision.pk}"
    else:
        sheets = [placed_lines(certificate_texts(decision, grant), blank=blank,
                               positions=positions or {}, dx=dx, dy=dy) for grant in grants]
        html = render_to_string("awards/certificates.html",
                                {"sheets": sheets, "plain": not blank, "decision": decision})
        stem = f"bang-khen-{decision.pk}"
    return HTML(string=html, url_fetcher=ProjectFilesFetcher()).write_pdf(), stem
