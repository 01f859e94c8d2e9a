"""A rendered document kept as issued: its PDF and Word files with their SHA-256.

Generic on purpose (no domain app): whoever numbers and issues a document (reports'
IssuedDocument) points to one of these, and every later download serves these bytes."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _stored_path(instance, filename):
    return f"{instance.folder}/{filename}"


def new_verify_token():
    """128 random bits, as 32 hex digits: the public key of /verify/<token>."""
    return secrets.token_hex(16)


VERIFY_PATH = "/verify/"  # reports/urls.py serves the page at this path


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
    # Printed as a QR code on page 1; documents stored before there was one have none (NULL,
    # not "": empty strings would collide on the unique index).
    verify_token = models.CharField(max_length=32, unique=True, null=True, editable=False,  # noqa: DJ001
                                    default=new_verify_token)
    # The PDF's signature as validated right after signing (documents/signing.py): who, when
    # and pyHanko's summary ("INTACT:TRUSTED,UNTOUCHED"); empty for documents issued unsigned.
    signed_by = models.CharField(_("signed by"), max_length=255, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signature_summary = models.CharField(_("signature validation"), max_length=200,
                                         blank=True)
    # The certificate's subject as shown (CN, T, O), and whether it is a person's certificate
    # whose CN is not the signer printed in the signature block (a warning on every page).
    signer_subject = models.CharField(_("certificate subject"), max_length=255, blank=True)
    signer_differs = models.BooleanField(_("certificate holder differs from the printed signer"),
                                         default=False)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")

    def __str__(self):
        return self.pdf.name

    @property
    def verify_url(self):
        return f"{settings.SITE_URL}{VERIFY_PATH}{self.verify_token}" if self.verify_token \
            else ""

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


class ExternalSigningSession(models.Model):
    """A signature made outside the portal, on a person's token (keys never leave it), under
    way: pyHanko's interrupted signing (documents/external.py). The portal prepared the PDF
    for the signer's certificate and handed out the digest; it waits for the signature value
    until `expires_at`. One open session per document."""

    stored = models.ForeignKey(StoredDocument, on_delete=models.CASCADE,
                               related_name="signing_sessions")
    certificate_pem = models.TextField()
    signer_name = models.CharField(max_length=255)  # the certificate's CN
    prepared_pdf = models.BinaryField()  # the PDF with the placeholder the CMS goes into
    document_digest = models.BinaryField()
    reserved_start = models.PositiveIntegerField()
    reserved_end = models.PositiveIntegerField()
    signed_attributes = models.BinaryField()  # DER: what the token signs
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    signed_pdf = models.FileField(upload_to=_stored_path, max_length=300, blank=True)
    signed_pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["stored"], condition=models.Q(completed_at__isnull=True),
            name="one_open_signing_session_per_document",
            violation_error_message=_("A signing session for this document is already open."))]

    def __str__(self):
        return f"{self.stored} ← {self.signer_name}"

    @property
    def folder(self):  # where the signed file goes (_stored_path)
        return self.stored.folder
