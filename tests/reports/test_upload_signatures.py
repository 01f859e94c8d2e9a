"""Evidence uploaded as a PDF shows who signed it, when, and whether it is as signed."""

import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from weasyprint import HTML

from documents import signing
from documents.pki import ISSUING, ORGANISATION, PERSON, ROOT, pki_ensure
from reports import services
from tests.conftest import at
from tests.helpers import write_report
from tests.reports.test_views import report_url, signed  # noqa: F401  (fixture)


@pytest.fixture(scope="module")
def plain_pdf():
    return HTML(string="<p style='font-family: Liberation Serif'>Biên bản họp</p>").write_pdf()


@pytest.fixture(scope="module")
def signed_pdf(plain_pdf):
    return signing.sign_pdf(plain_pdf)


def sign_with(content, pki, name, field):
    signer = signers.SimpleSigner.load(str(pki.key_path(name)), str(pki.cert_path(name)),
                                       ca_chain_files=(str(pki.cert_path(ISSUING)),
                                                       str(pki.cert_path(ROOT))))
    # through outside_event_loop: browser tests earlier in the run leave Playwright's loop running
    sign = signing.outside_event_loop(signers.sign_pdf)
    return sign(IncrementalPdfFileWriter(io.BytesIO(content)),
                signers.PdfSignatureMetadata(field_name=field), signer=signer).getvalue()


def changed(content):
    """One byte of the page's content stream changed: still a PDF, no longer as signed."""
    content = bytearray(content)
    start = content.index(b"stream\n") + len(b"stream\n")
    content[start + 5] ^= 1
    return bytes(content)


def test_a_signed_pdf_is_intact(signed_pdf):
    check = signing.check_pdf(signed_pdf)
    assert (check.status, check.signer) == (signing.INTACT, "Cổng thông tin thi đua (thử nghiệm)")


def test_one_changed_byte_is_a_modification_after_signing(signed_pdf):
    assert signing.check_pdf(changed(signed_pdf)).status == signing.MODIFIED


def test_an_unsigned_pdf_says_so(plain_pdf):
    assert signing.check_pdf(plain_pdf).status == signing.UNSIGNED


def test_a_signature_from_an_unknown_root_is_untrusted(plain_pdf, tmp_path):
    stranger = pki_ensure(tmp_path / "other-pki")
    check = signing.check_pdf(sign_with(plain_pdf, stranger, ORGANISATION, "Sig"))
    assert check.status == signing.UNTRUSTED


def test_a_later_signature_only_is_recognised(signed_pdf):
    countersigned = sign_with(signed_pdf, pki_ensure(), PERSON, "NguoiNhan")
    check = signing.check_pdf(countersigned)
    assert (check.status, check.signer, check.signatures) == (
        signing.LATER_SIGNATURE, "Nguyễn Văn An", 2)


def test_a_forged_signature_value_is_invalid(signed_pdf):
    """The signed bytes untouched, the signature value itself altered (its last byte)."""
    from asn1crypto import cms

    start = signed_pdf.index(b"/Contents <") + len(b"/Contents <")
    end = signed_pdf.index(b">", start)
    hex_cms = signed_pdf[start:end]
    info = cms.ContentInfo.load(bytes.fromhex(hex_cms.decode()), strict=False)
    signer_info = info["content"]["signer_infos"][0]
    value = bytearray(signer_info["signature"].native)
    value[-1] ^= 1
    signer_info["signature"] = bytes(value)
    forged = info.dump(force=True).hex().encode()
    forged += b"0" * (len(hex_cms) - len(forged))
    assert signing.check_pdf(signed_pdf[:start] + forged + signed_pdf[end:]).status == \
        signing.INVALID


@pytest.mark.parametrize(("content", "shown"), [
    ("signed", "nguyên vẹn"), ("changed", "bị sửa đổi sau khi ký"),
    ("plain", "không có chữ ký số")])
def test_the_evidence_list_shows_the_signature(world, signed, client_for, signed_pdf,  # noqa: F811
                                               plain_pdf, content, shown):
    body = {"signed": signed_pdf, "changed": changed(signed_pdf), "plain": plain_pdf}[content]
    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
        client.post(reverse("reports:attachment_add", args=[report.pk]),
                    {"file": SimpleUploadedFile("minh-chung.pdf", body)})
        page = client.get(report_url(signed, world.member_unit)).content.decode()
    assert shown in page
    if content == "signed":
        assert "Cổng thông tin thi đua (thử nghiệm)" in page


def test_other_kinds_carry_no_signature_status(world, signed):  # noqa: F811
    from tests.reports.files import png_upload

    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
    attachment = services.attachment_add(report=report, upload=png_upload(),
                                         user=world.users["member"])
    assert attachment.signature_status == ""
