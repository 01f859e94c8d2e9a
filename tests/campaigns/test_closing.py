"""Closing the year: the head (or the secretariat) closes it at the dossier stage, which locks
it — every service refuses with a Vietnamese message — and next year's campaign is created
from it: the criteria table and the targets copied, every milestone a year on."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services as award_services
from campaigns import selectors, services
from campaigns.forms import default_dates
from campaigns.models import Campaign, DeadlineExtension, Milestone, UnitPledge
from reports import services as report_services
from scoring import services as scoring_services
from scoring.models import CriteriaTable, Criterion
from tests.factories import make_membership
from tests.helpers import error_codes, register_and_sign
from voting import services as voting_services

D = datetime.date


@pytest.fixture
def at_dossier(world, past):
    """The 2023 campaign at the dossier stage: the member signed, the pledge concluded, and
    today lies after its conference."""
    register_and_sign(past, world.member_unit, world.users["member"],
                      [("Phát triển hội viên", "người", 12)])
    services.pledge_finalise(campaign=past)
    scoring_services.table_for_campaign(campaign=past)
    past.refresh_from_db()
    return past


@pytest.fixture
def closed(at_dossier):
    return services.campaign_close(campaign=at_dossier)


# --- closing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["head", "secretariat"])
def test_the_head_or_the_secretariat_closes_the_year(world, at_dossier, client_for, who):
    client_for(world.users[who]).post(
        reverse("campaigns:campaign_close_year", args=[at_dossier.pk]))
    at_dossier.refresh_from_db()
    assert at_dossier.closed_at is not None
    assert at_dossier.phase() == Campaign.Phase.CLOSED


@pytest.mark.parametrize("who", ["deputy", "member"])
def test_other_units_cannot_close_the_year(world, at_dossier, client_for, who):
    response = client_for(world.users[who]).post(
        reverse("campaigns:campaign_close_year", args=[at_dossier.pk]))
    at_dossier.refresh_from_db()
    assert response.status_code == 403 and at_dossier.closed_at is None


def test_the_year_cannot_close_before_the_dossier_stage(world, campaign):
    with pytest.raises(ValidationError) as refused:
        services.campaign_close(campaign=campaign)
    assert error_codes(refused.value) == {"not_at_dossier"}


def test_a_closed_year_cannot_close_again(closed):
    with pytest.raises(ValidationError) as refused:
        services.campaign_close(campaign=closed)
    assert error_codes(refused.value) == {"already_closed"}


@pytest.mark.parametrize("ready", [True, False], ids=["dossier stage", "pledge stage"])
def test_the_page_offers_closing_exactly_when_it_would_close(world, past, at_dossier,
                                                             campaign, client_for, ready):
    target = at_dossier if ready else campaign
    page = client_for(world.users["secretariat"]).get(
        reverse("campaigns:campaign_detail", args=[target.pk])).text
    offered = reverse("campaigns:campaign_close_year", args=[target.pk]) in page
    assert offered == (selectors.close_refusal(target) is None) == ready


def test_a_closed_year_shows_it_and_offers_no_head_action(world, closed, client_for):
    page = client_for(world.users["head"]).get(
        reverse("campaigns:campaign_detail", args=[closed.pk])).text
    assert 'id="year-closed"' in page
    assert reverse("campaigns:campaign_extend", args=[closed.pk]) not in page


# --- refusals after closing ------------------------------------------------------------------

def _pledge(world, campaign):
    return UnitPledge.objects.get(campaign=campaign, unit=world.member_unit)


WRITES = {
    "campaign_save": lambda w, c: services.campaign_save(campaign=c),
    "deadline_extend": lambda w, c: services.deadline_extend(
        campaign=c, deadline=Milestone.DOSSIER, unit=None, new_due=c.dossier_due + datetime.
        timedelta(days=5), reason="Chờ ý kiến", by=w.users["head"]),
    "pledge_save": lambda w, c: services.pledge_save(pledge=_pledge(w, c), targets=[],
                                                     titles=[]),
    "recording_set": lambda w, c: services.campaign_recording_set(campaign=c, on=False),
    "close_period": lambda w, c: services.campaign_close_period(campaign=c,
                                                                deadline="yearend"),
    "report_get_or_create": lambda w, c: report_services.report_get_or_create(
        campaign=c, unit=w.member_unit, period="semiannual"),
    "summary_save": lambda w, c: report_services.summary_save(campaign=c, period="yearend",
                                                              narrative="Tổng kết"),
    "scoring_open": lambda w, c: scoring_services.scoring_open(table=c.criteria_table),
    "vote_prepare": lambda w, c: voting_services.session_prepare(campaign=c),
    "nominations_submit": lambda w, c: award_services.nominations_submit(
        campaign=c, by=w.users["head"]),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_is_refused_once_the_year_is_closed(world, closed, write):
    campaign = Campaign.objects.get(pk=closed.pk)
    with pytest.raises(ValidationError) as refused:
        WRITES[write](world, campaign)
    assert error_codes(refused.value) == {"campaign_closed"}


def test_a_copy_loaded_before_closing_is_refused_too(world, at_dossier):
    stale = Campaign.objects.get(pk=at_dossier.pk)
    services.campaign_close(campaign=at_dossier)
    with pytest.raises(ValidationError):
        services.deadline_extend(campaign=stale, deadline=Milestone.DOSSIER, unit=None,
                                 new_due=stale.dossier_due + datetime.timedelta(days=5),
                                 reason="Chờ ý kiến", by=world.users["head"])
    assert not DeadlineExtension.objects.exists()


def test_the_refusal_is_vietnamese_on_the_page(world, closed, client_for):
    page = client_for(world.users["head"]).post(
        reverse("campaigns:campaign_close", args=[closed.pk, "yearend"]), follow=True).text
    assert 'data-code="campaign_closed"' in page and "đã kết thúc" in page


# --- next year's campaign --------------------------------------------------------------------

def test_milestones_move_a_year_on_and_29_february_becomes_28_february():
    campaign = Campaign(year=2024, **{**default_dates(2024), "pledge_due": D(2024, 2, 29)})
    moved = services.next_year_dates(campaign)
    assert moved["pledge_due"] == D(2025, 2, 28)
    assert moved["conference_on"] == campaign.conference_on.replace(year=2025)


def test_next_year_is_created_only_from_a_closed_year(at_dossier):
    with pytest.raises(ValidationError) as refused:
        scoring_services.campaign_next_year(campaign=at_dossier)
    assert error_codes(refused.value) == {"not_closed"}


@pytest.fixture
def next_year(world, closed):
    """2024 with the member unit continuing: the campaign created from the closed 2023."""
    make_membership(world.cluster_a, world.member_unit, closed.year + 1)
    return scoring_services.campaign_next_year(campaign=closed)


def test_next_year_moves_every_milestone_a_year_on(closed, next_year):
    assert [getattr(next_year, f) for f, _l in Campaign.MILESTONES] == [
        getattr(closed, f).replace(year=getattr(closed, f).year + 1)
        for f, _l in Campaign.MILESTONES]
    assert next_year.title == "Phong trào thi đua năm 2024" and not next_year.launched_at


def test_next_year_copies_the_criteria_table(closed, next_year):
    def rows(campaign):
        return list(Criterion.objects.filter(group__table__campaign=campaign).order_by(
            "group__order", "order").values_list("group__code", "code", "max_points"))
    assert rows(next_year) == rows(closed) and rows(closed)
    assert CriteriaTable.objects.get(campaign=next_year).locked_at is None


def test_next_year_starts_each_continuing_units_pledge_with_its_targets(world, next_year):
    pledge = UnitPledge.objects.get(campaign=next_year, unit=world.member_unit)
    assert list(pledge.targets.values_list("name", "target_value")) == [
        ("Phát triển hội viên", Decimal(12))]
    assert pledge.signed_at is None


def test_next_year_cannot_be_created_twice(closed, next_year):
    with pytest.raises(ValidationError) as refused:
        scoring_services.campaign_next_year(campaign=closed)
    assert error_codes(refused.value) == {"next_year_exists"}


def test_the_confirmation_page_shows_the_copy_and_writes_nothing(world, closed, client_for):
    page = client_for(world.users["secretariat"]).get(
        reverse("scoring:campaign_next_year", args=[closed.pk])).text
    assert 'id="next-milestones"' in page and "20/01/2025" in page  # dossier due a year on
    assert not Campaign.objects.filter(year=closed.year + 1).exists()


def test_confirming_creates_next_years_campaign(world, closed, client_for):
    response = client_for(world.users["secretariat"]).post(
        reverse("scoring:campaign_next_year", args=[closed.pk]))
    created = Campaign.objects.get(cluster=closed.cluster, year=closed.year + 1)
    assert response.url == reverse("campaigns:campaign_detail", args=[created.pk])


def test_this_years_head_without_next_years_rights_cannot_create_it(world, closed,
                                                                    client_for):
    response = client_for(world.users["head"]).post(
        reverse("scoring:campaign_next_year", args=[closed.pk]))
    assert response.status_code == 403
    assert not Campaign.objects.filter(year=closed.year + 1).exists()
