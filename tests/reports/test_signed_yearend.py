"""An organisation may require year-end reports to carry a signed PDF (intact and trusted):
one rule (selectors.signed_report_refusal) for the page that offers submit and the service."""

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reports import services
from reports.models import Report
from tests.conftest import at
from tests.helpers import write_report
from tests.reports.test_upload_signatures import changed, plain_pdf, signed_pdf  # noqa: F401
from tests.reports.test_views import report_url, signed  # noqa: F401  (fixture)

REFUSAL = "yêu cầu báo cáo tổng kết năm có chữ ký số"


@pytest.fixture
def required(world):
    world.org.signed_yearend_reports_required = True
    world.org.save()


def yearend(world, campaign, attachment=None):
    report = write_report(campaign, world.member_unit, "yearend", {"Hội thảo": 2})
    if attachment is not None:
        services.attachment_add(report=report, upload=SimpleUploadedFile("bao-cao.pdf",
                                                                         attachment),
                                user=world.users["member"])
    return report


def test_the_secretariat_turns_the_setting_on(world, client_for):
    client_for(world.users["secretariat"]).post(reverse("clusters:organisation_settings"), {
        "name": world.org.name, "reminder_offsets": "7,3,1,0,-1",
        "signed_yearend_reports_required": "on"})
    world.org.refresh_from_db()
    assert world.org.signed_yearend_reports_required is True


@pytest.mark.parametrize("attached", [None, "plain", "changed"])
def test_a_yearend_report_without_an_intact_signed_pdf_is_refused(
        world, signed, required, signed_pdf, plain_pdf, attached):  # noqa: F811
    body = {None: None, "plain": plain_pdf, "changed": changed(signed_pdf)}[attached]
    with time_machine.travel(at(world.year, 11, 1), tick=False):
        report = yearend(world, signed, body)
        with pytest.raises(ValidationError) as refused:
            services.report_submit(report=report, user=world.users["member"])
    report.refresh_from_db()
    assert refused.value.code == "signed_report_required" and REFUSAL in refused.value.messages[0]
    assert (report.status, report.versions.count()) == (Report.Status.DRAFT, 0)


def test_a_yearend_report_with_a_signed_pdf_is_submitted(world, signed, required,  # noqa: F811
                                                         signed_pdf):  # noqa: F811
    with time_machine.travel(at(world.year, 11, 1), tick=False):
        report = services.report_submit(report=yearend(world, signed, signed_pdf),
                                        user=world.users["member"])
    assert report.status == Report.Status.SUBMITTED


def test_without_the_setting_an_unsigned_yearend_report_is_submitted(world, signed):  # noqa: F811
    with time_machine.travel(at(world.year, 11, 1), tick=False):
        report = services.report_submit(report=yearend(world, signed),
                                        user=world.users["member"])
    assert report.status == Report.Status.SUBMITTED


def test_the_semiannual_report_needs_no_signature(world, signed, required):  # noqa: F811
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {"Hội thảo": 1})
        report = services.report_submit(report=report, user=world.users["member"])
    assert report.status == Report.Status.SUBMITTED


def test_the_page_offers_no_submit_and_a_posted_submit_writes_nothing(
        world, signed, required, client_for):  # noqa: F811
    client = client_for(world.users["member"])
    url = report_url(signed, world.member_unit, "yearend")
    with time_machine.travel(at(world.year, 11, 1), tick=False):
        report = yearend(world, signed)
        page = client.get(url).content.decode()
        posted = client.post(url, {"results": "Đã sửa", "submit": "1", "free-TOTAL_FORMS": "0",
                                   "free-INITIAL_FORMS": "0"})
    report.refresh_from_db()
    assert REFUSAL in page and 'name="submit"' not in page
    assert REFUSAL in posted.content.decode()
    assert (report.results, report.status) == ("Hoàn thành các chỉ tiêu.", Report.Status.DRAFT)
