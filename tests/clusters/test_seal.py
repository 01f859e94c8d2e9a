"""The organisation's seal: a PKCS#12 the secretariat uploads, kept encrypted, that signs the
organisation's issued documents."""

import datetime

import pytest
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from clusters import services
from clusters.models import OrganisationSeal
from clusters.selectors import upload_trust_anchors
from documents import model
from documents.pki import ISSUING, ORGANISATION, ROOT, pki_ensure
from documents.signing import check_pdf
from reports.services import document_issue
from tests.helpers import error_codes

PASSWORD = "mat-khau-dau"


@pytest.fixture
def seal_pki(tmp_path):
    return pki_ensure(tmp_path / "seal-pki")


def seal_file(pki, password=PASSWORD):
    return pkcs12.serialize_key_and_certificates(
        b"seal", pki.private_key(ORGANISATION), pki.certificate(ORGANISATION),
        [pki.certificate(ISSUING), pki.certificate(ROOT)],
        BestAvailableEncryption(password.encode()))


def upload(client, data, password=PASSWORD):
    return client.post(reverse("clusters:seal_upload"),
                       {"pkcs12": SimpleUploadedFile("seal.p12", data), "password": password},
                       follow=True)


def issue(world):
    return document_issue(
        cluster=world.cluster_a, year=world.year, type_code="BC", title="Báo cáo",
        by=world.users["head"], build=lambda issued: model.Document(
            governing_body="TỔ CHỨC", issuing_body="CỤM", number_label=issued.number_label,
            place="Hà Nội", date=datetime.date(world.year, 7, 1), type_title="BÁO CÁO",
            blocks=[model.Paragraph("Nội dung.")]))


def trust(world, pki):
    services.trust_root_add(organisation=world.org, pem_data=pki.cert_pem(ROOT),
                            by=world.users["secretariat"])


def test_the_uploaded_seal_signs_the_organisations_issued_documents(
        world, client_for, seal_pki):
    trust(world, seal_pki)
    page = upload(client_for(world.users["secretariat"]), seal_file(seal_pki))
    assert seal_pki.certificate(ORGANISATION).fingerprint(SHA256()).hex().upper() in \
        page.content.decode()
    stored = issue(world).stored
    roots, others = upload_trust_anchors(world.org.pk)
    check = check_pdf(stored.content("pdf"), roots=roots, others=others)
    assert (check.status, stored.signature_summary) == ("intact", "INTACT:TRUSTED,UNTOUCHED")
    assert check_pdf(stored.content("pdf")).status == "untrusted"  # not the portal's root


def test_a_seal_from_an_untrusted_root_is_refused(world, seal_pki):
    with pytest.raises(ValidationError) as excinfo:
        services.seal_upload(organisation=world.org, pkcs12_data=seal_file(seal_pki),
                             password=PASSWORD, by=world.users["secretariat"])
    assert error_codes(excinfo.value) == {"seal_untrusted"}


def test_the_seal_is_never_in_clear_in_the_database(world, seal_pki):
    trust(world, seal_pki)
    data = seal_file(seal_pki)
    services.seal_upload(organisation=world.org, pkcs12_data=data, password=PASSWORD,
                         by=world.users["secretariat"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT encrypted_pkcs12, encrypted_password FROM clusters_organisationseal")
        stored_file, stored_password = (bytes(v) for v in cursor.fetchone())
    assert data not in stored_file and PASSWORD.encode() not in stored_password
    assert data[:64] not in stored_file


def test_a_wrong_password_is_refused_in_vietnamese(world, client_for, seal_pki):
    trust(world, seal_pki)
    page = upload(client_for(world.users["secretariat"]), seal_file(seal_pki), password="sai")
    assert "Không mở được tệp PKCS#12" in page.content.decode()
    assert not OrganisationSeal.objects.exists()


def test_without_an_encryption_key_no_seal_is_kept(world, settings, seal_pki):
    settings.SIGNING_SEAL_KEY = ""
    with pytest.raises(ValidationError) as excinfo:
        services.seal_upload(organisation=world.org, pkcs12_data=seal_file(seal_pki),
                             password=PASSWORD, by=world.users["secretariat"])
    assert error_codes(excinfo.value) == {"no_seal_key"}
