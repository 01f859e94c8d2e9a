import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from clusters.models import Membership
from members import permissions
from members.models import User
from members.permissions import Role
from tests.helpers import error_codes
from tests.voting.conftest import question, vote
from voting import services
from voting.models import BallotCast, Receipt, Tally
from voting.selectors import elected, question_result


def open_session(session):
    services.session_open(session=session)
    session.refresh_from_db()
    return session


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
    assert Tally.objects.filter(candidate__question=flag).values_list("yes", flat=True) \
        .order_by("-yes").first() == 1


def test_only_the_designated_voter_votes(world, five, session):
    _campaign, units, _voters = five
    open_session(session)
    flag = question(session)
    with pytest.raises(ValidationError) as excinfo:
        services.ballot_cast(question=flag, unit=units["UH"], user=world.users["member"],
                             candidate_ids=[flag.candidates.first().pk])
    assert error_codes(excinfo.value) == {"not_designated_voter"}


def test_no_more_than_the_quota_of_choices(five, session):
    _campaign, units, voters = five
    open_session(session)
    with pytest.raises(ValidationError) as excinfo:
        vote(question(session), units, voters, "UH", "UM", "U4")  # flag quota is 1
    assert error_codes(excinfo.value) == {"too_many_choices"}


def test_no_ballot_after_the_question_closes(five, session):
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    services.question_close(question=flag)
    with pytest.raises(ValidationError) as excinfo:
        vote(flag, units, voters, "UH", "UM")
    assert error_codes(excinfo.value) == {"voting_not_open"}


def test_counts_are_sealed_until_the_question_closes(five, session):
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    vote(flag, units, voters, "UH", "UM")
    assert question_result(flag) is None


def test_the_flag_threshold_is_counted_on_all_member_units(five, session):
    """4 of 5 present vote for UM: 80 % of all members passes; 3 would not (60 %)."""
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    for code in ("UH", "UD", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    services.question_close(question=flag)
    result = question_result(flag)
    row = next(r for r in result.rows if r.candidate.unit == units["UM"])
    assert (row.yes, str(row.share), row.passed, row.elected) == (4, "0.8000", True, True)


def test_three_of_five_is_not_enough_for_a_flag(five, session):
    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    for code in ("UH", "UD", "U4"):
        vote(flag, units, voters, code, "UM")
    services.question_close(question=flag)
    assert question_result(flag).elected == []


def test_a_tie_at_the_cut_off_opens_a_run_off(five, session):
    _campaign, units, voters = five
    merit = question(session, level="org_merit")  # quota 2, more than half of all units
    for code in ("UM", "U4", "U5"):
        services.candidate_add(question=merit, unit=units[code], reason="Tốt")
    open_session(session)
    votes = {"UH": ("UM", "U4"), "UD": ("UM", "U5"), "UM": ("U4", "U5"), "U4": ("UM", "U5"),
             "U5": ("UM", "U4")}
    for code, choices in votes.items():
        vote(merit, units, voters, code, *choices)
    services.question_close(question=merit)
    result = question_result(merit)  # UM 4 elected; U4 and U5 tied at 3 for one seat
    assert [c.unit.code for c in result.elected] == ["UM"]
    runoff = services.runoff_open(question=merit)
    assert (runoff.quota, sorted(c.unit.code for c in runoff.candidates.all())) == (1, ["U4",
                                                                                        "U5"])


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
    services.question_close(question=flag)
    online = [(r.candidate.unit.code, r.yes, r.passed, r.elected)
              for r in question_result(flag).rows]

    other = make_cluster(world.org, code="P")
    for unit in units.values():
        Membership.objects.filter(unit=unit, year=world.year).update(cluster=other)
    paper_campaign = campaign_save(campaign=Campaign(cluster=other, year=world.year + 0,
                                                     title="x", **default_dates(world.year)))
    campaign_launch(campaign=paper_campaign)
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
    for q in session.questions.all():
        services.question_close(question=q)
    services.session_close(session=session)
    next_year = {m.unit.code: m.role for m in Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year + 1).select_related("unit")}
    assert (next_year["UD"], next_year["U4"], next_year["UH"]) == ("head", "deputy", "member")
    deputy_user = User.objects.get(pk=voters["UD"].pk)
    assert Role.HEAD in permissions.cluster_roles(deputy_user, campaign.cluster, campaign.year + 1)
    assert Role.DEPUTY in permissions.cluster_roles(deputy_user, campaign.cluster, campaign.year)
    assert elected(session, "head") == [units["UD"]]


def test_nothing_in_the_database_links_a_unit_to_its_choices(five, session):
    """After a session, no table holds a unit and a choice together, and the ballot tables
    carry no time or order that could re-link them."""
    from django.apps import apps

    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    vote(flag, units, voters, "UH", "UM")
    vote(flag, units, voters, "UD", "U4")
    for model in (BallotCast, Receipt, Tally):
        names = {f.name for f in model._meta.get_fields()}
        assert not ({"unit", "candidate"} <= names), model
        assert not any(f.get_internal_type() in ("DateTimeField", "DateField")
                       for f in model._meta.concrete_fields), model
    assert not any(f.related_model is BallotCast for m in apps.get_models()
                   for f in m._meta.concrete_fields if f.is_relation)
    from auditlog.registry import auditlog

    assert not any(auditlog.contains(m) for m in (BallotCast, Receipt, Tally))
    from auditlog.models import LogEntry

    assert not LogEntry.objects.filter(content_type__app_label="voting",
                                       content_type__model__in=["ballotcast", "tally",
                                                                "receipt"]).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_two_racing_ballots_of_one_unit_count_once(five, session):
    import threading

    _campaign, units, voters = five
    open_session(session)
    flag = question(session)
    ids = [flag.candidates.get(unit=units["UM"]).pk]
    barrier, outcomes = threading.Barrier(2), []

    def cast():
        try:
            barrier.wait(timeout=10)
            services.ballot_cast(question=flag, unit=units["UH"], user=voters["UH"],
                                 candidate_ids=ids)
            outcomes.append("cast")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast) for _ in range(2)]
    [t.start() for t in threads]
    [t.join(timeout=30) for t in threads]
    assert sorted(outcomes) == ["cast", "refused"]
    assert Tally.objects.get(candidate_id=ids[0]).yes == 1 and Receipt.objects.count() == 1


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
