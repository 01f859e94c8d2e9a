import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns import services as campaign_services
from reports import services
from reports.models import Report, ReportAttachment
from tests.conftest import at
from tests.helpers import error_codes, write_report
from tests.reports.files import docx_upload, pdf_upload, png_upload, xlsx_upload


def submit_on(world, campaign, day, month=7, actual=12):
    with time_machine.travel(at(world.year, month, day), tick=False):
        report = write_report(campaign, world.member_unit, "semiannual",
                              {"Phát triển hội viên": actual})
        return services.report_submit(report=report, user=world.users["member"])


def test_a_report_after_the_deadline_is_refused_without_an_extension(world, signed):
    with pytest.raises(ValidationError, match="10/07"):
        submit_on(world, signed, 11)
    assert Report.objects.get().status == Report.Status.DRAFT


def test_a_late_report_is_marked_with_how_late_when_the_organisation_allows_it(world, signed):
    world.org.allow_late_reports = True
    world.org.save()
    report = submit_on(world, signed, 13)
    assert (report.status, report.days_late) == ("submitted", 3)


def test_an_extension_for_all_units_moves_everyones_deadline(world, signed):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        campaign_services.deadline_extend(campaign=signed, deadline="semiannual", unit=None,
                                          new_due=datetime.date(world.year, 7, 31),
                                          reason="Nghỉ lễ", by=world.users["head"])
    assert submit_on(world, signed, 30).days_late == 0


def test_a_closed_period_takes_no_report_even_when_late_is_allowed(world, signed):
    world.org.allow_late_reports = True
    world.org.save()
    campaign_services.campaign_close_period(campaign=signed, deadline="semiannual")
    signed.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        submit_on(world, signed, 5)
    assert error_codes(excinfo.value) == {"period_closed"}


def test_every_target_needs_its_actual_figure(world, signed):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
        with pytest.raises(ValidationError, match="Phát triển hội viên"):
            services.report_submit(report=report, user=world.users["member"])


def test_a_submitted_report_cannot_be_edited_until_returned(world, signed):
    report = submit_on(world, signed, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.report_save(report=report, sections={"results": "x"}, actuals={},
                             free_figures=[])
    assert error_codes(excinfo.value) == {"report_submitted"}
    services.report_return(report=report, comment="Sửa lại")
    assert services.report_save(report=report, sections={"results": "y"}, actuals={},
                                free_figures=[]).results == "y"


def test_returning_needs_a_comment(world, signed):
    report = submit_on(world, signed, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.report_return(report=report, comment="  ")
    assert error_codes(excinfo.value) == {"return_comment_required"}


def test_completion_is_actual_over_target(world, signed):
    report = submit_on(world, signed, 1, actual=15)
    assert str(report.figures.get().completion) == "150.0"


@pytest.mark.parametrize("upload", [pdf_upload, png_upload, docx_upload, xlsx_upload],
                         ids=["pdf", "png", "docx", "xlsx"])
def test_accepted_evidence_kinds_are_recognised_by_content(world, signed, upload):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
    attachment = services.attachment_add(report=report, upload=upload(), user=world.users["member"])
    assert attachment.kind == upload().name.rsplit(".", 1)[1]


@pytest.mark.parametrize("upload", [
    SimpleUploadedFile("ket-qua.pdf", b"just text, not a PDF"),
    SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary"),
], ids=["text-named-pdf", "executable"])
def test_bad_evidence_is_refused_and_nothing_is_saved(world, signed, upload):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
    with pytest.raises(ValidationError) as excinfo:
        services.attachment_add(report=report, upload=upload, user=world.users["member"])
    assert error_codes(excinfo.value) == {"unaccepted_kind"}
    assert ReportAttachment.objects.count() == 0


def test_evidence_whose_name_lies_about_its_kind_is_refused(world, signed):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
    with pytest.raises(ValidationError, match="PNG"):
        services.attachment_add(report=report, upload=png_upload("anh.pdf"),
                                user=world.users["member"])


def test_oversized_evidence_is_refused(world, signed, settings):
    settings.UPLOAD_MAX_BYTES = 10
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(signed, world.member_unit, "semiannual", {})
    with pytest.raises(ValidationError, match="MB"):
        services.attachment_add(report=report, upload=png_upload(), user=world.users["member"])
