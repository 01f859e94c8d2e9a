"""Recording a past year after the fact: each action takes the date it really happened,
checked in one place, kept with who recorded it; lateness and documents follow those dates."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns import recording, services
from campaigns.documents import pledge_document
from campaigns.models import RecordedDate, UnitPledge
from documents.pdf import render_pdf
from reports import services as report_services
from reports.models import IssuedDocument
from reports.selectors import board
from tests.helpers import error_codes, lock_results, pdf_text, write_report
from tests.voting.conftest import close_and_count, vote_as
from voting import services as voting_services
from voting.documents import minutes_document, vote_count_document

D = datetime.date
YEAR = 2023


def sign(world, campaign, unit, user, day):
    pledge = UnitPledge.objects.get(campaign=campaign, unit=unit)
    services.pledge_save(pledge=pledge, titles=[], targets=[
        {"name": "Phát triển hội viên", "measure": "người", "target_value": Decimal(10),
         "note": ""}])
    return services.pledge_sign(pledge=pledge, user=user, address="10.0.0.1", occurred_on=day)


APRIL_12 = D(YEAR, 4, 12)


def sign_all(world, campaign, day=APRIL_12):
    for code in ("head", "deputy", "member"):
        unit = getattr(world, f"{code}_unit")
        sign(world, campaign, unit, world.users[code], day)


# --- the one validator ---------------------------------------------------------------------

def test_a_date_inside_the_campaign_year_is_accepted(past):
    assert recording.occurred_on_refusal(past, D(YEAR, 4, 12)) is None


def test_a_date_in_the_dossier_window_of_the_next_year_is_accepted(past):
    assert recording.occurred_on_refusal(past, D(YEAR + 1, 1, 15)) is None


@pytest.mark.parametrize("day", [D(YEAR - 1, 12, 31), D(YEAR + 1, 1, 21)])
def test_a_date_outside_the_year_and_its_dossier_window_is_refused(past, day):
    assert error_codes(recording.occurred_on_refusal(past, day)) == {"occurred_out_of_bounds"}


def test_the_refusal_says_in_vietnamese_which_dates_are_allowed(past):
    from django.utils import translation

    with translation.override("vi"):
        message = recording.occurred_on_refusal(past, D(YEAR - 1, 5, 1)).messages[0]
    assert "01/01/2023" in message and "20/01/2024" in message and "năm" in message


def test_a_signature_dated_outside_the_bounds_saves_nothing(world, past):
    with pytest.raises(ValidationError) as refused:
        sign(world, past, world.member_unit, world.users["member"], D(YEAR - 1, 12, 1))
    pledge = UnitPledge.objects.get(campaign=past, unit=world.member_unit)
    assert error_codes(refused.value) == {"occurred_out_of_bounds"}
    assert (pledge.signed_at, RecordedDate.objects.count()) == (None, 0)


def test_outside_recording_mode_a_date_cannot_be_given(world, past):
    services.campaign_recording_set(campaign=past, on=False)
    past.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        sign(world, past, world.member_unit, world.users["member"], D(YEAR, 4, 12))
    assert error_codes(refused.value) == {"not_recording"}


# --- lateness from the recorded dates ------------------------------------------------------

def test_a_pledge_signed_before_its_deadline_is_on_time_whatever_today_is(world, past):
    sign(world, past, world.member_unit, world.users["member"], D(YEAR, 4, 12))
    rows = {row.unit.pk: row for row in board([past], "pledge")}
    assert rows[world.member_unit.pk].status == "on_time"


def test_a_pledge_signed_after_its_deadline_is_late(world, past):
    sign(world, past, world.member_unit, world.users["member"], D(YEAR, 5, 2))
    rows = {row.unit.pk: row for row in board([past], "pledge")}
    assert rows[world.member_unit.pk].status == "late"


def test_a_report_recorded_three_days_after_its_deadline_is_three_days_late(world, past):
    world.org.allow_late_reports = True
    world.org.save()
    sign_all(world, past)
    report = write_report(past, world.member_unit, "semiannual", {"Phát triển hội viên": 12})
    report = report_services.report_submit(report=report, user=world.users["member"],
                                           occurred_on=D(YEAR, 7, 13))
    assert (report.days_late, timezone.localdate(report.submitted_at)) == (3, D(YEAR, 7, 13))


def test_a_report_recorded_before_its_deadline_is_on_time(world, past):
    sign_all(world, past)
    report = write_report(past, world.member_unit, "semiannual", {"Phát triển hội viên": 12})
    report = report_services.report_submit(report=report, user=world.users["member"],
                                           occurred_on=D(YEAR, 7, 8))
    assert report.days_late == 0


# --- audit ---------------------------------------------------------------------------------

def test_a_recorded_action_keeps_who_recorded_it_and_when(world, past):
    before = timezone.now()
    sign(world, past, world.member_unit, world.users["member"], D(YEAR, 4, 12))
    entry = RecordedDate.objects.get()
    assert (entry.action, entry.occurred_on, entry.recorded_by) == (
        "pledge_sign", D(YEAR, 4, 12), world.users["member"])
    assert entry.recorded_at >= before


def test_an_acceptance_before_the_submission_is_refused(world, past):
    sign_all(world, past)
    report = write_report(past, world.member_unit, "semiannual", {"Phát triển hội viên": 12})
    report_services.report_submit(report=report, user=world.users["member"],
                                  occurred_on=D(YEAR, 7, 8))
    with pytest.raises(ValidationError) as refused:
        report_services.report_accept(report=report, occurred_on=D(YEAR, 7, 1))
    assert error_codes(refused.value) == {"accepted_before_submitted"}


# --- the issue date the issuer sets --------------------------------------------------------

def test_the_issuer_dates_a_summary_inside_the_bounds(world, past):
    report_services.summary_save(campaign=past, period="semiannual", narrative="Đánh giá.")
    summary = report_services.summary_issue(campaign=past, period="semiannual",
                                            by=world.users["head"], issued_on=D(YEAR, 7, 20))
    assert summary.document.issued_on == D(YEAR, 7, 20)


def test_an_issue_date_outside_the_bounds_issues_nothing(world, past):
    report_services.summary_save(campaign=past, period="semiannual", narrative="Đánh giá.")
    with pytest.raises(ValidationError) as refused:
        report_services.summary_issue(campaign=past, period="semiannual",
                                      by=world.users["head"], issued_on=D(YEAR + 2, 1, 1))
    assert error_codes(refused.value) == {"occurred_out_of_bounds"}
    assert not IssuedDocument.objects.exists()


# --- documents dated by their events -------------------------------------------------------

@pytest.fixture
def conference(world, past):
    """The 2023 conference recorded on 05/12/2023, 08:00–11:30, the vote closed."""
    sign_all(world, past)
    lock_results(past)
    session = voting_services.session_prepare(campaign=past)
    voting_services.session_conference_set(
        session=session, place="Hội trường tầng 3, 60 Trần Phú, Hà Nội", held_on=D(YEAR, 12, 5),
        starts_at=datetime.time(8, 0), ends_at=datetime.time(11, 30), by=world.users["head"])
    units = [world.head_unit, world.deputy_unit, world.member_unit]
    voting_services.attendance_set(session=session, units=units)
    session.refresh_from_db()
    session = voting_services.session_open(session=session)
    head_question = session.questions.get(kind="head")
    voters = {getattr(world, f"{code}_unit"): world.users[code]
              for code in ("head", "deputy", "member")}
    for unit, user in voters.items():
        vote_as(head_question, unit, user, world.deputy_unit)
    close_and_count(session, voters)
    return voting_services.session_close(session=session)


def test_both_minutes_state_the_recorded_conference_date_time_and_place(world, conference):
    texts = [" ".join(pdf_text(render_pdf(build(conference, world.users["head"]))).split())
             for build in (vote_count_document, minutes_document)]
    opening = "Hôm nay, vào lúc 08 giờ 00, ngày 05 tháng 12 năm 2023, tại Hội trường tầng 3"
    assert all(opening in text for text in texts)
    assert all("11 giờ 30, ngày 05 tháng 12 năm 2023" in text for text in texts)


def test_the_minutes_have_no_place_and_date_header_line(world, conference):
    text = " ".join(pdf_text(render_pdf(minutes_document(conference, world.users["head"]))
                             ).split())
    assert f"{conference.campaign.place}, ngày" not in text


def test_the_vote_opened_and_closed_on_the_recorded_conference_day(conference):
    assert (timezone.localtime(conference.opened_at).date(),
            timezone.localtime(conference.closed_at).time()) == (D(YEAR, 12, 5),
                                                                  datetime.time(11, 30))


def test_the_pledge_is_dated_by_its_signing_conference(world, past):
    sign_all(world, past, D(YEAR, 4, 12))
    services.pledge_finalise(campaign=past, occurred_on=D(YEAR, 4, 12), by=world.users["head"])
    past.refresh_from_db()
    text = " ".join(pdf_text(render_pdf(pledge_document(past, world.users["head"]))).split())
    assert "ngày 12 tháng 4 năm 2023" in text
