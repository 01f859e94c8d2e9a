"""Render a document once in both formats and keep the bytes through Django's storage."""

from django.core.files.base import ContentFile

from documents.docx import render_docx
from documents.models import StoredDocument, sha256
from documents.pdf import render_pdf


def store_rendered(document, *, folder, name):
    """Render `document` as PDF and Word, save both under `folder` as `name`.pdf/.docx and
    return the StoredDocument with their SHA-256 (the caller holds the transaction)."""
    if document.draft:
        raise ValueError("A draft is never stored as issued.")
    pdf, docx = render_pdf(document), render_docx(document)
    stored = StoredDocument(folder=folder, file_stem=document.file_stem,
                            pdf_sha256=sha256(pdf), docx_sha256=sha256(docx))
    stored.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    stored.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    stored.save()
    return stored
