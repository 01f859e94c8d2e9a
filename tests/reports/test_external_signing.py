"""Signing on a token: certificate first, digest out, signature in; the result validates.
A software key (the test PKI's person) stands in for the token."""

import datetime
import hashlib
import subprocess

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, utils
from django.core.exceptions import ValidationError

from documents import external, signing
from documents.pki import ORGANISATION, PERSON, ROOT, pki_ensure
from reports.models import ClusterSummary
from tests.helpers import error_codes
from tests.reports.test_signed_documents import PYHANKO_PATH
from tests.reports.test_walkthrough import year_walked  # noqa: F401  (fixture)


def stored():
    return ClusterSummary.objects.get().document.stored


def token_sign(digest, key_name=PERSON, pki=None):
    """What the token does: sign the digest with the key it holds."""
    key = (pki or pki_ensure()).private_key(key_name)
    return key.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))


def begin(world, **kwargs):
    return external.external_signing_begin(
        stored=stored(), certificate_pem=pki_ensure().cert_pem(PERSON).decode(),
        by=world.users["head"], **kwargs)


def test_the_token_signature_completes_a_pdf_that_validates(world, year_walked, tmp_path):  # noqa: F811
    session = begin(world)
    session = external.external_signing_finish(
        session=session, signature_value=token_sign(external.digest(session)))
    signed = session.signed_pdf.read()
    check = signing.check_pdf(signed)
    assert (check.status, check.signer) == (signing.LATER_SIGNATURE, "Nguyễn Văn An")
    pki = pki_ensure()
    (tmp_path / "signed.pdf").write_bytes(signed)
    result = subprocess.run(
        ["pyhanko", "sign", "validate", "--no-revocation-check", "--trust-replace",
         "--trust", str(pki.cert_path(ROOT)), "--other-certs", str(pki.cert_path("issuing-ca")),
         str(tmp_path / "signed.pdf")], capture_output=True, text=True,
        env={"PATH": PYHANKO_PATH})
    lines = result.stdout.splitlines()
    assert any(line.startswith("KySo1:") and line.endswith("INTACT:TRUSTED,UNTOUCHED")
               for line in lines), result.stdout + result.stderr


def test_the_stored_issue_is_left_as_it_was(world, year_walked):  # noqa: F811
    before = stored().content("pdf")
    session = begin(world)
    session = external.external_signing_finish(
        session=session, signature_value=token_sign(external.digest(session)))
    assert stored().content("pdf") == before and session.signed_pdf_sha256


def test_one_open_session_per_document(world, year_walked):  # noqa: F811
    begin(world)
    with pytest.raises(ValidationError) as excinfo:
        begin(world)
    assert error_codes(excinfo.value) == {"session_open"}


def test_an_expired_session_refuses_the_signature_and_a_new_one_opens(world, year_walked):  # noqa: F811
    session = begin(world)
    later = session.expires_at + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError) as excinfo:
        external.external_signing_finish(
            session=session, signature_value=token_sign(external.digest(session)), now=later)
    assert error_codes(excinfo.value) == {"session_expired"}
    assert begin(world, now=later).pk != session.pk


def test_a_signature_by_another_key_is_refused(world, year_walked):  # noqa: F811
    session = begin(world)
    with pytest.raises(ValidationError) as excinfo:
        external.external_signing_finish(
            session=session, signature_value=token_sign(external.digest(session), ORGANISATION))
    assert error_codes(excinfo.value) == {"signature_invalid"}
    session.refresh_from_db()
    assert session.completed_at is None


def test_a_certificate_from_an_unknown_root_is_refused_before_signing(
        world, year_walked, tmp_path):  # noqa: F811
    stranger = pki_ensure(tmp_path / "stranger")
    with pytest.raises(ValidationError) as excinfo:
        external.external_signing_begin(stored=stored(),
                                        certificate_pem=stranger.cert_pem(PERSON).decode(),
                                        by=world.users["head"])
    assert error_codes(excinfo.value) == {"certificate_untrusted"}


def test_the_head_signs_through_the_json_endpoints(world, year_walked, client_for):  # noqa: F811
    import base64

    from django.urls import reverse

    issued = ClusterSummary.objects.get().document
    client = client_for(world.users["head"])
    begun = client.post(reverse("reports:token_sign_begin", args=[issued.pk]),
                        {"certificate": pki_ensure().cert_pem(PERSON).decode()}).json()
    signature = token_sign(base64.b64decode(begun["digest"]))
    finished = client.post(
        reverse("reports:token_sign_finish", args=[issued.pk, begun["session"]]),
        {"signature": base64.b64encode(signature).decode()}).json()
    signed = client.get(finished["download"]).content
    assert signing.check_pdf(signed).status == signing.LATER_SIGNATURE
    assert finished["sha256"] == hashlib.sha256(signed).hexdigest()


def test_an_untrusted_certificate_is_refused_in_vietnamese(world, year_walked, client_for,  # noqa: F811
                                                           tmp_path):
    from django.urls import reverse

    issued = ClusterSummary.objects.get().document
    response = client_for(world.users["head"]).post(
        reverse("reports:token_sign_begin", args=[issued.pk]),
        {"certificate": pki_ensure(tmp_path / "x").cert_pem(PERSON).decode()})
    assert response.status_code == 400
    assert "không được tin cậy" in response.json()["error"]
