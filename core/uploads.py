"""Evidence files: checked by size and by their content, not only by their name."""

import io
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ACCEPTED = {"pdf", "docx", "xlsx", "jpg", "png"}
_OOXML_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def detect_kind(upload):
    """The file's real kind from its first bytes (and, for Office files, its parts)."""
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = kind.extension if kind else None
    if extension == "zip" or (kind is None and head.startswith(b"PK\x03\x04")) or \
            extension in _OOXML_PART:
        extension = _office_kind(upload)
    return extension


def _office_kind(upload):
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    return next((kind for kind, part in _OOXML_PART.items() if part in names), None)


def check_evidence(upload):
    """Return the detected kind, or raise a ValidationError that says what is wrong."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("“%(name)s” is larger than %(mb)s MB.")
                              % {"name": upload.name, "mb": limit // 2**20})
    kind = detect_kind(upload)
    if kind not in ACCEPTED:
        raise ValidationError(
            _("“%(name)s” is not a PDF, Word (.docx), Excel (.xlsx), JPG or PNG file.")
            % {"name": upload.name}, code="unaccepted_kind")
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if extension.replace("jpeg", "jpg") != kind:
        raise ValidationError(_("“%(name)s” is named .%(extension)s but its content is %(kind)s.")
                              % {"name": upload.name, "extension": extension,
                                 "kind": kind.upper()})
    return kind
