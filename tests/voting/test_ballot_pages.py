"""The encrypted ballot's pages: the voter's states, the bulletin board and its JSON, the
board member's page and POSTs, the head's "end voting early" (issue 13, step 4)."""

import json

import pytest
from django.urls import reverse

from tests.voting.conftest import BOARD_SECRETS, board_ready, question, vote
from voting import ballot_crypto as bc
from voting import bulletin as board
from voting import python_client, selectors, services
from voting.models import CountingBoardMember, EncryptedBallot, PartialDecryption


def opened(session):
    services.session_open(session=session)
    session.refresh_from_db()
    return question(session)


def ballot_page(client, q):
    return client.get(reverse("voting:ballot", args=[q.pk]))


def test_the_ballot_page_carries_the_data_and_no_candidate_field(world, five, session,
                                                                 client_for):
    flag = opened(session)
    board_ready(session)
    page = ballot_page(client_for(world.users["member"]), flag)
    data = page.context["ballot_data"]
    assert [c["id"] for c in data["candidates"]] == ["UM", "U4", "U5"]
    assert data["election_key"] == selectors.election_key(session).hex()
    assert len(data["board"]) == session.board_members.count()
    assert 'id="ballot-data"' in page.text and "js/ballot.js" in page.text
    assert page.text.index("ballot.min.js") < page.text.index("js/ballot.js")
    assert 'name="choice"' not in page.text and "JavaScript" in page.text
    # The only named field of the form is the encrypted ballot.
    form = page.text[page.text.index('id="ballot-form"'):]
    form = form[:form.index("</form>")]
    assert form.count("name=") == 2 and 'name="ballot"' in form  # + csrfmiddlewaretoken


def test_no_form_before_the_key_is_complete(world, five, session, client_for):
    flag = opened(session)
    page = ballot_page(client_for(world.users["member"]), flag)
    assert "Khóa bầu cử chưa hoàn chỉnh" in page.text and 'id="ballot-form"' not in page.text


def test_no_form_once_voted_or_closed(world, five, session, client_for):
    _campaign, units, voters = five
    flag = opened(session)
    vote(flag, units, voters, "UM", "U4")
    page = ballot_page(client_for(world.users["member"]), flag)
    assert "đã bỏ phiếu" in page.text and 'id="ballot-form"' not in page.text
    for code in ("UH", "UD", "U4", "U5"):
        vote(flag, units, voters, code)
    services.question_close(question=flag)
    page = ballot_page(client_for(world.users["head"]), flag)
    assert "đã kết thúc" in page.text and 'id="ballot-form"' not in page.text


def test_a_voter_finds_their_tracker_on_the_bulletin(world, five, session, client_for):
    _campaign, units, voters = five
    flag = opened(session)
    tracker = vote(flag, units, voters, "UM", "U4")
    client = client_for(world.users["member"])
    url = reverse("voting:bulletin", args=[flag.pk])
    assert "tracker-found" in client.get(url, {"tracker": tracker.upper()}).text
    assert "tracker-missing" in client.get(url, {"tracker": "0" * 64}).text
    assert tracker in client.get(url).text


def test_the_bulletin_json_while_counting_carries_the_servers_sums(world, five, session,
                                                                   client_for):
    _campaign, units, voters = five
    flag = opened(session)
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    client = client_for(world.users["head"])
    url = reverse("voting:bulletin_json", args=[flag.pk])
    assert json.loads(client.get(url).content)["questions"][0]["tally"] is None
    services.question_close(question=flag)
    flag.refresh_from_db()
    tally = json.loads(client.get(url).content)["questions"][0]["tally"]
    assert tally["sums"] == [bc.ciphertext_to_json(ct) for ct in selectors.question_sums(flag)]
    assert tally["partial_decryptions"] == [] and tally["counts"] is None
    python_client.board_decrypt(flag, BOARD_SECRETS[session.pk])
    flag.refresh_from_db()
    body = client.get(url).content
    assert body == selectors.bulletin_bytes(flag)  # the export's bytes once counted
    assert json.loads(body)["questions"][0]["tally"]["counts"][0] == 5


