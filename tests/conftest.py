import os
from types import SimpleNamespace

import pytest

from clusters.models import Membership
from core.years import current_year
from members.models import StaffRole
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_staff, make_unit

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = ["anonymous", "secretariat", "leadership", "head", "deputy", "member", "other_rep"]


@pytest.fixture
def world(db):
    """One organisation, cluster A (head, deputy, member units) and cluster B, this year and
    last year, with one user for every role of the permission matrix."""
    year = current_year()
    org = make_org(code="org")
    cluster_a = make_cluster(org, code="A", name="Cụm thi đua số 1")
    cluster_b = make_cluster(org, code="B", name="Cụm thi đua số 2")
    head_unit, deputy_unit, member_unit = (make_unit(org, code=c) for c in ("UH", "UD", "UM"))
    other_unit = make_unit(org, code="UO")
    for unit, role in ((head_unit, Membership.Role.HEAD), (deputy_unit, Membership.Role.DEPUTY),
                       (member_unit, Membership.Role.MEMBER)):
        make_membership(cluster_a, unit, year, role)
        make_membership(cluster_a, unit, year - 1)
    make_membership(cluster_b, other_unit, year, Membership.Role.HEAD)
    users = {
        "anonymous": None,
        "secretariat": make_staff(org, StaffRole.Role.SECRETARIAT),
        "leadership": make_staff(org, StaffRole.Role.LEADERSHIP),
        "head": make_rep(head_unit),
        "deputy": make_rep(deputy_unit),
        "member": make_rep(member_unit),
        "other_rep": make_rep(other_unit),
    }
    return SimpleNamespace(year=year, org=org, cluster_a=cluster_a, cluster_b=cluster_b,
                           head_unit=head_unit, deputy_unit=deputy_unit,
                           member_unit=member_unit, other_unit=other_unit, users=users)


@pytest.fixture
def client_for(client):
    """client_for(user) → the test client logged in as that user (None: anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


def at(year, month, day, hour=9):
    """A moment in the portal's time zone, for time_machine.travel."""
    import datetime
    from zoneinfo import ZoneInfo

    return datetime.datetime(year, month, day, hour, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def campaign(world):
    """World's cluster A campaign for this year, launched (pledges created), default dates."""
    import datetime

    import time_machine

    from campaigns import services
    from campaigns.forms import default_dates
    from campaigns.models import Campaign

    campaign = services.campaign_save(campaign=Campaign(
        cluster=world.cluster_a, year=world.year, title="Phong trào thi đua",
        pledge_text="Thi đua hoàn thành xuất sắc nhiệm vụ được giao.",
        **default_dates(world.year)))
    with time_machine.travel(at(world.year, 3, 1), tick=False):
        services.campaign_launch(campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.launched_at.date() <= datetime.date(world.year, 3, 1)
    return campaign


@pytest.fixture
def signed(world, campaign):
    """The campaign once the member unit has registered one target and signed (1 April)."""
    import time_machine

    from tests.helpers import register_and_sign

    with time_machine.travel(at(world.year, 4, 1), tick=False):
        register_and_sign(campaign, world.member_unit, world.users["member"],
                          [("Phát triển hội viên", "người", 10)])
    return campaign
