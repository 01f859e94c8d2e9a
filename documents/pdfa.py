"""PDF/A-2b where it holds after signing (issue 15 §1).

WeasyPrint writes PDF/A-2b (`pdf_variant="pdf/a-2b"`: embedded fonts, an sRGB output intent,
XMP metadata with the PDF/A identification, the Info dictionary agreeing with it). Signing
appends a revision in which pyHanko rewrites the metadata: the XMP's pdf:Producer becomes
"pyHanko x.y" while the Info dictionary's /Producer becomes "WeasyPrint …; pyHanko x.y", and
the two disagree, which PDF/A forbids (ISO 19005-2, 6.6.2.3). documents.signing therefore sets
the Info /Producer to pyHanko's own string in the signed revision, and `problems` checks the
SIGNED file: every font embedded, every Info entry equal to its XMP counterpart. Where that
check fails the document is issued without the PDF/A identification (documents.storage)."""

import io
import xml.etree.ElementTree as ET

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

VARIANT = "pdf/a-2b"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
NS = {"dc": "http://purl.org/dc/elements/1.1/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdfaid": "http://www.aiim.org/pdfa/ns/id/"}
# Info key → its XMP property (ISO 19005-2, 6.6.2.3.1, Table 3) and whether it is a date.
EQUIVALENTS = {"/Title": ("dc", "title", False), "/Author": ("dc", "creator", False),
               "/Subject": ("dc", "description", False), "/Keywords": ("pdf", "Keywords", False),
               "/Creator": ("xmp", "CreatorTool", False), "/Producer": ("pdf", "Producer", False),
               "/CreationDate": ("xmp", "CreateDate", True),
               "/ModDate": ("xmp", "ModifyDate", True)}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _xmp_values(xml_bytes):
    """{(namespace, name): text} of the XMP packet's simple properties (first list item for
    dc:title, dc:creator, dc:description)."""
    values = {}
    root = ET.fromstring(xml_bytes)
    for description in root.iter(f"{{{RDF}}}Description"):
        for key, value in description.attrib.items():
            values[key] = value
        for child in description:
            items = [li.text or "" for li in child.iter(f"{{{RDF}}}li")]
            values[child.tag] = items[0] if items else (child.text or "")
    return {(prefix, name): values[f"{{{uri}}}{name}"]
            for prefix, uri in NS.items() for name in _names(prefix)
            if f"{{{uri}}}{name}" in values}


def _names(prefix):
    names = {p_name for p, p_name, _date in EQUIVALENTS.values() if p == prefix}
    return names | ({"part", "conformance"} if prefix == "pdfaid" else set())


def identification(content):
    """The PDF/A part and conformance the file's XMP claims ("2B"), or ""."""
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    metadata = reader.root.get("/Metadata")
    if metadata is None:
        return ""
    values = _xmp_values(metadata.get_object().data)
    return values.get(("pdfaid", "part"), "") + values.get(("pdfaid", "conformance"), "")


def _dictionary(value):
    return value.get_object() if value is not None else generic.DictionaryObject()


def _fonts_in(resources, seen):
    """The font dictionaries reachable from a resource dictionary (forms' resources too)."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in _dictionary(resources.get("/Font")).values():
        yield font.get_object()
    for xobject in _dictionary(resources.get("/XObject")).values():
        stream = xobject.get_object()
        key = id(stream)
        if key in seen or stream.get("/Subtype") != "/Form":
            continue
        seen.add(key)
        yield from _fonts_in(stream.get("/Resources"), seen)


def _appearance_streams(annotation):
    appearance = annotation.get("/AP")
    if appearance is None:
        return
    for state in appearance.get_object().values():
        state = state.get_object()
        if isinstance(state, generic.StreamObject):
            yield state
        else:  # a dictionary of appearance states
            yield from (s.get_object() for s in state.values())


def _pages(node):
    node = node.get_object()
    if node.get("/Type") == "/Pages":
        for kid in node["/Kids"]:
            yield from _pages(kid)
    else:
        yield node


def _unembedded_fonts(reader):
    missing, seen = set(), set()
    for page in _pages(reader.root["/Pages"]):
        fonts = list(_fonts_in(page.get("/Resources"), seen))
        annotations = page.get("/Annots")
        for annotation in annotations.get_object() if annotations is not None else []:
            for stream in _appearance_streams(annotation.get_object()):
                fonts.extend(_fonts_in(stream.get("/Resources"), seen))
        for font in fonts:
            if font.get("/Subtype") == "/Type3":
                continue  # glyphs drawn as content: nothing to embed
            described = font["/DescendantFonts"].get_object()[0].get_object() \
                if font.get("/Subtype") == "/Type0" else font
            descriptor = described.get("/FontDescriptor")
            if descriptor is None or not any(
                    key in descriptor.get_object() for key in FONT_FILES):
                missing.add(str(font.get("/BaseFont", "?")))
    return sorted(missing)


def _same_date(info_value, xmp_value):
    try:
        return generic.parse_pdf_date(str(info_value), strict=False) == \
            _iso(xmp_value)
    except ValueError:
        return False


def _iso(text):
    from pyhanko.pdf_utils.misc import isoparse

    return isoparse(text)


def problems(content):
    """Why the file is not PDF/A-2b as far as fonts and metadata go ([] when it holds)."""
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    found = [f"font not embedded: {name}" for name in _unembedded_fonts(reader)]
    metadata = reader.root.get("/Metadata")
    if metadata is None:
        return [*found, "no XMP metadata"]
    xmp = _xmp_values(metadata.get_object().data)
    if (xmp.get(("pdfaid", "part")), xmp.get(("pdfaid", "conformance"))) != ("2", "B"):
        found.append("no PDF/A-2b identification in the XMP metadata")
    info = reader.trailer_view.get("/Info")
    info = info.get_object() if info is not None else generic.DictionaryObject()
    for key, (prefix, name, is_date) in EQUIVALENTS.items():
        if key not in info:
            continue
        value, counterpart = info[key], xmp.get((prefix, name))
        agree = counterpart is not None and (
            _same_date(value, counterpart) if is_date else str(value) == counterpart)
        if not agree:
            found.append(f"Info {key} {str(value)!r} differs from XMP {prefix}:{name} "
                         f"{counterpart!r}")
    return found
