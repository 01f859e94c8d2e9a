import datetime

import pytest
from django.core.exceptions import ValidationError

from clusters import services
from clusters.models import Membership
from tests.factories import make_cluster, make_membership, make_org, make_unit
from tests.helpers import error_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return make_org()


def roles(cluster, year):
    return {m.unit.code: m.role for m in Membership.objects.filter(cluster=cluster, year=year)}


def test_membership_set_adds_removes_and_sets_roles(org):
    cluster = make_cluster(org)
    a, b, c = (make_unit(org, code=x) for x in "ABC")
    make_membership(cluster, c, 2026)
    services.membership_set(cluster=cluster, year=2026, units=[a, b], head=a, deputy=b)
    assert roles(cluster, 2026) == {"A": "head", "B": "deputy"}


def test_membership_set_swaps_head_and_deputy(org):
    cluster = make_cluster(org)
    a, b = make_unit(org, code="A"), make_unit(org, code="B")
    services.membership_set(cluster=cluster, year=2026, units=[a, b], head=a, deputy=b)
    services.membership_set(cluster=cluster, year=2026, units=[a, b], head=b, deputy=a)
    assert roles(cluster, 2026) == {"A": "deputy", "B": "head"}


def test_membership_set_refuses_a_unit_placed_in_another_cluster(org):
    cluster, other = make_cluster(org), make_cluster(org)
    unit = make_unit(org)
    make_membership(other, unit, 2026)
    with pytest.raises(ValidationError, match=other.name):
        services.membership_set(cluster=cluster, year=2026, units=[unit])


def test_membership_set_refuses_the_same_head_and_deputy(org):
    cluster, unit = make_cluster(org), make_unit(org)
    with pytest.raises(ValidationError) as excinfo:
        services.membership_set(cluster=cluster, year=2026, units=[unit], head=unit, deputy=unit)
    assert error_codes(excinfo.value) == {"head_is_deputy"}


def test_copy_year_copies_members_without_roles_by_default(org):
    cluster = make_cluster(org)
    a, b = make_unit(org, code="A"), make_unit(org, code="B")
    services.membership_set(cluster=cluster, year=2025, units=[a, b], head=a, deputy=b)
    copied, skipped = services.membership_copy_year(organisation=org, from_year=2025,
                                                    to_year=2026)
    assert (copied, skipped, roles(cluster, 2026)) == (2, 0, {"A": "member", "B": "member"})


def test_copy_year_can_keep_roles_and_skips_already_placed_units(org):
    cluster = make_cluster(org)
    a, b = make_unit(org, code="A"), make_unit(org, code="B")
    services.membership_set(cluster=cluster, year=2025, units=[a, b], head=a)
    make_membership(make_cluster(org), b, 2026)
    copied, skipped = services.membership_copy_year(organisation=org, from_year=2025,
                                                    to_year=2026, keep_roles=True)
    assert (copied, skipped, roles(cluster, 2026)) == (1, 1, {"A": "head"})


def test_copy_year_skips_units_merged_before_the_new_year(org):
    cluster, successor, old = make_cluster(org), make_unit(org), make_unit(org)
    make_membership(cluster, old, 2025)
    services.unit_merge(units=[old], successor=successor, merged_on=datetime.date(2025, 7, 1))
    assert services.membership_copy_year(organisation=org, from_year=2025, to_year=2026) == (0, 1)


def test_merge_refuses_a_unit_still_member_after_the_merge(org):
    old, successor = make_unit(org), make_unit(org)
    make_membership(make_cluster(org), old, 2026)
    with pytest.raises(ValidationError, match="2026"):
        services.unit_merge(units=[old], successor=successor, merged_on=datetime.date(2025, 7, 1))


def test_merge_refuses_a_successor_that_has_merged_itself(org):
    old, middle, last = make_unit(org), make_unit(org), make_unit(org)
    services.unit_merge(units=[middle], successor=last, merged_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as excinfo:
        services.unit_merge(units=[old], successor=middle, merged_on=datetime.date(2025, 7, 1))
    assert error_codes(excinfo.value) == {"successor_merged"}
