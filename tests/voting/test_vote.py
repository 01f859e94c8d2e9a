import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from clusters.models import Membership
from members import permissions
from members.models import User
from members.permissions import Role
from tests.helpers import error_codes, lock_results
from tests.voting.conftest import (
    BOARD_SECRETS,
    ballot_json,
    count,
    open_session,
    question,
    tied_merit,
    vote,
)
from voting import python_client, services
from voting.models import EncryptedBallot, PartialDecryption, Tally
from voting.selectors import elected, question_result


def test_the_session_cannot_open_without_quorum(five, session):
    _campaign, units, _voters = five
    services.attendance_set(session=session, units=[units["UH"], units["UD"], units["UM"]])
    with pytest.raises(ValidationError, match="3"):  # 3 of 5 < two thirds
        services.session_open(session=session)


def test_no_ballot_before_the_session_opens(five, session):
    _campaign, units, voters = five
    with pytest.raises(ValidationError) as excinfo:
        vote(question(session), units, voters, "UH", "UM")
    assert error_codes(excinfo.value) == {"voting_not_open"}


def test_one_ballot_per_unit_per_question(five, session):
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    vote(flag, units, voters, "UH", "UM")
    with pytest.raises(ValidationError) as excinfo:
        vote(flag, units, voters, "UH", "U4")
    assert error_codes(excinfo.value) == {"already_voted"}
    assert EncryptedBallot.objects.filter(question=flag).count() == 1


def test_only_the_designated_voter_votes(world, five, session):
    _campaign, units, _voters = five
    open_session(session)
    flag = question(session)
    with pytest.raises(ValidationError) as excinfo:
        services.ballot_cast(question=flag, unit=units["UH"], user=world.users["member"],
                             ballot=ballot_json(flag, units, "UH", "UM"))
    assert error_codes(excinfo.value) == {"not_designated_voter"}


def test_no_more_than_the_quota_of_choices(five, session):
    """Two 1s under quota 1: honest 0/1 proofs, a sum proof that lies; refused on it."""
    from tests.voting.test_encrypted_ballot import cast_forged, vectors_script

    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    with pytest.raises(ValidationError, match="quota_proof") as excinfo:
        cast_forged(flag, units, voters, "UH", lambda q, unit, draw: vectors_script()
                    .over_quota(q, unit, [1, 1, 0], draw))
    assert error_codes(excinfo.value) == {"invalid_ballot"}
    assert not EncryptedBallot.objects.exists()


