import pytest

from tests.factories import make_membership, make_rep, make_unit
from tests.helpers import lock_results
from voting import python_client, selectors, services

# {session pk: {board member pk: secret}}: the shares the board members' browsers keep.
BOARD_SECRETS = {}


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
    lock_results(campaign)
    session = services.session_prepare(campaign=campaign)
    flag = session.questions.get(kind="award", award__level="org_flag")
    for code in ("UM", "U4", "U5"):
        services.candidate_add(question=flag, unit=units[code], reason="Xuất sắc")
    services.attendance_set(session=session, units=list(units.values()))
    return session


def question(session, kind="award", level="org_flag"):
    questions = session.questions.filter(kind=kind, runoff_of__isnull=True)
    return questions.get(award__level=level) if kind == "award" else questions.get()


def board_ready(session):
    """The counting board publishes its shares (once): the election key exists."""
    if selectors.election_key(session) is None:
        BOARD_SECRETS[session.pk] = python_client.board_keys_publish(session)
    return BOARD_SECRETS[session.pk]


def ballot_json(question, units, code, *choices):
    """The POST body of unit `code`'s ballot for the units `choices` (codes), encrypted as
    the browser does."""
    board_ready(question.session)
    return python_client.ballot_json(question, units[code], [units[c] for c in choices])


def vote(question, units, voters, code, *choices):
    """The unit `code` votes for the candidates whose units are `choices` (codes); returns
    the tracker."""
    return services.ballot_cast(question=question, unit=units[code], user=voters[code],
                                ballot=ballot_json(question, units, code, *choices))


def count(question, early=False):
    """End voting on the question and let every board member decrypt its sums."""
    services.question_close(question=question, early=early)
    question.refresh_from_db()
    return python_client.board_decrypt(question, BOARD_SECRETS[question.session_id])


def open_session(session):
    services.session_open(session=session)
    session.refresh_from_db()
    return session


def tied_merit(session, units, voters):
    """Opens the session with a merit question (quota 2, more than half of all units) counted
    with UM elected (4 votes) and U4 and U5 tied at 3 for the last seat."""
    merit = question(session, level="org_merit")
    for code in ("UM", "U4", "U5"):
        services.candidate_add(question=merit, unit=units[code], reason="Tốt")
    open_session(session)
    votes = {"UH": ("UM", "U4"), "UD": ("UM", "U5"), "UM": ("U4", "U5"), "U4": ("UM", "U5"),
             "U5": ("UM", "U4")}
    for code, choices in votes.items():
        vote(merit, units, voters, code, *choices)
    count(merit)
    merit.refresh_from_db()
    return merit




def count_all(session, five):
    """Every present unit that has not voted on a question casts a blank ballot; then each
    question is closed and counted by the board."""
    _campaign, units, voters = five
    for q in session.questions.filter(counted_at__isnull=True):
        done = set(q.encrypted_ballots.values_list("unit__code", flat=True))
        for code in units:
            if code not in done:
                vote(q, units, voters, code)
        count(q)


def vote_as(question, unit, user, *chosen_units):
    """`unit`'s designated voter `user` votes for the candidates whose units are given."""
    board_ready(question.session)
    return python_client.vote(question, unit, user, list(chosen_units))


def close_and_count(session, voters):
    """voters: {unit: designated voter}. On a question somebody voted on, present units that
    have not cast a blank ballot; every question is closed and decrypted by the board (one
    nobody voted on closes with nothing to count)."""
    board_ready(session)
    for q in session.questions.filter(counted_at__isnull=True):
        done = set(q.encrypted_ballots.values_list("unit_id", flat=True))
        if not done:
            services.question_close(question=q)
            continue
        for unit, user in voters.items():
            if unit.pk not in done:
                python_client.vote(q, unit, user, [])
        count(q)
