"""The certificate's subject is shown as CN, T and O; a person's certificate whose CN is not
the signer printed on the document is flagged on the issue, verify and evidence pages."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.sign import signers
from weasyprint import HTML

from documents import model, signing
from documents.pki import ISSUING, PERSON, ROOT, pki_ensure
from documents.storage import store_rendered
from reports import services
from reports.models import ClusterSummary
from tests.conftest import at
from tests.helpers import write_report
from tests.reports.test_upload_signatures import sign_with
from tests.reports.test_verify_page import check, countersigned
from tests.reports.test_views import report_url, signed  # noqa: F401  (fixture)
from tests.reports.test_walkthrough import year_walked  # noqa: F401  (fixture)

WARNING = "không phải người ký in trên văn bản"


def person_identity():
    pki = pki_ensure()
    root = signing._load_pem_certs(pki.cert_pem(ROOT))[0]
    issuing = signing._load_pem_certs(pki.cert_pem(ISSUING))[0]
    signer = signers.SimpleSigner.load(str(pki.key_path(PERSON)), str(pki.cert_path(PERSON)),
                                       other_certs=[issuing, root])
    return signing.SigningIdentity(signer, (root,), (issuing,))


def letter(printed_name):
    return model.Document(
        governing_body="UBND TỈNH", issuing_body="CỤM THI ĐUA SỐ 1", number_label="01/BC-A",
        place="Hà Nội", date=datetime.date(2025, 7, 1), type_title="BÁO CÁO",
        blocks=[model.Paragraph("Nội dung.")],
        signature=model.Signature(title="CỤM TRƯỞNG", name=printed_name))


def test_it_shows_cn_title_and_organisation_only():
    subject = person_identity().subject
    assert signing.subject_text(subject) == \
        "Nguyễn Văn An, Cụm trưởng, Cổng thông tin thi đua (thử nghiệm)"
    assert "VN" not in signing.subject_text(subject)


@pytest.mark.parametrize(("printed", "differs"), [
    ("Trần Thị Bình", True), ("NGUYỄN  VĂN AN", False)])
def test_it_flags_a_person_signing_for_someone_else(db, printed, differs):
    stored = store_rendered(letter(printed), folder="test/names", name="bao-cao",
                            identity=person_identity())
    assert (stored.signer_differs, stored.signer_subject) == (
        differs, "Nguyễn Văn An, Cụm trưởng, Cổng thông tin thi đua (thử nghiệm)")


def test_the_organisation_seal_is_not_a_person_and_is_not_flagged(db):
    stored = store_rendered(letter("Trần Thị Bình"), folder="test/names", name="bao-cao")
    assert (stored.signer_differs, stored.signer_subject) == (
        False, "Cổng thông tin thi đua (thử nghiệm)")  # CN and O the same: shown once


@pytest.fixture
def named_head(world):
    """The head unit's leader, printed under the head's signature (before the year is walked)."""
    world.head_unit.leader_name = "Trần Thị Bình"
    world.head_unit.save()


def test_the_issue_and_verify_pages_warn(client_for, world, named_head, year_walked,  # noqa: F811
                                         monkeypatch):
    campaign, _unit = year_walked
    monkeypatch.setattr(services, "organisation_signing_identity", lambda _pk: person_identity())
    with time_machine.travel(at(world.year, 7, 23), tick=False):
        services.summary_correct(campaign=campaign, period="semiannual", by=world.users["head"],
                                 narrative="Các đơn vị tích cực.", reason="Sửa số liệu.")
    issued = ClusterSummary.objects.get().document
    head = client_for(world.users["head"])
    page = head.get(reverse("reports:summary_edit", args=[campaign.pk, "semiannual"]))
    verify = client_for(None).get(reverse("reports:verify", args=[issued.stored.verify_token]))
    for text in (page.content.decode(), verify.content.decode()):
        assert WARNING + " (Trần Thị Bình)" in text and "Nguyễn Văn An, Cụm trưởng" in text


def test_the_verify_page_warns_about_a_later_signature_by_someone_else(
        client, world, named_head, year_walked):  # noqa: F811
    stored = ClusterSummary.objects.get().document.stored
    text = check(client, stored, countersigned(stored.content("pdf"))).content.decode()
    assert "Nguyễn Văn An, Cụm trưởng" in text and WARNING + " (Trần Thị Bình)" in text


def test_the_verify_page_does_not_warn_about_the_seal(client, world, named_head,
                                                     year_walked):  # noqa: F811
    stored = ClusterSummary.objects.get().document.stored
    text = client.get(reverse("reports:verify", args=[stored.verify_token])).content.decode()
    assert WARNING not in text


def evidence(name_printed):
    pdf = HTML(string=f"<body style='font-family: Liberation Serif'><p>Biên bản họp</p>"
                      f"<p>Chủ tịch</p><p>{name_printed}</p></body>").write_pdf()
    return sign_with(pdf, pki_ensure(), PERSON, "Sig")


@pytest.mark.parametrize(("printed", "warned"), [("Trần Thị Bình", True),
                                                  ("Nguyễn Văn An", False)])
def test_the_evidence_list_warns_when_the_cn_is_not_printed(world, signed, client_for,  # noqa: F811
                                                           printed, warned):
    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
        client.post(reverse("reports:attachment_add", args=[report.pk]),
                    {"file": SimpleUploadedFile("minh-chung.pdf", evidence(printed))})
        page = client.get(report_url(signed, world.member_unit)).content.decode()
    assert "Nguyễn Văn An, Cụm trưởng" in page
    assert ("không được in trên văn bản" in page) is warned