def test_no_ballot_after_the_question_closes(five, session):
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    for code in ("UD", "UM", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    services.question_close(question=flag, early=True)  # 4 ballots: ⌈0.667 × 5⌉
    with pytest.raises(ValidationError) as excinfo:
        vote(flag, units, voters, "UH", "UM")
    assert error_codes(excinfo.value) == {"voting_not_open"}


def test_counts_are_sealed_until_the_question_closes(five, session):
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    assert question_result(flag) is None
    services.question_close(question=flag)
    flag.refresh_from_db()
    assert question_result(flag) is None  # closed, not decrypted
    assert not Tally.objects.filter(candidate__question=flag).exists()
    python_client.board_decrypt(flag, BOARD_SECRETS[session.pk])
    flag.refresh_from_db()
    assert question_result(flag).elected[0].unit == units["UM"]


def test_the_flag_threshold_is_counted_on_all_member_units(five, session):
    """4 of 5 present vote for UM: 80 % of all members passes; 3 would not (60 %)."""
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    for code in ("UH", "UD", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    vote(flag, units, voters, "UM")  # a blank ballot
    count(flag)
    result = question_result(flag)
    row = next(r for r in result.rows if r.candidate.unit == units["UM"])
    assert (row.yes, str(row.share), row.passed, row.elected) == (4, "0.8000", True, True)


def test_three_of_five_is_not_enough_for_a_flag(five, session):
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    for code in ("UH", "UD", "U4"):
        vote(flag, units, voters, code, "UM")
    for code in ("UM", "U5"):
        vote(flag, units, voters, code)
    count(flag)
    assert question_result(flag).elected == []


def test_a_tie_at_the_cut_off_opens_a_run_off(five, session):
    _campaign, units, voters = five
    merit = tied_merit(session, units, voters)
    result = question_result(merit)  # UM 4 elected; U4 and U5 tied at 3 for one seat
    assert [c.unit.code for c in result.elected] == ["UM"]
    runoff = services.runoff_open(question=merit)
    assert (runoff.quota, sorted(c.unit.code for c in runoff.candidates.all())) == (1, ["U4",
                                                                                        "U5"])


def test_the_session_s_results_read_at_once_equal_each_question_s(five, session):
    """SessionResults (the records' reading, a fixed number of queries) gives what
    question_result gives question by question, run-offs included."""
    from django.test.utils import CaptureQueriesContext

    from voting.selectors import SessionResults

    _campaign, units, voters = five
    flag = question(session)  # no candidate: never counted, no result
    merit = tied_merit(session, units, voters)
    runoff = services.runoff_open(question=merit)
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(runoff, units, voters, code, "U5" if code != "U4" else "U4")
    count(runoff)

    with CaptureQueriesContext(connection) as captured:
        counted = SessionResults(session)
        read = {q.pk: counted.result(q) for q in (merit, runoff, flag)}
        winners = counted.elected("award", merit.award)
    assert len(captured) <= 6, [q["sql"] for q in captured.captured_queries]
    for q in (merit, runoff, flag):
        expected = question_result(q)
        assert (None if read[q.pk] is None else [
            (r.candidate.pk, r.yes, r.share, r.passed, r.elected, r.tied) for r in read[q.pk].rows]
        ) == (None if expected is None else [
            (r.candidate.pk, r.yes, r.share, r.passed, r.elected, r.tied) for r in expected.rows])
        if expected is not None:
            assert (read[q.pk].ballots, read[q.pk].members) == (expected.ballots,
                                                                 expected.members)
    assert [u.code for u in winners] == ["UM", "U5"]
    assert [u.code for u in elected(session, "award", merit.award)] == ["UM", "U5"]


def test_paper_counts_give_the_same_result_as_online_ballots(world, five, session):
    """The same votes, cast online in one cluster and counted on paper in another."""
    from campaigns.forms import default_dates
    from campaigns.models import Campaign
    from campaigns.services import campaign_launch, campaign_save
    from tests.factories import make_cluster

    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    for code in ("UH", "UD", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    vote(flag, units, voters, "UM")
    count(flag)
    online = [(r.candidate.unit.code, r.yes, r.passed, r.elected)
              for r in question_result(flag).rows]

    other = make_cluster(world.org, code="P")
    for unit in units.values():
        Membership.objects.filter(unit=unit, year=world.year).update(cluster=other)
    paper_campaign = campaign_save(campaign=Campaign(cluster=other, year=world.year + 0,
                                                     title="x", **default_dates(world.year)))
    campaign_launch(campaign=paper_campaign)
    lock_results(paper_campaign)
    paper_session = services.session_prepare(campaign=paper_campaign, mode="paper")
    paper_flag = question(paper_session)
    for code in ("UM", "U4", "U5"):
        services.candidate_add(question=paper_flag, unit=units[code], reason="Xuất sắc")
    services.attendance_set(session=paper_session, units=list(units.values()))
    open_session(paper_session)
    services.paper_counts_save(question=paper_flag, ballots=4, counts={
        c.pk: 4 if c.unit.code == "UM" else 0 for c in paper_flag.candidates.all()})
    services.question_close(question=paper_flag)
    paper = [(r.candidate.unit.code, r.yes, r.passed, r.elected)
             for r in question_result(paper_flag).rows]
    assert paper == online


def test_closing_rotates_head_and_deputy_and_moves_the_rights(world, five, session):
    campaign, units, voters = five
    open_session(session)
    head_q, deputy_q = question(session, "head"), question(session, "deputy")
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(head_q, units, voters, code, "UD")
        vote(deputy_q, units, voters, code, "U4")
    for q in session.questions.filter(closed_at__isnull=True):
        if q.kind == "award":
            for code in ("UH", "UD", "UM", "U4", "U5"):
                vote(q, units, voters, code)
        count(q)
    services.session_close(session=session)
    next_year = {m.unit.code: m.role for m in Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year + 1).select_related("unit")}
    assert (next_year["UD"], next_year["U4"], next_year["UH"]) == ("head", "deputy", "member")
    deputy_user = User.objects.get(pk=voters["UD"].pk)
    assert Role.HEAD in permissions.cluster_roles(deputy_user, campaign.cluster, campaign.year + 1)
    assert Role.DEPUTY in permissions.cluster_roles(deputy_user, campaign.cluster, campaign.year)
    assert elected(session, "head") == [units["UD"]]


def test_nothing_in_the_database_holds_a_choice(five, session):
    """The ballot tables hold ciphertexts only: no candidate, no time or order that could
    re-link a unit to its choice, nothing in the audit log."""
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog

    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    vote(flag, units, voters, "UH", "UM")
    vote(flag, units, voters, "UD", "U4")
    for model in (EncryptedBallot, PartialDecryption, Tally):
        names = {f.name for f in model._meta.get_fields()}
        assert not ({"unit", "candidate"} <= names), model
        assert not any(f.get_internal_type() in ("DateTimeField", "DateField")
                       for f in model._meta.concrete_fields), model
    stored = str(list(EncryptedBallot.objects.values_list("ballot", flat=True)))
    ids = [str(c.pk) for c in flag.candidates.all()] + [units[c].code for c in ("UM", "U4")]
    assert not any(f'"{x}"' in stored or f"'{x}'" in stored for x in ids)
    assert not Tally.objects.filter(candidate__question=flag).exists()
    assert not any(auditlog.contains(m) for m in (EncryptedBallot, PartialDecryption, Tally))
    assert not LogEntry.objects.filter(content_type__app_label="voting").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_two_racing_ballots_of_one_unit_count_once(five, session):
    import threading

    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    bodies = [ballot_json(flag, units, "UH", "UM") for _ in range(2)]
    barrier, outcomes = threading.Barrier(2), []

    def cast(body):
        try:
            barrier.wait(timeout=10)
            services.ballot_cast(question=flag, unit=units["UH"], user=voters["UH"],
                                 ballot=body)
            outcomes.append("cast")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(body,)) for body in bodies]
    [t.start() for t in threads]
    [t.join(timeout=30) for t in threads]
    assert sorted(outcomes) == ["cast", "refused"]
    assert EncryptedBallot.objects.filter(question=flag).count() == 1


def test_adding_and_removing_candidates_keeps_the_reason(five, session):
    from voting.models import CandidateChange

    _campaign, units, _voters = five
    flag = question(session)
    with pytest.raises(ValidationError) as excinfo:
        services.candidate_remove(candidate=flag.candidates.get(unit=units["U4"]), reason="")
    assert error_codes(excinfo.value) == {"removal_reason_required"}
    services.candidate_remove(candidate=flag.candidates.get(unit=units["U4"]),
                              reason="Đang bị thanh tra")
    assert CandidateChange.objects.filter(action="removed", reason="Đang bị thanh tra").exists()
