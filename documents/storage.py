"""Render a document once in both formats and keep the bytes through Django's storage."""

import dataclasses
import logging

from django.core.files.base import ContentFile

from core.http import document_response
from documents import pdfa
from documents.docx import render_docx
from documents.models import StoredDocument, new_verify_token, sha256
from documents.pdf import render_pdf
from documents.signing import (
    check_pdf,
    iso_now,
    printed_signer_differs,
    sign_pdf,
    signing_identity,
)

logger = logging.getLogger(__name__)


def render_signed_pdf(document, identity=None):
    """The document as a signed PDF/A-2b, checked on the signed file (fonts embedded, Info
    and XMP agreeing: documents/pdfa.py). Should signing ever break that, the document is
    rendered again without the PDF/A identification: a file never claims PDF/A it is not."""
    signed = sign_pdf(render_pdf(document, variant=pdfa.VARIANT), identity)
    found = pdfa.problems(signed)
    if not found:
        return signed
    logger.warning("PDF/A-2b does not hold after signing (%s): issued without the PDF/A "
                   "identification", "; ".join(found))
    return sign_pdf(render_pdf(document), identity)


def freeze(document, *, folder):
    """Store a document that has no number of its own (the pledge, a results table, a
    decision recorded from the council) under its file name."""
    return store_rendered(document, folder=folder, name=document.file_stem)


def stored_response(stored, fmt, *, replaced=False):
    """The stored files, byte for byte; a replaced one says so in its file name."""
    return document_response(stored.content(fmt),
                             stored.file_stem + ("-da-thay-the" if replaced else ""), fmt)


def store_rendered(document, *, folder, name, identity=None):
    """Render `document` as PDF and Word, save both under `folder` as `name`.pdf/.docx and
    return the StoredDocument with their SHA-256 (the caller holds the transaction).
    The PDF is signed (PAdES) as rendered; the hash and the validation kept are the signed
    file's. `identity`: who signs (documents.signing.SigningIdentity; default the portal)."""
    if document.draft:
        raise ValueError("A draft is never stored as issued.")
    token = new_verify_token()
    document = dataclasses.replace(
        document, verify_url=StoredDocument(verify_token=token).verify_url, signed=True,
        annex_signed_at=iso_now() if document.annex else "")
    identity = identity or signing_identity()
    pdf, docx = render_signed_pdf(document, identity), render_docx(document)
    check = check_pdf(pdf, roots=list(identity.trust_roots), others=list(identity.other_certs))
    stored = StoredDocument(folder=folder, file_stem=document.file_stem, verify_token=token,
                            pdf_sha256=sha256(pdf), docx_sha256=sha256(docx),
                            signed_by=check.signer, signed_at=check.signed_at,
                            signature_summary=check.summary, signer_subject=check.subject,
                            signer_differs=printed_signer_differs(
                                check.subject_fields,
                                document.signature.name if document.signature else ""))
    stored.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
    stored.docx.save(f"{name}.docx", ContentFile(docx), save=False)
    stored.save()
    return stored
