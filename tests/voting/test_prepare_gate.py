"""The vote is prepared only from locked results (page and service share one refusal, which
says what is missing); an award question without candidates is shown as such, never
dropped."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from scoring import services as scoring_services
from scoring.models import ScoreSheet
from tests.helpers import error_codes, lock_results
from voting import selectors, services
from voting.models import Question, VotingSession


def prepare_button(client, campaign):
    page = client.get(reverse("voting:voting_session", args=[campaign.pk])).text
    return f'action="{reverse("voting:voting_prepare", args=[campaign.pk])}"' in page, page


def test_without_a_criteria_table_the_vote_is_not_prepared(world, campaign):
    with pytest.raises(ValidationError) as refused:
        services.session_prepare(campaign=campaign)
    assert error_codes(refused.value) == {"no_table"}
    assert not VotingSession.objects.exists()


def test_unlocked_results_refuse_and_say_what_is_missing(world, campaign):
    table = scoring_services.table_for_campaign(campaign=campaign)
    scoring_services.scoring_open(table=table)
    ScoreSheet.objects.filter(table=table, unit=world.member_unit).update(status="submitted")
    refusal = selectors.prepare_refusal(campaign)
    assert refusal.code == "results_not_locked"
    assert "1" in refusal.message and "thẩm định" in refusal.message


def test_the_page_offers_no_prepare_button_while_results_are_unlocked(world, campaign,
                                                                      client_for):
    scoring_services.table_for_campaign(campaign=campaign)
    offered, page = prepare_button(client_for(world.users["head"]), campaign)
    assert not offered and 'id="prepare-refusal"' in page


def test_posting_prepare_anyway_is_refused_with_the_same_message(world, campaign, client_for):
    scoring_services.table_for_campaign(campaign=campaign)
    page = client_for(world.users["head"]).post(
        reverse("voting:voting_prepare", args=[campaign.pk]), {"mode": "online"})
    assert selectors.prepare_refusal(campaign).message in page.text
    assert not VotingSession.objects.exists()


def test_locked_results_let_the_head_prepare_the_vote(world, campaign, client_for):
    lock_results(campaign)
    head = client_for(world.users["head"])
    offered, _page = prepare_button(head, campaign)
    head.post(reverse("voting:voting_prepare", args=[campaign.pk]), {"mode": "online"})
    assert offered and VotingSession.objects.filter(campaign=campaign).exists()


@pytest.fixture
def opened(world, five):
    """A vote where only the organisation's flag has candidates; opened."""
    campaign, units, _voters = five
    lock_results(campaign)
    session = services.session_prepare(campaign=campaign)
    flag = session.questions.get(kind="award", award__level="org_flag")
    services.candidate_add(question=flag, unit=units["UM"], reason="Xuất sắc")
    services.attendance_set(session=session, units=list(units.values()))
    return services.session_open(session=session)


def test_a_question_without_candidates_is_kept_and_closed_when_the_vote_opens(opened):
    empty = Question.objects.get(session=opened, kind="award", award__level="gov_flag")
    assert empty.closed_at == opened.opened_at


def test_a_question_without_candidates_reads_no_unit_eligible(world, opened, client_for):
    page = client_for(world.users["member"]).get(
        reverse("voting:voting_session", args=[opened.campaign_id])).text
    assert "Không có đơn vị đủ điều kiện" in page
    assert "Cờ thi đua của Chính phủ" in page


def test_the_vote_still_closes_with_an_empty_question(opened):
    for question in opened.questions.filter(closed_at__isnull=True):
        services.question_close(question=question)
    services.session_close(session=opened)
    opened.refresh_from_db()
    assert opened.status == VotingSession.Status.CLOSED
