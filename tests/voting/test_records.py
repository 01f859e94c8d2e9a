"""The conference's two records (vote-count record, minutes) are numbered and frozen when the
head issues them; before that they are drafts; the submission cites the minutes' number."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import documents as award_documents
from awards import services as award_services
from awards.models import Nomination
from tests.helpers import pdf_text
from tests.voting.conftest import count_all, question, vote
from voting import selectors, services
from voting.models import VotingSession


@pytest.fixture
def closed(session, five):
    """The vote of `five` closed, with its chair and secretary named."""
    _campaign, units, voters = five
    services.session_details_save(session=session, place="Hội trường", chair="Nguyễn Chủ Tọa",
                                  secretary="Trần Thư Ký", board=[("Lê Kiểm", units["UH"])])
    services.session_open(session=session)
    session.refresh_from_db()
    flag = question(session)
    for code in ("UH", "UD", "UM", "U4", "U5"):
        vote(flag, units, voters, code, "UM")
    count_all(session, five)
    return services.session_close(session=session)


def _download(client, user, campaign, kind, fmt="pdf"):
    client.force_login(user)
    return client.get(reverse("voting:vote_document", args=[campaign.pk, kind, fmt]))


def test_issuing_numbers_both_records_dated_by_the_conference(closed, five):
    _campaign, _units, voters = five
    session = services.vote_records_issue(session=closed, by=voters["UH"])
    day = selectors.conference_facts(session).day
    assert [session.count_record.number, session.minutes_record.number] == [1, 2]
    assert {session.count_record.issued_on, session.minutes_record.issued_on} == {day}
    assert session.count_record.stored.pdf_sha256 and session.minutes_record.stored.docx_sha256


def test_an_issued_record_downloads_byte_for_byte_after_a_unit_is_renamed(
        closed, five, client):
    campaign, units, voters = five
    session = services.vote_records_issue(session=closed, by=voters["UH"])
    units["UM"].name = "Tên mới của đơn vị"
    units["UM"].save()
    for kind, issued in (("kiem-phieu", session.count_record),
                         ("bien-ban", session.minutes_record)):
        for fmt in ("pdf", "docx"):
            response = _download(client, voters["UM"], campaign, kind, fmt)
            assert response.content == issued.stored.content(fmt)


def test_before_issue_each_record_is_a_draft(closed, five, client):
    campaign, _units, voters = five
    text = pdf_text(_download(client, voters["UH"], campaign, "bien-ban").content)
    assert "DỰ THẢO" in text


def test_the_records_are_issued_once(closed, five):
    _campaign, _units, voters = five
    services.vote_records_issue(session=closed, by=voters["UH"])
    with pytest.raises(ValidationError) as refused:
        services.vote_records_issue(session=closed, by=voters["UH"])
    assert refused.value.code == "records_issued"


def test_an_open_vote_has_no_records_to_issue(session, five):
    _campaign, _units, voters = five
    with pytest.raises(ValidationError) as refused:
        services.vote_records_issue(session=session, by=voters["UH"])
    assert refused.value.code == "vote_not_closed"


def test_the_minutes_wait_for_their_signers(closed, five):
    _campaign, _units, voters = five
    VotingSession.objects.filter(pk=closed.pk).update(secretary="")
    closed.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services.vote_records_issue(session=closed, by=voters["UH"])
    assert refused.value.code == "signers_missing"
    assert closed.count_record is None


def test_after_issue_the_conference_details_no_longer_change(closed, five):
    _campaign, units, voters = five
    session = services.vote_records_issue(session=closed, by=voters["UH"])
    with pytest.raises(ValidationError) as refused:
        services.session_details_save(session=session, place="Nơi khác", chair="A",
                                      secretary="B", board=[("C", units["UH"])])
    assert refused.value.code == "records_issued"


def test_the_head_issues_through_the_vote_page(closed, five, client):
    campaign, _units, voters = five
    client.force_login(voters["UH"])
    page = client.get(reverse("voting:voting_session", args=[campaign.pk]))
    assert b'id="records-issue"' in page.content
    client.post(reverse("voting:records_issue", args=[campaign.pk]))
    closed.refresh_from_db()
    assert closed.minutes_record is not None


def test_a_member_cannot_issue_the_records(closed, five, client):
    campaign, _units, voters = five
    client.force_login(voters["UM"])
    response = client.post(reverse("voting:records_issue", args=[campaign.pk]))
    closed.refresh_from_db()
    assert (response.status_code, closed.minutes_record) == (403, None)


def test_the_submission_cites_the_issued_minutes_by_number_and_date(closed, five):
    campaign, _units, voters = five
    session = services.vote_records_issue(session=closed, by=voters["UH"])
    award_services.nominations_from_vote(campaign=campaign)
    award_services.nominations_submit(campaign=campaign, by=voters["UH"])
    document = award_documents.submission_document(
        campaign, list(Nomination.objects.filter(campaign=campaign)), voters["UH"])
    minutes = session.minutes_record
    expected = f"số {minutes.number_label} ngày {minutes.issued_on:%d/%m/%Y}"
    assert any(expected in getattr(block, "text", "") for block in document.blocks)
