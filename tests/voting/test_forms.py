"""The vote's POSTs are forms (junk → 200 with field errors, nothing saved), and the session
page offers an action exactly when its service would accept it."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.voting.conftest import (
    ballot_json,
    board_ready,
    count,
    open_session,
    question,
    tied_merit,
    vote,
)
from voting import services
from voting.models import EncryptedBallot, Tally, VotingSession

CODES = ("UH", "UD", "UM", "U4", "U5")


def all_vote(q, five):
    _campaign, units, voters = five
    for code in CODES:
        vote(q, units, voters, code)


def error_code(form, name):
    return form.errors.as_data()[name][0].code


# --- the ballot -----------------------------------------------------------------------------

def ballot(client, q, data):
    return client.post(reverse("voting:ballot", args=[q.pk]), data)


@pytest.mark.parametrize("body", ["abc", "[1, 2]", '{"ciphertexts": []}', ""])
def test_a_junk_ballot_comes_back_as_an_error_and_nothing_is_cast(world, five, session,
                                                                  client_for, body):
    flag = question(open_session(session))
    board_ready(session)
    page = ballot(client_for(world.users["member"]), flag, {"ballot": body})
    assert page.status_code == 200 and page.context["form"].errors
    assert "phiếu không hợp lệ" in page.text.lower()
    assert not EncryptedBallot.objects.exists()


def test_candidate_ids_are_not_a_ballot(world, five, session, client_for):
    """The old confirmation step (a POSTed candidate) casts nothing."""
    flag = question(open_session(session))
    board_ready(session)
    page = ballot(client_for(world.users["member"]), flag,
                  {"step": "cast", "choice": flag.candidates.first().pk})
    assert page.status_code == 200 and not EncryptedBallot.objects.exists()


def test_an_encrypted_ballot_is_cast_and_its_tracker_shown(world, five, session, client_for):
    _campaign, units, _voters = five
    flag = question(open_session(session))
    body = ballot_json(flag, units, "UM", "U4")
    page = ballot(client_for(world.users["member"]), flag, {"ballot": json.dumps(body)})
    tracker = EncryptedBallot.objects.get(unit=units["UM"]).tracker
    assert page.status_code == 200 and tracker in page.text


def test_a_refused_cast_lands_on_the_ballot(world, five, session, client_for):
    _campaign, units, voters = five
    flag = question(open_session(session))
    vote(flag, units, voters, "UM", "U4")
    page = ballot(client_for(world.users["member"]), flag,
                  {"ballot": json.dumps(ballot_json(flag, units, "UM", "U5"))})
    assert page.status_code == 200 and page.context["form"].non_field_errors()
    assert EncryptedBallot.objects.count() == 1


# --- the head's forms on the session page ---------------------------------------------------

def test_paper_counts_with_letters_keep_every_value_and_save_nothing(world, five, session,
                                                                     client_for):
    VotingSession.objects.filter(pk=session.pk).update(mode=VotingSession.Mode.PAPER)
    flag = question(open_session(session))
    first, second = flag.candidates.all()[:2]
    page = client_for(world.users["head"]).post(
        reverse("voting:paper_counts", args=[flag.pk]),
        {"ballots": "năm", f"count-{first.pk}": "3", f"count-{second.pk}": "-1"})
    assert page.status_code == 200 and 'value="năm"' in page.text and 'value="3"' in page.text
    assert not Tally.objects.filter(candidate__question=flag, yes__gt=0).exists()


@pytest.mark.parametrize("unit", ["abc", "999999"])
def test_a_junk_candidate_unit_is_a_field_error_and_the_reason_stays(world, five, session,
                                                                     client_for, unit):
    head = question(session, kind="head")
    before = head.candidates.count()
    page = client_for(world.users["head"]).post(
        reverse("voting:candidate_add", args=[head.pk]), {"unit": unit, "reason": "Đề cử thêm"})
    assert page.status_code == 200 and 'value="Đề cử thêm"' in page.text
    assert head.candidates.count() == before


def test_junk_in_the_attendance_is_a_field_error(world, five, session, client_for):
    page = client_for(world.users["head"]).post(
        reverse("voting:voting_attendance", args=[session.campaign_id]), {"present": "x"})
    assert error_code(page.context["attendance_form"], "present") == "invalid_choice"
    assert session.attendances.count() == 5


# --- offered exactly when the service accepts ----------------------------------------------

def page_offers(client, session, url_name, arg):
    page = client.get(reverse("voting:voting_session", args=[session.campaign_id]))
    return reverse(url_name, args=[arg]) in page.text


def accepts(action):
    try:
        action()
    except ValidationError:
        return False
    return True


def _no_quorum(five, session):
    services.attendance_set(session=session, units=[])


@pytest.mark.parametrize("set_up, possible", [(lambda f, s: None, True), (_no_quorum, False)],
                         ids=["quorum", "no quorum"])
def test_open_the_vote_is_offered_exactly_when_it_would_open(world, five, session, client_for,
                                                             set_up, possible):
    set_up(five, session)
    shown = page_offers(client_for(world.users["head"]), session, "voting:voting_open",
                        session.campaign_id)
    assert shown == accepts(lambda: services.session_open(session=session)) == possible


def _paper(session):
    VotingSession.objects.filter(pk=session.pk).update(mode=VotingSession.Mode.PAPER)


@pytest.mark.parametrize("paper, voted, possible", [
    (False, CODES, True), (False, ("UH", "UD"), False), (False, (), True),
    (True, (), False)],
    ids=["online, all voted", "online, two voted", "online, nobody voted: nothing to count",
         "paper without counts"])
def test_close_a_question_is_offered_exactly_when_it_would_close(world, five, session,
                                                                 client_for, paper, voted,
                                                                 possible):
    if paper:
        _paper(session)
    flag = question(open_session(session))
    _campaign, units, voters = five
    for code in voted:
        vote(flag, units, voters, code)
    shown = page_offers(client_for(world.users["head"]), session, "voting:question_close",
                        flag.pk)
    assert shown == accepts(lambda: services.question_close(question=flag)) == possible


@pytest.mark.parametrize("close_all, possible", [(False, False), (True, True)],
                         ids=["questions open", "all closed"])
def test_close_the_vote_is_offered_exactly_when_it_would_close(world, five, session,
                                                               client_for, close_all, possible):
    open_session(session)
    if close_all:
        for q in session.questions.filter(closed_at__isnull=True):
            all_vote(q, five)
            count(q)
    shown = page_offers(client_for(world.users["head"]), session, "voting:voting_close",
                        session.campaign_id)
    assert shown == accepts(lambda: services.session_close(session=session)) == possible


@pytest.fixture
def tied(five, session):
    """The merit question closed with U4 and U5 tied at the cut-off (as in test_vote)."""
    _campaign, units, voters = five
    return tied_merit(session, units, voters)


def _runoff_done(session, merit, five):
    services.runoff_open(question=merit)


def _vote_closed(session, merit, five):
    for q in session.questions.filter(closed_at__isnull=True):
        all_vote(q, five)
        count(q)
    services.session_close(session=session)


@pytest.mark.parametrize("set_up, possible", [
    (lambda s, m, f: None, True), (_runoff_done, False), (_vote_closed, False)],
    ids=["tie", "run-off already open", "vote closed"])
def test_a_run_off_is_offered_exactly_when_it_would_open(world, five, session, tied,
                                                         client_for, set_up, possible):
    set_up(session, tied, five)
    shown = page_offers(client_for(world.users["head"]), session, "voting:runoff_open",
                        tied.pk)
    assert shown == accepts(lambda: services.runoff_open(question=tied)) == possible