def test_the_board_page_and_its_posts(world, five, session, client_for):
    opened(session)
    member = session.board_members.select_related("user").first()
    client = client_for(member.user)
    page = client.get(reverse("voting:board", args=[session.campaign_id]))
    assert page.status_code == 200 and "share-draw" in page.text and "js/board.js" in page.text
    # A junk share is refused in Vietnamese and writes nothing.
    page = client.post(reverse("voting:board_share", args=[session.campaign_id]),
                       {"public_share": "00" * 32, "proof": "{}"}, follow=True)
    assert "không hợp lệ" in page.text
    member.refresh_from_db()
    assert member.public_share == ""
    secret = bc.share_secret(bc.new_share_seed())
    proof = bc.prove_share(selectors.crypto_session_id(session), member.crypto_id, secret)
    client.post(reverse("voting:board_share", args=[session.campaign_id]), {
        "public_share": bc.public_share(secret).hex(),
        "proof": json.dumps(bc.schnorr_to_json(proof))})
    member.refresh_from_db()
    assert member.public_share == bc.public_share(secret).hex()
    page = client.get(reverse("voting:board", args=[session.campaign_id]))
    assert "share-draw" not in page.text and "share-published" in page.text


def test_a_board_member_sends_a_partial_decryption(world, five, session, client_for):
    _campaign, units, voters = five
    flag = opened(session)
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(flag, units, voters, code, "U4")
    services.question_close(question=flag)
    flag.refresh_from_db()
    member = session.board_members.select_related("user").first()
    client = client_for(member.user)
    page = client.get(reverse("voting:board", args=[session.campaign_id]))
    assert f'id="decrypt-{flag.pk}"' in page.text
    url = reverse("voting:board_decrypt", args=[flag.pk])
    client.post(url, {"partial": "junk"})
    assert not PartialDecryption.objects.exists()
    partial = python_client.partial_json(flag, member, BOARD_SECRETS[session.pk][member.pk])
    client.post(url, {"partial": json.dumps(partial)})
    assert PartialDecryption.objects.filter(member=member).count() == 1
    page = client.get(reverse("voting:board", args=[session.campaign_id]))
    assert f'id="decrypt-{flag.pk}"' not in page.text


def test_only_board_members_reach_the_board_page(world, five, session, client_for):
    opened(session)
    outsider = five[2]["U5"]
    assert not CountingBoardMember.objects.filter(user=outsider).exists()
    page = client_for(outsider).get(reverse("voting:board", args=[session.campaign_id]))
    assert page.status_code == 403


def test_ending_early_is_refused_below_the_minimum_and_works_above(world, five, session,
                                                                  client_for):
    _campaign, units, voters = five
    flag = opened(session)
    client = client_for(world.users["head"])
    url = reverse("voting:question_end_early", args=[flag.pk])
    minimum = board.early_close_minimum(selectors.members_count(session), session.quorum)
    codes = ["UH", "UD", "UM", "U4", "U5"]
    assert 3 <= minimum < len(codes)
    for code in codes[:minimum - 1]:
        vote(flag, units, voters, code, "UM")
    page = client.get(url)
    assert "end-early-refusal" in page.text and "end-early-confirm" not in page.text
    assert page.context["refusal"].code == "too_few_ballots"
    client.post(url)
    flag.refresh_from_db()
    assert flag.closed_at is None
    vote(flag, units, voters, codes[minimum - 1], "UM")
    page = client.get(url)
    assert "end-early-confirm" in page.text
    client.post(url)
    flag.refresh_from_db()
    assert flag.closed_at and flag.closed_early
    assert EncryptedBallot.objects.filter(question=flag).count() == minimum


def test_the_session_page_offers_end_early_and_the_board_link(world, five, session, client_for):
    _campaign, units, voters = five
    flag = opened(session)
    vote(flag, units, voters, "UH", "UM")
    head_page = client_for(world.users["head"]).get(
        reverse("voting:voting_session", args=[session.campaign_id])).text
    assert reverse("voting:question_end_early", args=[flag.pk]) in head_page
    assert reverse("voting:bulletin", args=[flag.pk]) in head_page
    member = session.board_members.select_related("user").first()
    page = client_for(member.user).get(
        reverse("voting:voting_session", args=[session.campaign_id])).text
    assert 'id="board-link"' in page


pytestmark = pytest.mark.django_db
