"""A lost board share (issue 13, item 3): every question not yet counted is void online (no
counts ever shown), voted again on paper through the paper counts, recorded in the minutes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.pdf import render_pdf
from tests.helpers import error_codes, pdf_text, refusal_codes
from tests.voting.conftest import BOARD_SECRETS, board_ready, count, question, vote
from voting import python_client, selectors, services
from voting.documents import minutes_document
from voting.models import Tally

CODES = ("UH", "UD", "UM", "U4", "U5")


@pytest.fixture
def opened(five, session):
    services.session_details_save(session=session, place="Hội trường", chair="Nguyễn Chủ Tọa",
                                  secretary="Trần Thư Ký",
                                  board=[(m.name, m.unit) for m in session.board_members.all()])
    services.session_open(session=session)
    session.refresh_from_db()
    board_ready(session)
    return session


def lose_share(session, five):
    """Head counted; the award waiting for the board (one partial in); deputy open."""
    _campaign, units, voters = five
    head, flag = question(session, "head"), question(session)
    for code in CODES:
        vote(head, units, voters, code, "UH")
        vote(flag, units, voters, code, "UM")
    count(head)
    services.question_close(question=flag)
    flag.refresh_from_db()
    first = session.board_members.first()
    services.partial_decryption_send(question=flag, member=first, user=first.user,
                                     partial=python_client.partial_json(
                                         flag, first, BOARD_SECRETS[session.pk][first.pk]))
    lost = session.board_members.last()
    services.board_share_lost_declare(member=lost)
    session.refresh_from_db()
    return head, flag, lost


def test_a_lost_share_voids_what_is_not_counted_and_it_is_voted_on_paper(five, opened):
    _campaign, units, voters = five
    head, flag, lost = lose_share(opened, five)
    head.refresh_from_db()
    flag.refresh_from_db()
    deputy = question(opened, "deputy")
    assert opened.share_lost_member == lost and opened.share_lost_at
    assert head.voided_at is None and selectors.question_result(head) is not None
    assert flag.voided_at and flag.closed_at is None and flag.counted_at is None
    assert deputy.voided_at and not selectors.encrypted(flag)
    assert selectors.question_result(flag) is None and selectors.question_bulletin(flag) is None
    # The board can no longer decrypt it, nor can anyone cast on a voided question.
    member = opened.board_members.all()[1]
    assert refusal_codes(lambda: services.partial_decryption_send(
        question=flag, member=member, user=member.user,
        partial=python_client.partial_json(flag, member,
                                           BOARD_SECRETS[opened.pk][member.pk]))) == {
        "not_counting"}
    assert refusal_codes(lambda: vote(deputy, units, voters, "UH", "UD")) == {"voided"}
    assert not Tally.objects.filter(candidate__question=flag).exists()
    # Voted again on paper: the paper counts, then the close.
    assert refusal_codes(lambda: services.question_close(question=flag)) == {"no_counts"}
    um, u4, u5 = (flag.candidates.get(unit=units[c]).pk for c in ("UM", "U4", "U5"))
    services.paper_counts_save(question=flag, ballots=5, counts={um: 4, u4: 2, u5: 0})
    services.question_close(question=flag)
    flag.refresh_from_db()
    result = selectors.question_result(flag)
    assert flag.counted_at and result.ballots == 5
    assert [(r.candidate.unit.code, r.yes) for r in result.rows][:2] == [("UM", 4), ("U4", 2)]
    assert selectors.on_paper(deputy)  # the questions not yet voted on are on paper too


def test_a_share_is_declared_lost_once_and_only_when_published(five, session):
    member = session.board_members.first()
    assert refusal_codes(lambda: services.board_share_lost_declare(member=member)) == {
        "not_published"}
    board_ready(session)
    member.refresh_from_db()
    services.board_share_lost_declare(member=member)
    assert refusal_codes(lambda: services.board_share_lost_declare(member=member)) == {
        "share_lost"}


def test_the_page_for_the_head_or_the_member_only(world, five, opened, client_for):
    lost = opened.board_members.last()  # a person of UM, the member's user
    url = reverse("voting:share_lost", args=[lost.pk])
    assert client_for(world.users["deputy"]).get(url).status_code == 403
    page = client_for(world.users["head"]).get(url)
    assert "share-lost-confirm" in page.text
    assert "share-lost-link" in client_for(world.users["head"]).get(
        reverse("voting:voting_session", args=[opened.campaign_id])).text
    assert client_for(lost.user).post(url).status_code == 302
    opened.refresh_from_db()
    assert opened.share_lost_member == lost
    page = client_for(world.users["head"]).get(
        reverse("voting:voting_session", args=[opened.campaign_id]))
    assert 'id="share-lost"' in page.text and "share-lost-link" not in page.text
    assert "share-lost-refusal" in client_for(world.users["head"]).get(url).text


def test_the_minutes_record_the_lost_share_and_the_paper_vote(world, five, opened):
    head, flag, lost = lose_share(opened, five)
    flag.refresh_from_db()
    _campaign, units, _voters = five
    um = flag.candidates.get(unit=units["UM"]).pk
    services.paper_counts_save(question=flag, ballots=5, counts={um: 4})
    services.question_close(question=flag)
    text = " ".join(pdf_text(render_pdf(minutes_document(opened, world.users["head"]))).split())
    assert f"Phần khóa của thành viên Ban Kiểm phiếu {lost.name}" in text
    assert "bị mất" in text and "bỏ phiếu lại bằng phiếu giấy" in text
    voided = text[text.index("bị hủy"):text.index("bỏ phiếu lại bằng phiếu giấy")]
    assert flag.title in voided and question(opened, "deputy").title in voided
    assert head.title not in voided


def test_partial_decryptions_of_voided_questions_are_deleted(five, opened):
    """Held back, they would still let their senders and a database administrator read the
    void counts once the others are in: they go with the question's online count."""
    from voting.models import PartialDecryption

    _head, flag, _lost = lose_share(opened, five)
    assert not PartialDecryption.objects.filter(question=flag).exists()


def test_a_ballot_on_a_question_voided_meanwhile_is_refused(five, opened):
    """ballot_cast reads the question again under its lock: the caller's copy is stale."""
    _campaign, units, voters = five
    deputy = question(opened, "deputy")
    stale = question(opened, "deputy")
    lose_share(opened, five)
    with pytest.raises(ValidationError) as excinfo:
        vote(stale, units, voters, "UH", "UM")
    assert error_codes(excinfo.value) & {"voting_not_open", "voided"}
    assert not deputy.encrypted_ballots.exists()
