"""The organisation's seal (PKCS#12): kept encrypted with SIGNING_SEAL_KEY from the
environment, decrypted only in memory when a document is signed."""

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from documents.signing import identity_from_pkcs12


def _fernet():
    if not settings.SIGNING_SEAL_KEY:
        raise ImproperlyConfigured("SIGNING_SEAL_KEY is not set.")
    return Fernet(settings.SIGNING_SEAL_KEY.encode())


def seal_encrypt(data):
    return _fernet().encrypt(data)


def seal_decrypt(token):
    return _fernet().decrypt(bytes(token))


def organisation_signing_identity(organisation_id):
    """The identity that signs the organisation's issued documents: its seal when the
    secretariat uploaded one, else None (the portal's own identity signs)."""
    from clusters.models import OrganisationSeal
    from clusters.selectors import upload_trust_anchors

    seal = OrganisationSeal.objects.filter(organisation_id=organisation_id).first()
    if seal is None:
        return None
    try:
        data, password = seal_decrypt(seal.encrypted_pkcs12), seal_decrypt(
            seal.encrypted_password).decode()
    except (InvalidToken, ImproperlyConfigured) as error:
        raise ImproperlyConfigured(
            "The organisation's seal cannot be decrypted: SIGNING_SEAL_KEY changed or is "
            "missing.") from error
    roots, _others = upload_trust_anchors(organisation_id)
    return identity_from_pkcs12(data, password, extra_roots=roots)
