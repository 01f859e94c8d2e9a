"""Fixtures of the campaign tests."""

import datetime

import pytest

from campaigns import services
from campaigns.forms import default_dates
from campaigns.models import Campaign
from clusters.models import Membership
from tests.factories import make_membership

D = datetime.date
YEAR = 2023


@pytest.fixture
def past(world):
    """Cluster A's 2023 campaign (dossier due 20/01/2024), launched, in recording mode."""
    for unit, role in ((world.head_unit, Membership.Role.HEAD),
                       (world.deputy_unit, Membership.Role.DEPUTY),
                       (world.member_unit, Membership.Role.MEMBER)):
        make_membership(world.cluster_a, unit, YEAR, role)
    campaign = services.campaign_save(campaign=Campaign(
        cluster=world.cluster_a, year=YEAR, title="Phong trào thi đua năm 2023", place="Điện Biên",
        **{**default_dates(YEAR), "dossier_due": D(YEAR + 1, 1, 20)}))
    services.campaign_launch(campaign=campaign)
    return services.campaign_recording_set(campaign=campaign, on=True)
