"""A formal document as data, independent of its output format."""

from dataclasses import dataclass, field


@dataclass
class Paragraph:
    kind = "paragraph"  # how templates tell blocks apart (not a dataclass field)
    text: str
    indent: bool = True  # first-line indent of about 1 cm
    bold: bool = False
    italic: bool = False
    align: str = "justify"
    lead: str = ""  # bold words opening the paragraph ("Điều 1.")


@dataclass
class Heading:
    kind = "heading"  # how templates tell blocks apart (not a dataclass field)
    text: str


@dataclass
class Table:
    kind = "table"  # how templates tell blocks apart (not a dataclass field)
    headers: list
    rows: list  # list of lists of strings
    numeric: set = field(default_factory=set)  # column indexes aligned right


@dataclass
class Figure:
    kind = "figure"  # how templates tell blocks apart (not a dataclass field)
    """A chart as SVG. PDFs draw it; Word cannot show SVG, so the Word file prints the caption
    only — every chart is followed by a table with the same figures."""

    svg: bytes
    caption: str

    @property
    def data_url(self):
        import base64

        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode()


@dataclass
class Signature:
    authority: str = ""  # "TM. CỤM THI ĐUA SỐ 6", "KT. …"
    title: str = ""  # "CỤM TRƯỞNG"
    name: str = ""
    note: str = ""  # the signer's unit, under the name
    # Decree 30/2020, Annex I, printed before signing on issued documents (never on drafts):
    # the signer's signature image, and the seal's image over its left third when the
    # organisation's seal signs (data: URLs of PNGs, documents.images.png_data_url).
    image: str = ""
    seal: str = ""


@dataclass
class SignatureGrid:
    kind = "signatures"  # how templates tell blocks apart (not a dataclass field)
    """Several signature blocks side by side (the pledge: one per member unit)."""

    signatures: list
    columns: int = 2


@dataclass
class Document:
    governing_body: str  # capitals, not bold
    issuing_body: str  # capitals, bold, short rule below
    number_label: str  # "05/BC-CTĐ6" (without "Số: ")
    place: str
    date: object  # datetime.date
    type_title: str  # "BÁO CÁO", "BIÊN BẢN", "BẢN GIAO ƯỚC THI ĐUA"
    subject: str = ""  # the line under the type title
    blocks: list = field(default_factory=list)
    signature: Signature | None = None
    recipients: list = field(default_factory=list)
    file_stem: str = "van-ban"
    # Lines in the closing's left column where the template has no recipients (the achievement
    # report's "XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG"); the first one bold.
    closing_left: list = field(default_factory=list)
    # Annex blocks (the decision's list): a new page, its own page numbers, not signed again.
    annex: list = field(default_factory=list)
    end_mark: bool = True  # "./." after the body
    # Not issued yet: rendered live and marked "DỰ THẢO" on every page, never stored.
    draft: bool = False
    # Minutes (biên bản, Mẫu 1.9) state their time and place in the body, not in the header.
    header_place_and_date: bool = True
    # Issued documents: the public page a QR code on page 1 leads to (set when stored).
    verify_url: str = ""
    # Issued documents with an annex: the annex is signed "by text" (Decree 30/2020, Annex I):
    # the number and the signing time at the top right of its first page (set when stored).
    annex_signed_at: str = ""  # ISO 8601 with the +07:00 offset
    # Rendered to be signed right away (documents.storage, documents.bundle): only then are
    # the signature and seal images printed; a live download shows the empty space.
    signed: bool = False

    @property
    def verify_qr(self):
        """The QR code of `verify_url` as an SVG data URL (segno), 0.5 mm a module: about
        19 mm wide for a portal address, inside the 20 mm bottom margin of page 1, and read by
        a phone or by zbarimg from a 150 dpi scan."""
        if not self.verify_url:
            return ""
        import segno

        return segno.make(self.verify_url, error="m", micro=False).svg_data_uri(
            scale=0.5, unit="mm", border=2)

    @property
    def place_and_date(self):
        if not self.header_place_and_date:
            return ""
        return f"{self.place}, {vietnamese_date(self.date)}" if self.place else \
            vietnamese_date(self.date).capitalize()

    @property
    def body(self):
        """The blocks with './.' closing the last paragraph of the body (Decree 30/2020)."""
        blocks = list(self.blocks)
        if not self.end_mark:
            return blocks
        from documents.text import end_mark

        index = len(blocks) - 1
        while index >= 0 and isinstance(blocks[index], SignatureGrid):
            index -= 1  # the signatures close the document; the body ends before them
        if index >= 0 and isinstance(blocks[index], Paragraph):
            last = blocks[index]
            blocks[index] = Paragraph(end_mark(last.text), indent=last.indent, bold=last.bold,
                                      italic=last.italic, align=last.align, lead=last.lead)
        else:
            blocks.insert(index + 1, Paragraph("./.", indent=False))
        return blocks

    @property
    def recipient_lines(self):
        """'- X;' per recipient, the last one ending with '.'."""
        lines = [f"- {r.rstrip(' ;.')};" for r in self.recipients]
        if lines:
            lines[-1] = lines[-1][:-1] + "."
        return lines


DRAFT_MARK = "DỰ THẢO"


def vietnamese_date(date):
    """'ngày 05 tháng 01 năm 2025': leading zero for days below 10 and months 1–2 (NĐ 30)."""
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"ngày {date.day:02d} tháng {month} năm {date.year}"


def vietnamese_time(time):
    """'08 giờ 00', as minutes write the hour."""
    return f"{time.hour:02d} giờ {time.minute:02d}"
