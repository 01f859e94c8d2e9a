import os
from types import SimpleNamespace

import pytest

from clusters.models import Membership
from core.years import current_year
from members.models import StaffRole
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_staff, make_unit

# Playwright's sync API runs an event loop in the test thread; the ORM must still work there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLES = ["anonymous", "secretariat", "leadership", "head", "deputy", "member", "other_rep",
         "leader_b", "other_org", "verifier"]


@pytest.fixture
def world(db):
    return build_world()


def build_world():
    """One organisation, cluster A (head, deputy, member units) and cluster B, this year and
    last year, with one user for every role of the permission matrix:

    - leader_b: leadership limited to cluster B, so cluster A is none of their business;
    - other_org: the secretariat of another organisation (which has a cluster of its own);
    - verifier: the representative of unit UV, which belongs to no cluster here; the
      `cross_check` fixture makes UV a member of cluster A that verifies UM's score sheet.
    (Kept out of cluster A by default: many tests count cluster A's three members.)"""
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
    verifier_unit = make_unit(org, code="UV")
    other_org = make_org(code="org2")
    make_membership(make_cluster(other_org, code="X", name="Cụm của tổ chức khác"),
                    make_unit(other_org, code="UX"), year,
                    Membership.Role.HEAD)
    users = {
        "anonymous": None,
        "secretariat": make_staff(org, StaffRole.Role.SECRETARIAT),
        "leadership": make_staff(org, StaffRole.Role.LEADERSHIP),
        "head": make_rep(head_unit),
        "deputy": make_rep(deputy_unit),
        "member": make_rep(member_unit),
        "other_rep": make_rep(other_unit),
        "leader_b": make_staff(org, StaffRole.Role.LEADERSHIP, cluster=cluster_b),
        "other_org": make_staff(other_org, StaffRole.Role.SECRETARIAT),
        "verifier": make_rep(verifier_unit),
    }
    return SimpleNamespace(year=year, org=org, cluster_a=cluster_a, cluster_b=cluster_b,
                           head_unit=head_unit, deputy_unit=deputy_unit,
                           member_unit=member_unit, other_unit=other_unit,
                           verifier_unit=verifier_unit, other_org=other_org, users=users)


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
    return build_campaign(world)


def build_campaign(world):
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
def cross_check(world, campaign):
    return build_cross_check(world, campaign)


def build_cross_check(world, campaign):
    """Cluster A's table in cross-check mode with self-scoring open: UV joins cluster A this
    year and verifies UM's sheet, in a fixed cycle UV→UM→UH→UD→UV (checker→checked), so the
    assignment does not depend on the year's rotation."""
    from scoring import services as scoring_services
    from scoring.models import CriteriaTable, CrossCheck

    make_membership(world.cluster_a, world.verifier_unit, world.year)
    table = scoring_services.table_for_campaign(campaign=campaign)
    CriteriaTable.objects.filter(pk=table.pk).update(mode=CriteriaTable.Mode.CROSS)
    table.refresh_from_db()
    scoring_services.scoring_open(table=table)
    table.cross_checks.all().delete()
    cycle = [world.verifier_unit, world.member_unit, world.head_unit, world.deputy_unit]
    pairs = zip(cycle, cycle[1:] + cycle[:1], strict=True)
    CrossCheck.objects.bulk_create([CrossCheck(table=table, checker=checker, checked=checked)
                                    for checker, checked in pairs])
    return table


@pytest.fixture
def signed(world, campaign):
    """The campaign once the member unit has registered one target and signed (1 April)."""
    import time_machine

    from tests.helpers import register_and_sign

    with time_machine.travel(at(world.year, 4, 1), tick=False):
        register_and_sign(campaign, world.member_unit, world.users["member"],
                          [("Phát triển hội viên", "người", 10)])
    return campaign
