"""The secretariat's trust roots: PEM upload with fingerprints shown, used on uploads."""

import hashlib

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clusters import services
from clusters.models import TrustRoot
from clusters.selectors import upload_trust_anchors
from documents.pki import ORGANISATION, ROOT, pki_ensure
from tests.helpers import error_codes


@pytest.fixture
def other_pki(tmp_path):
    return pki_ensure(tmp_path / "national")


def test_the_secretariat_adds_a_root_and_sees_its_fingerprint(world, client_for, other_pki):
    client = client_for(world.users["secretariat"])
    client.post(reverse("clusters:trust_root_add"),
                {"certificate": SimpleUploadedFile("root.pem", other_pki.cert_pem(ROOT))})
    expected = hashlib.sha256(other_pki.certificate(ROOT).public_bytes(Encoding.DER)) \
        .hexdigest().upper()
    page = client.get(reverse("clusters:trust_root_list")).content.decode()
    assert ":".join(expected[i:i + 2] for i in range(0, 64, 2)) in page
    assert TrustRoot.objects.get().name == "ThiĐua Test Root CA, ThiĐua thử nghiệm"


def test_a_certificate_that_is_not_a_root_is_refused(world, other_pki):
    with pytest.raises(ValidationError) as excinfo:
        services.trust_root_add(organisation=world.org, by=world.users["secretariat"],
                                pem_data=other_pki.cert_pem(ORGANISATION))
    assert error_codes(excinfo.value) == {"not_a_root"}


def test_a_file_that_is_not_a_certificate_is_refused_in_vietnamese(world, client_for):
    client = client_for(world.users["secretariat"])
    page = client.post(reverse("clusters:trust_root_add"),
                       {"certificate": SimpleUploadedFile("x.pem", b"hello")}, follow=True)
    assert "không phải là chứng thư số PEM" in page.content.decode()
    assert not TrustRoot.objects.exists()


def test_the_same_root_twice_is_refused(world, other_pki):
    services.trust_root_add(organisation=world.org, by=world.users["secretariat"],
                            pem_data=other_pki.cert_pem(ROOT))
    with pytest.raises(ValidationError) as excinfo:
        services.trust_root_add(organisation=world.org, by=world.users["secretariat"],
                                pem_data=other_pki.cert_pem(ROOT))
    assert error_codes(excinfo.value) == {"already_trusted"}


def test_an_added_root_makes_its_signatures_trusted_on_uploads(world, other_pki):
    from weasyprint import HTML

    from documents import signing
    from tests.reports.test_upload_signatures import sign_with

    pdf = sign_with(HTML(string="<p>x</p>").write_pdf(), other_pki, ORGANISATION, "Sig")
    roots, others = upload_trust_anchors(world.org.pk)
    assert signing.check_pdf(pdf, roots=roots, others=others).status == signing.UNTRUSTED
    services.trust_root_add(organisation=world.org, by=world.users["secretariat"],
                            pem_data=other_pki.cert_pem(ROOT))
    roots, _others = upload_trust_anchors(world.org.pk)
    # the national PKI's issuing CA travels inside the signature (sign_with embeds it)
    assert signing.check_pdf(pdf, roots=roots, others=others).status == signing.INTACT
