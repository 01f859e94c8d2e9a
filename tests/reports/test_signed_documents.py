"""Issued PDFs are signed at issue (PAdES, pyHanko): the stored bytes are the signed file's,
the validation made at issue is recorded, the stamp is drawn with an embedded font."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from pyhanko.pdf_utils.reader import PdfFileReader

from documents import signing
from documents.models import StoredDocument, sha256
from reports.models import ClusterSummary
from tests.reports.test_walkthrough import year_walked  # noqa: F401  (fixture)


def stored_pdf():
    return ClusterSummary.objects.get().document.stored


def test_the_issued_pdf_is_signed_and_its_signature_validates(world, year_walked):  # noqa: F811
    check = signing.check_pdf(stored_pdf().content("pdf"))
    assert (check.status, check.summary) == (signing.INTACT, "INTACT:TRUSTED,UNTOUCHED")


def test_the_recorded_hash_and_validation_are_the_signed_files(world, year_walked):  # noqa: F811
    stored = stored_pdf()
    content = stored.content("pdf")
    assert b"/ByteRange" in content and sha256(content) == stored.pdf_sha256
    assert (stored.signed_by, stored.signature_summary) == (
        "Cổng thông tin thi đua (thử nghiệm)", "INTACT:TRUSTED,UNTOUCHED")


def test_the_signing_time_carries_the_plus_seven_offset(world, year_walked):  # noqa: F811
    reader = PdfFileReader(io.BytesIO(stored_pdf().content("pdf")))
    (signature,) = reader.embedded_signatures
    assert str(signature.sig_object["/M"]).endswith("+07'00'")
    assert stored_pdf().signed_at.utcoffset() is not None


def actual_texts(content_stream):
    """The /ActualText strings of a content stream (PDF literal strings, UTF-16)."""
    texts = []
    for literal in re.findall(rb"/ActualText \(((?:\\.|[^\\)])*)\)", content_stream):
        raw = re.sub(rb"\\([0-7]{1,3})", lambda m: bytes([int(m.group(1), 8)]), literal)
        raw = re.sub(rb"\\(.)", rb"\1", raw)
        texts.append(raw.decode("utf-16"))
    return texts


def test_the_stamp_says_the_time_is_the_servers_without_a_tsa(world, year_walked):  # noqa: F811
    reader = PdfFileReader(io.BytesIO(stored_pdf().content("pdf")))
    (signature,) = reader.embedded_signatures
    appearance = signature.sig_field["/AP"]["/N"]
    texts = []

    def walk(xobject):
        texts.append(xobject.data)
        for sub in xobject.get("/Resources", {}).get("/XObject", {}).values():
            walk(sub.get_object())

    walk(appearance.get_object())
    lines = actual_texts(b" ".join(texts))  # pyHanko tags each stamp line with its text
    assert any("giờ của máy chủ" in line for line in lines)
    assert any(line.startswith("Ký số bởi: Cổng thông tin thi đua") for line in lines)


def test_every_font_of_the_signed_pdf_is_embedded(world, year_walked, tmp_path):  # noqa: F811
    path = tmp_path / "signed.pdf"
    path.write_bytes(stored_pdf().content("pdf"))
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    assert len(rows) >= 2 and all(" yes yes " in row for row in rows)


def scanned_qr(content, tmp_path):
    """What zbarimg reads on page 1 rendered at 150 dpi, as a scanner would see a printout."""
    (tmp_path / "doc.pdf").write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png",
                    str(tmp_path / "doc.pdf"), str(tmp_path / "page")], check=True)
    (page,) = tmp_path.glob("page*.png")
    return subprocess.run(["zbarimg", "--quiet", "--raw", str(page)], capture_output=True,
                          text=True, check=True).stdout.strip()


def test_page_one_carries_a_qr_code_to_the_verify_page(world, year_walked, tmp_path):  # noqa: F811
    stored = stored_pdf()
    assert scanned_qr(stored.content("pdf"), tmp_path) == \
        f"http://127.0.0.1:8000/verify/{stored.verify_token}"
    assert len(stored.verify_token) == 32


def test_the_scanned_url_opens_the_page_that_checks_copies(
        client, world, year_walked, tmp_path):  # noqa: F811
    issued = ClusterSummary.objects.get().document
    content = issued.stored.content("pdf")
    path = urlsplit(scanned_qr(content, tmp_path)).path
    assert issued.number_label in client.get(path).content.decode()
    changed = bytearray(content)
    changed[len(changed) // 3] ^= 1
    results = [client.post(f"{path}/check", {"file": SimpleUploadedFile("a.pdf", body)})
               .content.decode() for body in (content, bytes(changed))]
    assert 'data-result="identical"' in results[0] and 'data-result="no_match"' in results[1]


def validate_with_pyhanko(folder, pdf):
    return subprocess.run(
        ["pyhanko", "sign", "validate", "--no-revocation-check", "--trust-replace",
         "--trust", str(folder / "trust-root.pem"), "--other-certs",
         str(folder / "issuing-ca.pem"), str(pdf)],
        capture_output=True, text=True, env={**os.environ, "PATH": PYHANKO_PATH})


PYHANKO_PATH = f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}"


def exported(tmp_path):
    call_command("issued_documents", "--export", str(tmp_path / "out"), stdout=io.StringIO())
    folder = tmp_path / "out"
    return folder, sorted(folder.rglob("*.pdf"))


def test_the_export_writes_the_stored_files_and_the_trust_anchors(world, year_walked, tmp_path):  # noqa: F811
    folder, pdfs = exported(tmp_path)
    stored = stored_pdf()
    # The summary's and the concluded pledge's files: every stored document.
    assert sorted(p.read_bytes() for p in pdfs) == sorted(
        s.content("pdf") for s in StoredDocument.objects.all())
    assert len(pdfs) == StoredDocument.objects.count() == 2
    assert (folder / stored.docx.name).read_bytes() == stored.content("docx")
    assert (folder / "trust-root.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE")


def test_pyhanko_validates_every_exported_pdf_as_intact_and_trusted(
        world, year_walked, tmp_path):  # noqa: F811
    folder, pdfs = exported(tmp_path)
    for pdf in pdfs:
        result = validate_with_pyhanko(folder, pdf)
        assert any(line.endswith("INTACT:TRUSTED,UNTOUCHED")
                   for line in result.stdout.splitlines()), result.stdout + result.stderr


def test_pyhanko_says_invalid_after_one_byte_of_the_signed_range_changes(
        world, year_walked, tmp_path):  # noqa: F811
    folder = exported(tmp_path)[0]
    pdf = folder / stored_pdf().pdf.name
    content = bytearray(pdf.read_bytes())
    reader = PdfFileReader(io.BytesIO(bytes(content)))
    (signature,) = reader.embedded_signatures
    first_range_end = signature.byte_range[1]
    position = content.index(b"\n%") + 2  # the binary comment under the header: parses still
    assert position < first_range_end
    content[position] ^= 1
    pdf.write_bytes(bytes(content))
    result = validate_with_pyhanko(folder, pdf)
    assert "INVALID" in result.stdout and result.returncode == 1
