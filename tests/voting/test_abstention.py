"""A unit abstaining on a question about itself (issue 13, item 7): the declaration, its
refusals, the closing rule and the bulletin's `abstaining_units`, the ballot page's button."""

import pytest
from django.urls import reverse

from tests.helpers import refusal_codes
from tests.voting.conftest import board_ready, count, question, vote
from voting import selectors, services
from voting.models import Abstention, EncryptedBallot
from voting.verifier import CheckFailed, verify_bulletin


@pytest.fixture
def flag(five, session):
    services.session_open(session=session)
    session.refresh_from_db()
    board_ready(session)
    return question(session)  # candidates UM, U4, U5; five units present


def declare(five, flag, code):
    _campaign, units, voters = five
    return services.abstention_declare(question=flag, unit=units[code], user=voters[code])


def test_a_candidate_unit_declares_and_the_question_closes_when_the_others_voted(five, flag):
    _campaign, units, voters = five
    row = declare(five, flag, "UM")
    assert (row.question, row.unit) == (flag, units["UM"])
    assert not EncryptedBallot.objects.filter(unit=units["UM"]).exists()
    for code in ("UH", "UD", "U4"):
        vote(flag, units, voters, code, "U4")  # UD is not a candidate
    # U5 has neither voted nor declared: not yet.
    assert refusal_codes(lambda: services.question_close(question=flag)) == {"not_all_voted"}
    vote(flag, units, voters, "U5", "U5")
    counts = count(flag)
    flag.refresh_from_db()
    assert flag.counted_at and not flag.closed_early and sorted(counts) == [0, 1, 3]
    data = selectors.question_bulletin(flag)
    assert data["questions"][0]["abstaining_units"] == ["UM"]
    assert "closing" in verify_bulletin(data)
    # The verifier reads the list: drop the declaration and the full close no longer holds.
    data["questions"][0]["abstaining_units"] = []
    with pytest.raises(CheckFailed) as excinfo:
        verify_bulletin(data)
    assert excinfo.value.check == "closing"
    # A server passing a non-candidate that voted off as abstaining (its ballot dropped) is
    # caught on the closing check, before the sums would be.
    entry = data["questions"][0]
    ud = next(b for b in entry["ballots"] if b["unit"] == "UD")
    entry["ballots"].remove(ud)
    entry["abstaining_units"] = ["UD", "UM"]
    with pytest.raises(CheckFailed) as excinfo:
        verify_bulletin(data)
    assert excinfo.value.check == "closing" and "not candidates: UD" in excinfo.value.detail


def test_a_unit_that_declared_cannot_cast_and_cannot_declare_twice(five, flag):
    _campaign, units, voters = five
    declare(five, flag, "U4")
    assert refusal_codes(lambda: vote(flag, units, voters, "U4", "UM")) == {"abstained"}
    assert refusal_codes(lambda: declare(five, flag, "U4")) == {"already_abstained"}
    assert Abstention.objects.filter(question=flag).count() == 1
    assert not EncryptedBallot.objects.filter(question=flag).exists()


def test_the_declaration_is_refused_to_non_candidates_and_after_voting(five, flag):
    _campaign, units, voters = five
    assert refusal_codes(lambda: declare(five, flag, "UH")) == {"not_candidate"}
    vote(flag, units, voters, "U5", "UM")
    assert refusal_codes(lambda: declare(five, flag, "U5")) == {"already_voted"}
    # Only the unit's designated voter declares for it.
    assert refusal_codes(lambda: services.abstention_declare(
        question=flag, unit=units["UM"], user=voters["U4"])) == {"not_designated_voter"}
    assert not Abstention.objects.exists()


def test_no_declaration_leaves_fewer_than_three_possible_ballots(five, flag):
    """A declaration cannot be undone: the one that would leave fewer than three units to
    vote is refused, so the question can always be counted (it would else never close)."""
    _campaign, units, voters = five
    for code in ("UM", "U4"):
        declare(five, flag, code)
    assert refusal_codes(lambda: declare(five, flag, "U5")) == {"too_few_voters"}
    assert Abstention.objects.filter(question=flag).count() == 2
    for code in ("UH", "UD", "U5"):
        vote(flag, units, voters, code, "UM")
    services.question_close(question=flag)
    flag.refresh_from_db()
    assert flag.closed_at is not None


def test_the_ballot_page_offers_the_declaration_to_candidates_only(world, five, flag,
                                                                   client_for):
    _campaign, units, _voters = five
    url = reverse("voting:abstain", args=[flag.pk])
    head = client_for(world.users["head"])  # UH: not a candidate
    assert 'id="abstain-link"' not in head.get(reverse("voting:ballot", args=[flag.pk])).text
    page = head.get(url)
    assert "abstain-refusal" in page.text and "abstain-confirm" not in page.text
    head.post(url)
    assert not Abstention.objects.exists()
    member = client_for(world.users["member"])  # UM: a candidate
    page = member.get(reverse("voting:ballot", args=[flag.pk]))
    assert "Không bỏ phiếu cho câu hỏi về đơn vị mình" in page.text
    assert "abstain-confirm" in member.get(url).text
    assert member.post(url).status_code == 302
    assert Abstention.objects.filter(question=flag, unit=units["UM"]).exists()
    page = member.get(reverse("voting:ballot", args=[flag.pk]))
    assert 'id="ballot-form"' not in page.text and 'id="abstain-link"' not in page.text
    page = member.get(reverse("voting:voting_session", args=[flag.session.campaign_id]))
    assert "abstained-badge" in page.text
