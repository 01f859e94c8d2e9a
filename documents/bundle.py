"""Several documents as one PDF (pages joined) or as a ZIP of Word files."""

import dataclasses
import io
import zipfile

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from documents import model
from documents.docx import render_docx
from documents.pdf import ProjectFilesFetcher


def bundle_pdf(documents):
    rendered = [HTML(string=render_to_string("documents/document.html", {"doc": d, "m": model}),
                     base_url=str(settings.BASE_DIR / "static"),
                     url_fetcher=ProjectFilesFetcher()).render() for d in documents]
    pages = [page for doc in rendered for page in doc.pages]
    return rendered[0].copy(pages).write_pdf()


def bundle_docx_zip(documents):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, 1):
            archive.writestr(f"{number:02d}-{document.file_stem}.docx", render_docx(document))
    return buffer.getvalue()


def signed_package(documents):
    """A ZIP for the level above: each document's signed PDF and its Word file, and
    manifest.json (file, kind, number, date, SHA-256, signer) with its detached CMS signature
    manifest.json.p7s made by the portal's signing identity (issue 15 §7)."""
    import json

    from documents.models import sha256
    from documents.signing import iso_now, sign_detached
    from documents.storage import render_signed_pdf

    buffer = io.BytesIO()
    entries = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, document in enumerate(documents, 1):
            stem = f"{number:02d}-{document.file_stem}"
            signed = dataclasses.replace(document, signed=True,
                                         annex_signed_at=iso_now() if document.annex else "")
            for fmt, content in (("pdf", render_signed_pdf(signed)),
                                 ("docx", render_docx(document))):
                name = f"{stem}.{fmt}"
                archive.writestr(name, content)
                entries.append({
                    "file": name, "kind": document.type_title, "format": fmt,
                    "number": document.number_label, "date": document.date.isoformat(),
                    "sha256": sha256(content),
                    "signer": document.signature.name if document.signature else ""})
        manifest = json.dumps({"files": entries}, ensure_ascii=False, indent=2).encode()
        archive.writestr("manifest.json", manifest)
        archive.writestr("manifest.json.p7s", sign_detached(manifest))
    return buffer.getvalue()
