"""The head's review queue: the next report, accept or return and move on, accept several
after one confirmation; and "remind now", at most once a day per unit and deadline."""

import pytest
import time_machine
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from reports import services
from reports.models import ReminderLog, Report
from tests.conftest import at
from tests.helpers import error_codes, write_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(world, campaign):
    """Semi-annual reports of the deputy (submitted 1 June) and the head unit (2 June)."""
    reports = []
    for day, (role, unit) in enumerate((("deputy", world.deputy_unit),
                                        ("head", world.head_unit)), start=1):
        with time_machine.travel(at(world.year, 6, day), tick=False):
            report = write_report(campaign, unit, "semiannual", {})
            reports.append(services.report_submit(report=report, user=world.users[role]))
    return reports


def queue_url(campaign):
    return reverse("reports:review_queue", args=[campaign.pk])


def test_the_queue_opens_the_longest_waiting_report(world, waiting, client_for):
    response = client_for(world.users["head"]).get(queue_url(waiting[0].campaign))
    assert response.context["current"].pk == waiting[0].pk


def test_accepting_from_the_queue_moves_on_to_the_next(world, waiting, client_for):
    client = client_for(world.users["head"])
    response = client.post(reverse("reports:review_accept", args=[waiting[0].pk]), follow=True)
    waiting[0].refresh_from_db()
    assert waiting[0].status == Report.Status.ACCEPTED
    assert response.context["current"].pk == waiting[1].pk


def test_returning_without_a_comment_marks_the_field_and_changes_nothing(world, waiting,
                                                                        client_for):
    response = client_for(world.users["head"]).post(
        reverse("reports:review_return", args=[waiting[0].pk]), {"comment": ""})
    waiting[0].refresh_from_db()
    assert response.status_code == 200 and response.context["return_form"].errors["comment"]
    assert waiting[0].status == Report.Status.SUBMITTED


def test_returning_with_a_comment_sends_it_back_and_moves_on(world, waiting, client_for):
    response = client_for(world.users["head"]).post(
        reverse("reports:review_return", args=[waiting[0].pk]),
        {"comment": "Thiếu số liệu."}, follow=True)
    waiting[0].refresh_from_db()
    assert (waiting[0].status, waiting[0].return_comment) == ("returned", "Thiếu số liệu.")
    assert response.context["current"].pk == waiting[1].pk


def test_bulk_accept_asks_for_confirmation_first_and_changes_nothing(world, waiting, client_for):
    response = client_for(world.users["head"]).get(
        reverse("reports:review_accept_many", args=[waiting[0].campaign_id]), {"all": "1"})
    assert [r.pk for r in response.context["reports"]] == [r.pk for r in waiting]
    assert not Report.objects.filter(status=Report.Status.ACCEPTED).exists()


def test_bulk_accept_accepts_every_confirmed_report(world, waiting, client_for):
    client_for(world.users["head"]).post(
        reverse("reports:review_accept_many", args=[waiting[0].campaign_id]),
        {"reports": [r.pk for r in waiting]})
    assert set(Report.objects.filter(pk__in=[r.pk for r in waiting])
               .values_list("status", flat=True)) == {Report.Status.ACCEPTED}


def test_bulk_accept_refuses_a_report_that_is_not_waiting(world, waiting, client_for):
    draft = services.report_get_or_create(campaign=waiting[0].campaign,
                                          unit=world.member_unit, period="semiannual")
    client_for(world.users["head"]).post(
        reverse("reports:review_accept_many", args=[waiting[0].campaign_id]),
        {"reports": [waiting[0].pk, draft.pk]})
    assert not Report.objects.filter(status=Report.Status.ACCEPTED).exists()


@pytest.mark.parametrize("role", ["deputy", "member"])
def test_only_the_head_may_bulk_accept(world, waiting, client_for, role):
    response = client_for(world.users[role]).post(
        reverse("reports:review_accept_many", args=[waiting[0].campaign_id]),
        {"reports": [r.pk for r in waiting]})
    assert response.status_code == 403
    assert not Report.objects.filter(status=Report.Status.ACCEPTED).exists()


def test_an_empty_queue_says_so(world, campaign, client_for):
    response = client_for(world.users["head"]).get(queue_url(campaign))
    assert 'id="queue-empty"' in response.text


# --- remind now ---------------------------------------------------------------------------

def remind(world, campaign, when=(4, 20), unit=None, deadline="pledge"):
    with time_machine.travel(at(world.year, *when), tick=False):
        return services.reminder_send_now(campaign=campaign, unit=unit or world.member_unit,
                                          deadline=deadline)


def test_remind_now_sends_the_units_reminder_email(world, campaign):
    mail.outbox.clear()
    remind(world, campaign)
    assert [m.to for m in mail.outbox] == [[world.users["member"].email]]


def test_remind_now_fills_the_last_reminder_and_the_audit_trail(world, campaign):
    log = remind(world, campaign)
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(log),
                                      object_id=log.pk)
    assert ReminderLog.objects.filter(unit=world.member_unit).count() == 1 and entries.exists()


def test_a_second_reminder_the_same_day_is_refused(world, campaign):
    remind(world, campaign)
    with pytest.raises(ValidationError) as refused:
        remind(world, campaign)
    assert error_codes(refused.value) == {"reminded_today"}


def test_the_next_day_the_unit_can_be_reminded_again(world, campaign):
    remind(world, campaign, when=(4, 20))
    remind(world, campaign, when=(4, 21))
    assert ReminderLog.objects.filter(unit=world.member_unit).count() == 2


def test_a_unit_that_has_signed_is_not_reminded(world, signed):
    with pytest.raises(ValidationError) as refused:
        remind(world, signed)
    assert error_codes(refused.value) == {"already_done"}


def test_the_campaign_page_offers_remind_now_exactly_when_allowed(world, campaign, client_for):
    client = client_for(world.users["head"])
    url = reverse("campaigns:campaign_detail", args=[campaign.pk])
    remind_url = reverse("reports:remind_now", args=[campaign.pk, world.member_unit.pk,
                                                    "pledge"])
    with time_machine.travel(at(world.year, 4, 20), tick=False):
        before = remind_url in client.get(url).text
        client.post(remind_url, {"next": url})
        after = remind_url in client.get(url).text
    assert (before, after) == (True, False)


def test_the_board_offers_remind_now_to_the_secretariat_only(world, campaign, client_for):
    url = reverse("reports:organisation_board") + "?deadline=pledge"
    remind_url = reverse("reports:remind_now", args=[campaign.pk, world.member_unit.pk,
                                                    "pledge"])
    pages = {role: client_for(world.users[role]).get(url).text
             for role in ("secretariat", "leadership")}
    assert remind_url in pages["secretariat"] and remind_url not in pages["leadership"]


def test_remind_now_from_the_page_comes_back_with_a_message(world, campaign, client_for):
    board = reverse("reports:organisation_board") + "?deadline=pledge"
    response = client_for(world.users["secretariat"]).post(
        reverse("reports:remind_now", args=[campaign.pk, world.member_unit.pk, "pledge"]),
        {"next": board})
    assert response.status_code == 302 and response["Location"] == board


def test_returning_a_report_already_accepted_moves_on_with_a_message(world, waiting,
                                                                    client_for):
    services.report_accept(report=waiting[0])
    response = client_for(world.users["head"]).post(
        reverse("reports:review_return", args=[waiting[0].pk]), {"comment": "Thiếu."})
    waiting[0].refresh_from_db()
    assert response.status_code == 302 and waiting[0].status == Report.Status.ACCEPTED
