"""The launch creates everything the year's pages need, so that no GET has to (issue 12, 6)."""

import pytest
from django.urls import reverse

from campaigns import services as campaign_services
from campaigns.forms import default_dates
from campaigns.models import Campaign, UnitPledge
from reports.models import Report
from scoring.models import CriteriaTable


@pytest.fixture
def unlaunched(world):
    return campaign_services.campaign_save(campaign=Campaign(
        cluster=world.cluster_a, year=world.year, title="Phong trào",
        **default_dates(world.year)))


def test_launch_creates_pledges_both_reports_of_every_member_and_the_table(world, unlaunched,
                                                                            client_for):
    client_for(world.users["head"]).post(reverse("scoring:campaign_launch",
                                                 args=[unlaunched.pk]))
    assert UnitPledge.objects.filter(campaign=unlaunched).count() == 3
    assert sorted(Report.objects.filter(campaign=unlaunched).values_list(
        "unit__code", "period")) == sorted((u, p) for u in ("UD", "UH", "UM")
                                            for p in ("semiannual", "yearend"))
    assert CriteriaTable.objects.filter(campaign=unlaunched).count() == 1


def test_a_launch_refused_for_want_of_members_creates_nothing(world, client_for):
    empty_year = campaign_services.campaign_save(campaign=Campaign(
        cluster=world.cluster_a, year=world.year + 1, title="Phong trào",
        **default_dates(world.year + 1)))
    client_for(world.users["head"]).post(reverse("scoring:campaign_launch",
                                                 args=[empty_year.pk]))
    assert not Report.objects.exists() and not CriteriaTable.objects.filter(
        campaign=empty_year).exists()


def test_launching_twice_creates_the_reports_and_the_table_once(world, unlaunched, client_for):
    client = client_for(world.users["head"])
    url = reverse("scoring:campaign_launch", args=[unlaunched.pk])
    client.post(url)
    client.post(url)  # refused: already launched
    assert (Report.objects.count(),
            CriteriaTable.objects.filter(campaign=unlaunched).count()) == (6, 1)


def test_the_criteria_table_page_writes_nothing_and_offers_to_create(world, campaign,
                                                                     client_for):
    client = client_for(world.users["head"])
    page = client.get(reverse("scoring:scoring_table", args=[campaign.pk]))
    assert not CriteriaTable.objects.filter(campaign=campaign).exists()
    client.post(reverse("scoring:scoring_table_create", args=[campaign.pk]))
    assert "scoring/create/" in page.text and CriteriaTable.objects.filter(
        campaign=campaign).count() == 1


def test_a_campaign_file_is_attached_through_the_service(world, campaign, client_for):
    from tests.reports.files import pdf_upload

    client_for(world.users["head"]).post(
        reverse("campaigns:campaign_file_add", args=[campaign.pk]),
        {"kind": "plan", "file": pdf_upload()})
    assert campaign.files.get().kind == "plan"


@pytest.mark.parametrize("month", [9, 10, 11, 12])
def test_default_milestones_follow_one_another_for_any_conference_month(month):
    dates = default_dates(2023, month)
    ordered = [dates[name] for name, _label in Campaign.MILESTONES]
    assert ordered == sorted(ordered) and dates["conference_on"].month == month


def test_the_new_campaign_page_suggests_milestones_for_a_november_conference(world, client_for):
    page = client_for(world.users["head"]).get(
        reverse("campaigns:campaign_create", args=[world.cluster_a.pk, world.year]),
        {"conference_month": "11"}).text
    assert f'value="{world.year}-11-15"' in page or f'value="15/11/{world.year}"' in page
