"""Render a Document to Word (.docx) with python-docx in the Decree 30 layout.

Word files name "Times New Roman", the font the decree prescribes; machines without it show
a metric-compatible substitute (Liberation Serif, Tinos). PDFs embed Liberation Serif.
"""

import io

from docx import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from documents import model

FONT = "Times New Roman"
ALIGN = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def render_docx(document):
    word = WordDocument()
    _page_setup(word, document)
    _header(word, document)
    _title(word, document)
    for block in document.body:
        _block(word, block)
    if document.signature or document.recipients or document.closing_left:
        _closing(word, document)
    if document.annex:
        _annex(word, document.annex)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page_setup(word, document):
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(1.5)
    style = word.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    _page_numbers_from_page_two(section)
    if document.draft:
        _draft_mark(section)


def _page_numbers_from_page_two(section):
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _draft_mark(section):
    """'DỰ THẢO' in the header of every page: the first page's header and the others'."""
    for header in (section.first_page_header, section.header):
        paragraph = header.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(model.DRAFT_MARK)
        run.font.size, run.bold = Pt(13), True


def _text(cell_or_doc, text, *, size=14, bold=False, italic=False, align="center",
          underline=False, space_after=0, lead=""):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = ALIGN[align]
    paragraph.paragraph_format.space_after = Pt(space_after)
    if lead:
        first = paragraph.add_run(f"{lead} ")
        first.font.size, first.bold, first.italic = Pt(size), True, italic
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return paragraph


def _header(word, document):
    table = word.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10.0)
    left.paragraphs[0].text = ""
    _text(left, document.governing_body.upper(), size=13)
    _text(left, document.issuing_body.upper(), size=13, bold=True)
    _short_rule(left, width=Cm(2.2), total=Cm(6.5))
    if document.number_label:
        _text(left, f"Số: {document.number_label}", size=13, space_after=6)
    right.paragraphs[0].text = ""
    _text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _text(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, underline=True)
    if document.place_and_date:
        _text(right, document.place_and_date, size=14, italic=True, space_after=6)


def _short_rule(container, *, width, total):
    """A short drawn line, centred: the bottom border of an empty paragraph indented from both
    sides (Word's underline would run across the whole text and its spaces)."""
    paragraph = container.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = (total - width) // 2
    fmt.space_after, fmt.space_before = Pt(4), Pt(0)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    return paragraph


def _title(word, document):
    _text(word, document.type_title.upper(), bold=True, space_after=0)
    for line in document.subject.splitlines():
        _text(word, line, bold=True)
    _short_rule(word, width=Cm(4.5), total=Cm(16.5))


def _block(word, block):
    if isinstance(block, model.Heading):
        _text(word, block.text, bold=True, align="left", space_after=6)
    elif isinstance(block, model.Paragraph):
        paragraph = _text(word, block.text, bold=block.bold, italic=block.italic,
                          align=block.align, space_after=6, lead=block.lead)
        if block.indent:
            paragraph.paragraph_format.first_line_indent = Cm(1)
    elif isinstance(block, model.Table):
        _table(word, block)
    elif isinstance(block, model.SignatureGrid):
        _signature_grid(word, block)
    elif isinstance(block, model.Figure):
        _text(word, f"{block.caption} (số liệu ở bảng dưới đây)", size=12, italic=True)


def _table(word, block):
    table = word.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
        cell.paragraphs[0].text = ""
        _text(cell, header, size=12, bold=True)
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            cell.paragraphs[0].text = ""
            _text(cell, str(value), size=12,
                  align="right" if index in block.numeric else "left")
    word.add_paragraph()


def _signature_grid(word, grid):
    signatures = grid.signatures
    rows = (len(signatures) + grid.columns - 1) // grid.columns
    table = word.add_table(rows=rows, cols=grid.columns)
    for index, signature in enumerate(signatures):
        cell = table.rows[index // grid.columns].cells[index % grid.columns]
        cell.paragraphs[0].text = ""
        _signature(cell, signature)


def _signature(container, signature):
    for line in (signature.authority, signature.title):
        if line:
            _text(container, line.upper(), size=13, bold=True)
    _text(container, "", size=13, space_after=36)
    if signature.name:
        _text(container, signature.name, size=14, bold=True)
    if signature.note:
        _text(container, signature.note, size=12, italic=True)


def _closing(word, document):
    table = word.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    if document.recipients:
        _text(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left")
        for line in document.recipient_lines:
            _text(left, line, size=11, align="left")
    for index, line in enumerate(document.closing_left):
        _text(left, line, size=13 if index == 0 else 12, bold=index == 0, italic=index > 0)
    right.paragraphs[0].text = ""
    if document.signature:
        _signature(right, document.signature)


def _annex(word, blocks):
    """The annex on a new page in its own section, page numbers from 1 again."""
    from docx.enum.section import WD_SECTION

    section = word.add_section(WD_SECTION.NEW_PAGE)
    section.different_first_page_header_footer = True
    numbering = OxmlElement("w:pgNumType")
    numbering.set(qn("w:start"), "1")
    section._sectPr.append(numbering)
    for block in blocks:
        _block(word, block)
