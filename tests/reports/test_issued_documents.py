"""Issuing freezes a document: stored PDF and Word with their hashes, served as issued;
a correction replaces it under a new number; drafts say DỰ THẢO on every page."""

import datetime
import io

import docx
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from campaigns import services as campaign_services
from clusters.models import Unit
from documents.docx import render_docx
from documents.models import StoredDocument, sha256
from documents.pdf import render_pdf
from reports import services
from reports.documents import summary_document
from reports.models import ClusterSummary, IssuedDocument, Report
from tests.conftest import at
from tests.helpers import error_codes, pdf_text, write_report
from tests.reports.test_walkthrough import year_walked  # noqa: F401  (fixture)


def download(client, campaign, fmt):
    response = client.get(reverse("reports:summary_download",
                                  args=[campaign.pk, "semiannual", fmt]))
    assert response.status_code == 200
    return b"".join(response) if response.streaming else response.content


def test_the_issued_summary_downloads_byte_for_byte_after_live_data_changes(
        world, year_walked, client_for):  # noqa: F811
    campaign, missing_unit = year_walked
    client = client_for(world.users["member"])
    issued_pdf, issued_docx = download(client, campaign, "pdf"), download(client, campaign,
                                                                          "docx")
    y = world.year
    with time_machine.travel(at(y, 7, 25), tick=False):  # a late report, accepted after issue
        campaign_services.deadline_extend(
            campaign=campaign, deadline="semiannual", unit=missing_unit,
            new_due=datetime.date(y, 7, 30), reason="Bổ sung", by=world.users["head"])
        report = write_report(campaign, missing_unit, "semiannual",
                              {"Tuyên truyền pháp luật": 12})
        services.report_submit(report=report, user=missing_unit.representatives.get().user)
        services.report_accept(report=report)
    Unit.objects.filter(pk=world.member_unit.pk).update(name="Hội Luật gia (tên mới)")
    live = pdf_text(render_pdf(summary_document(ClusterSummary.objects.get(), world.users["head"])))
    assert "tên mới" in live and Report.objects.filter(status="accepted").exists()
    assert download(client, campaign, "pdf") == issued_pdf
    assert download(client, campaign, "docx") == issued_docx


def test_issuing_records_hashes_number_date_issuer_and_signer(world, year_walked):  # noqa: F811
    issued = ClusterSummary.objects.get().document
    stored = issued.stored
    assert sha256(stored.content("pdf")) == stored.pdf_sha256
    assert sha256(stored.content("docx")) == stored.docx_sha256
    assert stored.pdf.name.startswith(f"issued/{world.year}/{world.cluster_a.code}/01-")
    assert (issued.number_label, issued.issued_by, issued.signer_title) == (
        "01/BC-A", world.users["head"], f"TM. {world.cluster_a.name.upper()} CỤM TRƯỞNG")


def test_the_issued_files_carry_no_draft_mark(world, year_walked):  # noqa: F811
    stored = ClusterSummary.objects.get().document.stored
    assert "DỰ THẢO" not in pdf_text(stored.content("pdf"))
    word = docx.Document(io.BytesIO(stored.content("docx")))
    assert not any("DỰ THẢO" in p.text for p in word.sections[0].header.paragraphs)


def test_a_draft_says_du_thao_on_every_page_in_pdf_and_word(world, campaign):
    summary = ClusterSummary(campaign=campaign, period="semiannual", narrative="x\n" * 120)
    document = summary_document(summary, world.users["head"])
    pages = pdf_text(render_pdf(document)).split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) > 1 and all("DỰ THẢO" in page for page in pages)
    section = docx.Document(io.BytesIO(render_docx(document))).sections[0]
    assert all(any(p.text == "DỰ THẢO" for p in header.paragraphs)
               for header in (section.first_page_header, section.header))


def test_a_correction_replaces_the_issue_which_stays_downloadable_marked(
        world, year_walked, client_for):  # noqa: F811
    campaign, _missing = year_walked
    first = ClusterSummary.objects.get().document
    services.summary_correct(campaign=campaign, period="semiannual", narrative="Đã sửa.",
                             reason="Sai số liệu", by=world.users["head"])
    current = ClusterSummary.objects.get().document
    assert (current.number_label, current.replaces, current.replace_reason) == (
        "02/BC-A", first, "Sai số liệu")
    response = client_for(world.users["member"]).get(
        reverse("reports:issued_download", args=[first.pk, "pdf"]))
    assert b"".join(response) == first.stored.content("pdf") if response.streaming else \
        response.content == first.stored.content("pdf")
    assert "da-thay-the.pdf" in response["Content-Disposition"]


def test_a_correction_needs_a_reason(world, year_walked):  # noqa: F811
    campaign, _missing = year_walked
    with pytest.raises(ValidationError) as excinfo:
        services.summary_correct(campaign=campaign, period="semiannual", narrative="Đã sửa.",
                                 reason=" ", by=world.users["head"])
    assert error_codes(excinfo.value) == {"correction_reason_required"}
    assert IssuedDocument.objects.count() == 1


def test_verify_passes_while_every_stored_file_matches(world, year_walked):  # noqa: F811
    out = io.StringIO()
    call_command("issued_documents", "--verify", stdout=out)
    # The summary's two files and the concluded pledge's two.
    expected = 2 * StoredDocument.objects.count()
    assert expected == 4 and f"{expected} stored files match" in out.getvalue()


def test_verify_fails_naming_the_file_whose_byte_changed(world, year_walked):  # noqa: F811
    stored = StoredDocument.objects.get(issued__isnull=False)  # the summary's
    content = bytearray(stored.content("pdf"))
    content[100] ^= 1
    storage, name = stored.pdf.storage, stored.pdf.name
    storage.delete(name)
    assert storage.save(name, ContentFile(bytes(content))) == name
    with pytest.raises(CommandError, match=name):
        call_command("issued_documents", "--verify", stdout=io.StringIO(),
                     stderr=io.StringIO())



def test_the_head_issues_a_correction_through_its_own_url(
        world, year_walked, client_for):  # noqa: F811
    campaign, _missing = year_walked
    first = ClusterSummary.objects.get().document
    client_for(world.users["head"]).post(
        reverse("reports:summary_correct", args=[campaign.pk, "semiannual"]),
        {"narrative": "Đã sửa.", "reason": "Sai số liệu"})
    assert ClusterSummary.objects.get().document.replaces == first


def test_a_correction_without_a_reason_issues_nothing(
        world, year_walked, client_for):  # noqa: F811
    campaign, _missing = year_walked
    before = IssuedDocument.objects.count()
    page = client_for(world.users["head"]).post(
        reverse("reports:summary_correct", args=[campaign.pk, "semiannual"]),
        {"narrative": "Đã sửa.", "reason": ""}, follow=True)
    assert IssuedDocument.objects.count() == before and 'data-code="required"' in page.text
