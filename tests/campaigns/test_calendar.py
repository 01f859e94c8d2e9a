"""The organisation's calendar lists the milestones a person may open, no more."""

import pytest
from django.urls import reverse

from campaigns import services
from campaigns.forms import default_dates
from campaigns.models import Campaign


@pytest.fixture
def campaign_b(world):
    return services.campaign_save(campaign=Campaign(
        cluster=world.cluster_b, year=world.year, title="Phong trào cụm B",
        pledge_text="Thi đua.", **default_dates(world.year)))


def calendar(world, client_for, role):
    return client_for(world.users[role]).get(reverse("campaigns:organisation_calendar"),
                                             {"year": world.year}).text


def test_limited_leader_calendar_lists_only_their_clusters_milestones(world, campaign,
                                                                      campaign_b, client_for):
    page = calendar(world, client_for, "leader_b")
    assert world.cluster_b.name in page and world.cluster_a.name not in page


def test_limited_leader_calendar_links_to_no_page_they_cannot_open(world, campaign,
                                                                   campaign_b, client_for):
    page = calendar(world, client_for, "leader_b")
    assert reverse("campaigns:campaign_detail", args=[campaign.pk]) not in page


def test_the_secretariat_calendar_lists_every_cluster(world, campaign, campaign_b,
                                                      client_for):
    page = calendar(world, client_for, "secretariat")
    assert world.cluster_a.name in page and world.cluster_b.name in page
