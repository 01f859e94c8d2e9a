import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import UnitTarget
from reports import services
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
    services.reports_create(campaign=campaign)  # the launch's part that campaigns cannot do
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
    target = UnitTarget.objects.get(pledge__campaign=campaign, pledge__unit=unit)
    data = {"results": "Kết quả tốt", f"actual-{target.pk}": actual, "free-TOTAL_FORMS": "0",
            "free-INITIAL_FORMS": "0"}
    if submit:
        data["submit"] = "1"
    return client.post(report_url(campaign, unit), data, follow=True)


def test_representative_fills_and_submits_through_the_page(world, signed, client_for):
    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client.get(report_url(signed, world.member_unit))
        page = _post_report(client, signed, world.member_unit, "1,5")
    report = Report.objects.get(unit=world.member_unit, period="semiannual")
    assert report.status == "submitted" and str(report.figures.get().actual) == "1.50"
    assert "Đã gửi" in page.text or report.get_status_display() in page.text


def test_a_figure_that_is_not_a_number_is_refused_and_nothing_saved(world, signed, client_for):
    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client.get(report_url(signed, world.member_unit))
        page = _post_report(client, signed, world.member_unit, "mười hai")
    report = Report.objects.get(unit=world.member_unit, period="semiannual")
    assert report.status == "draft" and report.results == "" and "is-invalid" in page.text


def test_a_bad_attachment_is_refused_with_a_message(world, signed, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client.get(report_url(signed, world.member_unit))
        report = Report.objects.get(unit=world.member_unit, period="semiannual")
        page = client.post(reverse("reports:attachment_add", args=[report.pk]),
                           {"file": SimpleUploadedFile("a.pdf", b"not a pdf")}, follow=True)
    assert ReportAttachment.objects.count() == 0 and "a.pdf" in page.text


def test_head_returns_with_a_comment_the_unit_then_sees(world, signed, client_for):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client = client_for(world.users["member"])
        client.get(report_url(signed, world.member_unit))
        report = Report.objects.get(unit=world.member_unit, period="semiannual")
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


# --- the figures grid is a form; review is offered by the rule the services apply ----------

def test_junk_figures_come_back_typed_with_errors_and_nothing_is_saved(world, signed, client_for):
    target = UnitTarget.objects.get(pledge__campaign=signed, pledge__unit=world.member_unit)
    client = client_for(world.users["member"])
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        page = client.post(report_url(signed, world.member_unit), {
            "results": "Kết quả tốt", f"actual-{target.pk}": "mười hai",
            "free-TOTAL_FORMS": "1", "free-INITIAL_FORMS": "0", "free-0-name": "Bài viết",
            "free-0-actual": "abc", "submit": "1"})
    report = Report.objects.get(unit=world.member_unit, period="semiannual")
    errors = page.context["actuals"].errors.as_data()[str(target.pk)]
    assert page.status_code == 200 and errors[0].code == "invalid"
    assert ('value="mười hai"' in page.text and 'value="abc"' in page.text
            and "Kết quả tốt" in page.text and f'aria-describedby="id_actual-{target.pk}-error"'
            in page.text and page.text.count('aria-invalid="true"') == 2)
    assert (report.status, report.results, report.figures.count()) == ("draft", "", 0)


def test_a_figure_is_saved_against_its_target_on_first_save(world, signed, client_for):
    target = UnitTarget.objects.get(pledge__campaign=signed, pledge__unit=world.member_unit)
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        client_for(world.users["member"]).post(report_url(signed, world.member_unit), {
            "results": "", f"actual-{target.pk}": "2,5", "free-TOTAL_FORMS": "0",
            "free-INITIAL_FORMS": "0"})
    report = Report.objects.get(unit=world.member_unit, period="semiannual")
    assert str(report.figures.get(target=target).actual) == "2.50"


@pytest.mark.parametrize("status", Report.Status.values)
def test_review_is_offered_exactly_when_the_service_would_accept(world, signed, client_for,
                                                                 status):
    from django.core.exceptions import ValidationError
    from django.db import transaction

    report = Report.objects.get(unit=world.member_unit, period="semiannual")
    Report.objects.filter(pk=report.pk).update(status=status)
    page = client_for(world.users["head"]).get(report_url(signed, world.member_unit))
    try:
        with transaction.atomic():
            services.report_accept(report=report)
            transaction.set_rollback(True)
        accepted = True
    except ValidationError as error:
        assert error.code == "not_reviewable"
        accepted = False
    assert ('id="review"' in page.text) == accepted


# --- no write on GET ---------------------------------------------------------------------

def test_a_report_page_without_its_report_writes_nothing_and_offers_to_start(world, campaign,
                                                                             client_for):
    client = client_for(world.users["member"])
    page = client.get(report_url(campaign, world.member_unit))
    assert not Report.objects.exists() and reverse(
        "reports:report_start", args=[campaign.pk, world.member_unit.pk, "semiannual"]) in page.text


def test_starting_a_report_creates_it_once(world, campaign, client_for):
    client = client_for(world.users["member"])
    url = reverse("reports:report_start", args=[campaign.pk, world.member_unit.pk, "semiannual"])
    client.post(url)
    client.post(url)
    assert Report.objects.filter(unit=world.member_unit, period="semiannual").count() == 1


def test_a_unit_that_joins_after_the_launch_starts_its_report(world, signed, client_for):
    late = make_unit(world.org, code="UL")
    make_membership(world.cluster_a, late, world.year)
    client = client_for(make_rep(late))
    client.post(reverse("reports:report_start", args=[signed.pk, late.pk, "yearend"]))
    assert Report.objects.filter(unit=late, period="yearend").exists()


def test_junk_figures_are_listed_at_the_top_with_links_to_their_inputs(world, signed,
                                                                        client_for):
    target = UnitTarget.objects.get(pledge__campaign=signed, pledge__unit=world.member_unit)
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        page = client_for(world.users["member"]).post(report_url(signed, world.member_unit), {
            f"actual-{target.pk}": "mười hai", "free-TOTAL_FORMS": "1",
            "free-INITIAL_FORMS": "0", "free-0-name": "Bài viết", "free-0-actual": "abc"})
    summary = page.text.split('id="error-summary"')[1].split("</div>")[0]
    assert f'href="#id_actual-{target.pk}"' in summary and 'href="#id_free-0-actual"' in summary
