"""Reminders go only to units that still owe something, once per offset (locmem backend,
frozen clock)."""

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from reports import services
from reports.models import ReminderLog
from reports.reminders import send_reminders
from tests.conftest import at
from tests.helpers import register_and_sign, write_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def half_signed(world, campaign):
    """Head and member units have signed; the deputy unit has not."""
    with time_machine.travel(at(world.year, 4, 1), tick=False):
        for role, unit in (("head", world.head_unit), ("member", world.member_unit)):
            register_and_sign(campaign, unit, world.users[role], [("Hội thảo", "cuộc", 2)])
    return campaign


def run_on(world, month, day):
    mail.outbox.clear()
    with time_machine.travel(at(world.year, month, day), tick=False):
        return send_reminders()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_three_days_before_only_units_that_owe_are_reminded(world, half_signed):
    run_on(world, 4, 12)  # pledge due 15/04: offset 3
    assert world.users["deputy"].email in recipients()
    assert world.users["member"].email not in recipients()


def test_a_reminder_is_never_sent_twice_for_the_same_offset(world, half_signed):
    first = run_on(world, 4, 12)
    second = run_on(world, 4, 12)
    assert first > 0 and second == 0 and mail.outbox == []


def test_no_reminder_on_a_day_that_is_not_an_offset(world, half_signed):
    assert run_on(world, 4, 10) == 0  # offset 5 is not in 7, 3, 1, 0, -1


def test_the_head_gets_a_digest_listing_missing_units(world, half_signed):
    run_on(world, 4, 15)  # the day itself
    digest = [m for m in mail.outbox if world.users["head"].email in m.to]
    assert digest and world.deputy_unit.name in digest[0].body


def test_overdue_units_are_reminded_after_the_deadline(world, half_signed):
    run_on(world, 4, 16)  # offset -1
    assert ReminderLog.objects.filter(offset=-1, unit=world.deputy_unit).exists()


def test_reminders_are_in_vietnamese_with_text_and_html(world, half_signed):
    run_on(world, 4, 12)
    message = mail.outbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and '<html lang="vi">' in html


def test_a_submitted_report_stops_its_reminders(world, half_signed):
    with time_machine.travel(at(world.year, 7, 1), tick=False):
        report = write_report(half_signed, world.member_unit, "semiannual", {"Hội thảo": 2})
        services.report_submit(report=report, user=world.users["member"])
    run_on(world, 7, 9)  # semi-annual due 10/07: offset 1
    reminded = set(ReminderLog.objects.filter(deadline="semiannual", unit__isnull=False)
                   .values_list("unit__code", flat=True))
    assert reminded == {"UH", "UD"}


def test_the_command_accepts_a_date(world, half_signed, capsys):
    call_command("send_reminders", "--date", f"{world.year}-04-12")
    assert ReminderLog.objects.filter(offset=3).exists()
