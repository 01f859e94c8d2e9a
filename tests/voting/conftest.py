import pytest

from tests.factories import make_membership, make_rep, make_unit
from voting import services


@pytest.fixture
def five(world, campaign):
    """Cluster A with five member units (three from `world`, two more), each with its
    designated voter. Returns (campaign, {code: unit}, {code: voter user})."""
    units = {"UH": world.head_unit, "UD": world.deputy_unit, "UM": world.member_unit}
    voters = {"UH": world.users["head"], "UD": world.users["deputy"],
              "UM": world.users["member"]}
    for code in ("U4", "U5"):
        units[code] = make_unit(world.org, code=code, name=f"Đơn vị {code}")
        make_membership(world.cluster_a, units[code], world.year)
        voters[code] = make_rep(units[code])
    return campaign, units, voters


@pytest.fixture
def session(five):
    campaign, units, _voters = five
    session = services.session_prepare(campaign=campaign)
    flag = session.questions.get(kind="award", award__level="org_flag")
    for code in ("UM", "U4", "U5"):
        services.candidate_add(question=flag, unit=units[code], reason="Xuất sắc")
    services.attendance_set(session=session, units=list(units.values()))
    return session


def question(session, kind="award", level="org_flag"):
    questions = session.questions.filter(kind=kind, runoff_of__isnull=True)
    return questions.get(award__level=level) if kind == "award" else questions.get()


def vote(question, units, voters, code, *choices):
    """The unit `code` votes for the candidates whose units are `choices` (codes)."""
    ids = [question.candidates.get(unit=units[c]).pk for c in choices]
    return services.ballot_cast(question=question, unit=units[code], user=voters[code],
                                candidate_ids=ids)


