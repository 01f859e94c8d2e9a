"""The public page behind an issued document's QR code: what was issued, and whether a copy
is that document."""

import io

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from documents import signing
from documents.pki import ISSUING, PERSON, ROOT, pki_ensure
from reports.models import ClusterSummary
from tests.reports.test_walkthrough import year_walked  # noqa: F401  (fixture)


def issued():
    return ClusterSummary.objects.get().document


def check(client, stored, content, name="copy.pdf"):
    return client.post(reverse("reports:verify_check", args=[stored.verify_token]),
                       {"file": SimpleUploadedFile(name, content)})


def test_the_verify_url_is_the_one_printed_in_the_qr_code(world, year_walked):  # noqa: F811
    stored = issued().stored
    assert stored.verify_url == "http://127.0.0.1:8000" + reverse(
        "reports:verify", args=[stored.verify_token])


def test_anyone_sees_number_date_issuer_hashes_and_validation(client, world, year_walked):  # noqa: F811
    document = issued()
    page = client.get(reverse("reports:verify", args=[document.stored.verify_token]))
    text = page.content.decode()
    assert page.status_code == 200 and document.number_label in text
    assert document.stored.pdf_sha256 in text and document.stored.docx_sha256 in text
    assert "nguyên vẹn" in text and "INTACT:TRUSTED,UNTOUCHED" in text


def test_an_unknown_token_is_not_found(client, db):
    assert client.get(reverse("reports:verify", args=["0" * 32])).status_code == 404


def test_the_same_pdf_matches(client, world, year_walked):  # noqa: F811
    stored = issued().stored
    response = check(client, stored, stored.content("pdf"))
    assert 'data-result="identical"' in response.content.decode()
    assert "Trùng khớp:" in response.content.decode()


def test_the_same_word_file_matches(client, world, year_walked):  # noqa: F811
    stored = issued().stored
    response = check(client, stored, stored.content("docx"), name="copy.docx")
    assert 'data-result="identical"' in response.content.decode()


def test_a_changed_file_does_not_match(client, world, year_walked):  # noqa: F811
    stored = issued().stored
    content = bytearray(stored.content("pdf"))
    content[len(content) // 2] ^= 1
    response = check(client, stored, bytes(content))
    assert 'data-result="no_match"' in response.content.decode()
    assert "Không trùng khớp" in response.content.decode()


def countersigned(content):
    """The issued PDF with a second signature added by someone else (the person's key)."""
    pki = pki_ensure()
    signer = signers.SimpleSigner.load(str(pki.key_path(PERSON)), str(pki.cert_path(PERSON)),
                                       ca_chain_files=(str(pki.cert_path(ISSUING)),
                                                       str(pki.cert_path(ROOT))))
    # outside_event_loop: Playwright's loop may still run in this thread (browser tests first)
    out = signing.outside_event_loop(signers.sign_pdf)(
        IncrementalPdfFileWriter(io.BytesIO(content)),
        signers.PdfSignatureMetadata(field_name="NguoiNhan"), signer=signer)
    return out.getvalue()


def test_the_document_plus_a_later_signature_matches(client, world, year_walked):  # noqa: F811
    stored = issued().stored
    response = check(client, stored, countersigned(stored.content("pdf")))
    assert 'data-result="later_signatures"' in response.content.decode()


def test_a_request_without_a_file_says_so_in_vietnamese(client, world, year_walked):  # noqa: F811
    stored = issued().stored
    response = client.post(reverse("reports:verify_check", args=[stored.verify_token]))
    assert response.status_code == 400 and "Trường này là bắt buộc" in response.content.decode()


def test_the_page_is_rate_limited_per_address(client, world, year_walked, settings):  # noqa: F811
    settings.VERIFY_RATE_PER_MINUTE = 3
    cache.clear()
    url = reverse("reports:verify", args=[issued().stored.verify_token])
    statuses = [client.get(url).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    cache.clear()
