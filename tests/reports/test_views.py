import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import Report, ReportAttachment
from tests.conftest import at
from tests.factories import make_membership, make_rep, make_unit
from tests.helpers import register_and_sign
from tests.reports.files import pdf_upload


@pytest.fixture
def signed(world, campaign):
    with time_machine.travel(at(world.year, 4, 1), tick=False):
        for role, unit in (("member", world.member_unit), ("deputy", world.deputy_unit)):
            register_and_sign(campaign, unit, world.users[role], [("Hội thảo", "cuộc", 2)])
    return campaign


def report_url(campaign, unit, period="semiannual"):
    return reverse("reports:report_edit", args=[campaign.pk, unit.pk, period])


@pytest.mark.parametrize("url_name", ["reports:report_edit", "campaigns:pledge_edit"])
def test_peer_cannot_see_another_units_work(world, signed, client_for, url_name):
    args = [signed.pk, world.deputy_unit.pk] + (["semiannual"] if url_name == "reports:report_edit"
                                                else [])
    response = client_for(world.users["member"]).get(reverse(url_name, args=args))
    assert response.status_code == 403


def test_peer_cannot_change_another_units_report(world, signed, client_for):
    response = client_for(world.users["member"]).post(
        report_url(signed, world.deputy_unit), {"results": "x"})
    assert response.status_code == 403 and not Report.objects.filter(results="x").exists()


def test_head_reads_but_cannot_write_a_units_report(world, signed, client_for):
    response = client_for(world.users["head"]).post(report_url(signed, world.member_unit),
                                                    {"results": "x"})
    assert response.status_code == 403


def _post_report(client, campaign, unit, actual, submit=True):
    report = Report.objects.get(campaign=campaign, unit=unit, period="semiannual")
    figure = report.figures.get()
    data = {"results": "Kết quả tốt", f"actual-{figure.pk}": actual, "free-TOTAL_FORMS": "0",
            "free-INITIAL_FORMS": "0"}
    if submit:
        data["submit"] = "1"
    return client.post(report_url(campaign, unit), data, follow=True)


def test_representative_fills_and_submits_through_the_page(world, signed, client_for):
    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client.get(report_url(signed, world.member_unit))
        page = _post_report(client, signed, world.member_unit, "1,5")
    report = Report.objects.get(unit=world.member_unit)
    assert report.status == "submitted" and str(report.figures.get().actual) == "1.50"
    assert "Đã gửi" in page.text or report.get_status_display() in page.text


def test_a_figure_that_is_not_a_number_is_refused_and_nothing_saved(world, signed, client_for):
    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client.get(report_url(signed, world.member_unit))
        page = _post_report(client, signed, world.member_unit, "mười hai")
    report = Report.objects.get(unit=world.member_unit)
    assert report.status == "draft" and report.results == "" and "is-invalid" in page.text


def test_a_bad_attachment_is_refused_with_a_message(world, signed, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client.get(report_url(signed, world.member_unit))
        report = Report.objects.get(unit=world.member_unit)
        page = client.post(reverse("reports:attachment_add", args=[report.pk]),
                           {"file": SimpleUploadedFile("a.pdf", b"not a pdf")}, follow=True)
    assert ReportAttachment.objects.count() == 0 and "a.pdf" in page.text


def test_head_returns_with_a_comment_the_unit_then_sees(world, signed, client_for):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client = client_for(world.users["member"])
        client.get(report_url(signed, world.member_unit))
        report = Report.objects.get(unit=world.member_unit)
        client.post(reverse("reports:attachment_add", args=[report.pk]), {"file": pdf_upload()})
        _post_report(client, signed, world.member_unit, "3")
        client_for(world.users["head"]).post(reverse("reports:report_return", args=[report.pk]),
                                             {"comment": "Thiếu minh chứng hội thảo thứ hai"})
        page = client_for(world.users["member"]).get(report_url(signed, world.member_unit))
    assert "Thiếu minh chứng hội thảo thứ hai" in page.text


@pytest.mark.parametrize(("name", "role"), [
    ("campaigns:campaign_detail", "head"), ("campaigns:campaign_detail", "member"),
    ("reports:organisation_board", "secretariat"), ("reports:summary_edit", "head")])
def test_campaign_pages_query_count_does_not_grow_with_units(world, signed, client_for,
                                                             name, role):
    args = {"campaigns:campaign_detail": [signed.pk], "reports:organisation_board": None,
            "reports:summary_edit": [signed.pk, "semiannual"]}[name]
    client, url = client_for(world.users[role]), reverse(name, args=args)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    for _ in range(12):
        unit = make_unit(world.org)
        make_membership(world.cluster_a, unit, world.year)
        make_rep(unit)
    assert count() == before
