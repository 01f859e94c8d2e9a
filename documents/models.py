"""A rendered document kept as issued: its PDF and Word files with their SHA-256.

Generic on purpose (no domain app): whoever numbers and issues a document (reports'
IssuedDocument) points to one of these, and every later download serves these bytes."""

import hashlib

from django.db import models
from django.utils.translation import gettext_lazy as _


def _stored_path(instance, filename):
    return f"{instance.folder}/{filename}"


def sha256(content):
    return hashlib.sha256(content).hexdigest()


class StoredDocument(models.Model):
    """The files of an issued document, rendered once; never rewritten."""

    folder = models.CharField(max_length=200)  # "issued/2025/C001"
    file_stem = models.CharField(max_length=200)
    pdf = models.FileField(upload_to=_stored_path, max_length=300)
    pdf_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to=_stored_path, max_length=300)
    docx_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")

    def __str__(self):
        return self.pdf.name

    def files(self):
        """[(fmt, field file, expected hash)] of both formats."""
        return [("pdf", self.pdf, self.pdf_sha256), ("docx", self.docx, self.docx_sha256)]

    def content(self, fmt):
        field = self.pdf if fmt == "pdf" else self.docx
        with field.open("rb") as handle:
            return handle.read()

    def mismatches(self):
        """Names of the stored files whose bytes no longer hash to what was recorded."""
        found = []
        for _fmt, field, expected in self.files():
            try:
                with field.open("rb") as handle:
                    actual = sha256(handle.read())
            except FileNotFoundError:
                actual = None
            if actual != expected:
                found.append(field.name)
        return found
