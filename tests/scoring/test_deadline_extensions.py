"""Every milestone can be extended, for one unit or all, with a reason (issue 16, item 1):
the extension moves the date the service checks, and the refusal states the fact."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from campaigns import services
from campaigns.models import Campaign, DeadlineExtension, Milestone
from campaigns.selectors import DueDates
from scoring import services as scoring_services
from tests.conftest import at
from tests.helpers import error_codes
from tests.scoring.conftest import full_marks, sheet_of


def extend(world, campaign, milestone, new_due, unit=None):
    return services.deadline_extend(campaign=campaign, deadline=milestone, unit=unit,
                                    new_due=new_due, reason="Đơn vị có văn bản xin gia hạn",
                                    by=world.users["head"])


@pytest.mark.parametrize("milestone", [m for m in Milestone if m != Milestone.CONTEST])
def test_an_extension_moves_the_units_date_of_every_milestone(world, campaign, milestone):
    later = campaign.base_due(milestone) + datetime.timedelta(days=3)
    extend(world, campaign, milestone, later, unit=world.member_unit)
    due = DueDates(campaign)
    assert due.for_unit(milestone, world.member_unit.pk) == later
    assert due.for_unit(milestone, world.head_unit.pk) == campaign.base_due(milestone)


def test_contesting_has_no_date_until_an_extension_gives_one(world, campaign):
    assert DueDates(campaign).for_unit(Milestone.CONTEST, world.member_unit.pk) is None
    extend(world, campaign, Milestone.CONTEST, datetime.date(world.year, 12, 20))
    assert DueDates(campaign).for_unit(Milestone.CONTEST, world.member_unit.pk) == \
        datetime.date(world.year, 12, 20)


def test_an_extension_must_be_later_than_the_milestone(world, campaign):
    with pytest.raises(ValidationError) as excinfo:
        extend(world, campaign, Milestone.SELFSCORE, campaign.selfscore_due)
    assert error_codes(excinfo.value) == {"extension_not_later"}
    assert not DeadlineExtension.objects.exists()


def test_a_closed_year_takes_no_extension(world, campaign):
    # Closed as campaigns.services.campaign_close does at the dossier stage (tested in
    # tests/campaigns/test_closing.py); this campaign is still at its pledge.
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=timezone.now())
    campaign.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        extend(world, campaign, Milestone.DOSSIER, campaign.dossier_due + datetime.timedelta(1))
    assert error_codes(excinfo.value) == {"campaign_closed"}


@pytest.fixture
def scored(world, table):
    sheet = sheet_of(table, world.member_unit)
    scoring_services.self_score_save(sheet=sheet, scores=full_marks(sheet), claims={})
    return sheet


def test_late_self_scoring_states_the_fact_not_a_rating(world, table, scored):
    with (time_machine.travel(at(world.year, 12, 7), tick=False),
          pytest.raises(ValidationError) as excinfo):
        scoring_services.self_score_submit(sheet=scored, user=world.users["member"])
    assert error_codes(excinfo.value) == {"self_score_overdue"}
    assert "Không hoàn thành" not in str(excinfo.value)


def test_a_self_scoring_extension_lets_that_unit_submit_late(world, table, scored):
    extend(world, table.campaign, Milestone.SELFSCORE, datetime.date(world.year, 12, 8),
           unit=world.member_unit)
    with time_machine.travel(at(world.year, 12, 7), tick=False):
        sheet = scoring_services.self_score_submit(sheet=scored, user=world.users["member"])
    assert sheet.status == sheet.Status.SUBMITTED


def test_a_contest_extension_reopens_the_window(world, verified):
    score = verified.scores.get(criterion__code="2")
    extend(world, verified.table.campaign, Milestone.CONTEST,
           datetime.date(world.year, 12, 14), unit=world.member_unit)
    with time_machine.travel(at(world.year, 12, 13), tick=False):
        contested = scoring_services.contest(score=score, reason="Có minh chứng bổ sung")
    assert contested.contested_at is not None


def test_the_sheet_page_offers_the_contest_exactly_when_extended(world, verified, client_for):
    url = reverse("scoring:sheet_detail", args=[verified.pk])
    with time_machine.travel(at(world.year, 12, 13), tick=False):
        client = client_for(world.users["member"])  # logged in on that day (session age)
        before = client.get(url).text
        extend(world, verified.table.campaign, Milestone.CONTEST,
               datetime.date(world.year, 12, 14))
        after = client.get(url).text
    action = reverse("scoring:score_contest", args=[verified.scores.get(criterion__code="2").pk])
    assert action not in before and action in after


def test_the_extension_form_offers_every_milestone(world, campaign, client_for):
    page = client_for(world.users["head"]).get(
        reverse("campaigns:campaign_extend", args=[campaign.pk])).text
    assert all(f'value="{milestone.value}"' in page for milestone in Milestone)
