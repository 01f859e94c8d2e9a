"""Signing on a person's token: pyHanko's interrupted signing, in two requests.

1. `external_signing_begin`: the signer's certificate first (the portal checks it chains to a
   trusted root and may sign documents), then the portal adds a signature field to the issued
   PDF, reserves room for the CMS, and hands out what the token must sign: the DER of the CMS
   signed attributes (`to_sign`) and its SHA-256 (`digest`), for tokens that sign a digest.
2. `external_signing_finish`: the token's raw signature value comes back; the portal builds
   the CMS around it (`ExternalSigner.async_sign_prescribed_attributes`), puts it into the
   reserved room (`PdfTBSDocument.async_finish_signing`) and checks the result.

The session is kept in the database in between (the prepared PDF, the byte range digest, the
signed attributes), so the two requests may reach different app servers. An agency plugs in its
signing service by turning `to_sign`/`digest` into the service's request and the service's
answer into `signature_value` (README, "Signing on a token")."""

import asyncio
import datetime
import io

from asn1crypto import cms, pem
from asn1crypto import x509 as asn1_x509
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator import CertificateValidator
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from core.audit import audit_action
from documents import signing
from documents.models import ExternalSigningSession, sha256

SESSION_MINUTES = 15
MD = "sha256"


def _certificate(certificate_pem):
    data = certificate_pem.encode() if isinstance(certificate_pem, str) else certificate_pem
    try:
        if pem.detect(data):
            _type, _headers, data = pem.unarmor(data)
        cert = asn1_x509.Certificate.load(data)
        cert.native  # noqa: B018  (parses the whole structure: bad input fails here)
    except (ValueError, TypeError) as error:
        raise ValidationError(_("The signer's certificate cannot be read."),
                              code="certificate_unreadable") from error
    return cert


def _check_certificate(cert):
    """The certificate leads to a trusted root and may sign (Circular 15/2025: the signing
    software checks the certificate before signing)."""
    roots, others = signing.trust_roots()
    context = signing.signing_identity().validation_context()
    validator = CertificateValidator(cert, intermediate_certs=others, validation_context=context)
    try:
        signing.outside_event_loop(asyncio.run)(
            validator.async_validate_usage({"digital_signature"}))
    except (PathBuildingError, PathValidationError) as error:
        raise ValidationError(_("The signer's certificate is not trusted or may not sign "
                                "documents."), code="certificate_untrusted") from error
    return roots, others


def _signer(cert, chain, signature_value=None):
    return signers.ExternalSigner(
        signing_cert=cert, cert_registry=SimpleCertificateStore.from_certs(chain),
        signature_value=signature_value)


@transaction.atomic
@audit_action("document.external_signing_begin")
def external_signing_begin(*, stored, certificate_pem, by, now=None):
    """Open the signing session of `stored` for the holder of `certificate_pem`; returns the
    session (its `to_sign` and `digest` go to the token)."""
    now = now or timezone.now()
    cert = _certificate(certificate_pem)
    roots, others = _check_certificate(cert)
    ExternalSigningSession.objects.filter(stored=stored, completed_at__isnull=True,
                                          expires_at__lte=now).delete()
    if ExternalSigningSession.objects.filter(stored=stored, completed_at__isnull=True).exists():
        raise ValidationError(_("A signing session for this document is already open."),
                              code="session_open")
    field_name = f"KySo{ExternalSigningSession.objects.filter(stored=stored).count() + 1}"
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm=MD,
        embed_validation_info=True, validation_context=signing.signing_identity()
        .validation_context(), dss_settings=signing.DSSContentSettings(
            placement=signing.SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE,
            include_vri=False))
    signer = _signer(cert, [*others, *roots])
    pdf_signer = signers.PdfSigner(meta, signer=signer)

    async def prepare():
        writer = IncrementalPdfFileWriter(io.BytesIO(stored.content("pdf")))
        prepared, _tbs, output = await pdf_signer.async_digest_doc_for_signing(writer)
        attributes = await signer.signed_attrs(prepared.document_digest, MD, use_pades=True)
        return prepared, output.getvalue(), attributes.dump()

    prepared, prepared_pdf, attributes = signing.outside_event_loop(asyncio.run)(prepare())
    subject = cert.subject.native
    return ExternalSigningSession.objects.create(
        stored=stored, certificate_pem=pem.armor("CERTIFICATE", cert.dump()).decode(),
        signer_name=subject.get("common_name", "")[:255], prepared_pdf=prepared_pdf,
        document_digest=prepared.document_digest, reserved_start=prepared.reserved_region_start,
        reserved_end=prepared.reserved_region_end, signed_attributes=attributes,
        created_by=by, expires_at=now + datetime.timedelta(minutes=SESSION_MINUTES))


def to_sign(session):
    """The DER bytes the token signs (the CMS signed attributes)."""
    return bytes(session.signed_attributes)


def digest(session):
    """SHA-256 of `to_sign`, for tokens and services that sign a digest."""
    import hashlib

    return hashlib.sha256(to_sign(session)).digest()


@transaction.atomic
@audit_action("document.external_signing_finish")
def external_signing_finish(*, session, signature_value, now=None):
    """Put the token's signature into the prepared PDF; store and return the signed file.
    A wrong or late signature leaves the session as it was."""
    now = now or timezone.now()
    session = ExternalSigningSession.objects.select_for_update().get(pk=session.pk)
    if session.completed_at is not None:
        raise ValidationError(_("This signing session is already finished."),
                              code="session_finished")
    if session.expires_at <= now:
        raise ValidationError(_("This signing session has expired: start again."),
                              code="session_expired")
    cert = _certificate(session.certificate_pem)
    roots, others = signing.trust_roots()
    signer = _signer(cert, [*others, *roots], signature_value=bytes(signature_value))
    prepared = PreparedByteRangeDigest(
        document_digest=bytes(session.document_digest),
        reserved_region_start=session.reserved_start, reserved_region_end=session.reserved_end)

    async def finish():
        attributes = cms.CMSAttributes.load(to_sign(session))
        container = await signer.async_sign_prescribed_attributes(MD, signed_attrs=attributes)
        output = io.BytesIO(bytes(session.prepared_pdf))
        await PdfTBSDocument.async_finish_signing(output, prepared, container)
        return output.getvalue()

    try:
        signed = signing.outside_event_loop(asyncio.run)(finish())
    except ValueError as error:  # the signature does not fit the room reserved for it
        raise ValidationError(_("The signature returned by the token is not valid for this "
                                "document."), code="signature_invalid") from error
    check = signing.check_pdf(signed)
    if check.status not in (signing.INTACT, signing.LATER_SIGNATURE) or \
            check.signer != session.signer_name:
        raise ValidationError(_("The signature returned by the token is not valid for this "
                                "document."), code="signature_invalid")
    name = session.stored.pdf.name.rsplit("/", 1)[-1].removesuffix(".pdf")
    session.signed_pdf.save(f"{name}-ky-so-{session.pk}.pdf", ContentFile(signed), save=False)
    session.signed_pdf_sha256 = sha256(signed)
    session.completed_at = now
    session.save()
    return session
