import datetime

import pytest
from django.db import IntegrityError, transaction

from clusters.models import Membership, Unit
from tests.factories import make_cluster, make_membership, make_org, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    org = make_org()
    return org, make_cluster(org), make_cluster(org)


def _violates(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
    return True


def test_a_cluster_has_one_head_a_year(setup):
    org, cluster, _ = setup
    make_membership(cluster, make_unit(org), 2026, Membership.Role.HEAD)
    assert _violates(lambda: make_membership(cluster, make_unit(org), 2026, Membership.Role.HEAD))


def test_a_cluster_has_at_most_one_deputy_a_year(setup):
    org, cluster, _ = setup
    make_membership(cluster, make_unit(org), 2026, Membership.Role.DEPUTY)
    assert _violates(
        lambda: make_membership(cluster, make_unit(org), 2026, Membership.Role.DEPUTY))


def test_heads_of_different_years_coexist(setup):
    org, cluster, _ = setup
    make_membership(cluster, make_unit(org), 2025, Membership.Role.HEAD)
    make_membership(cluster, make_unit(org), 2026, Membership.Role.HEAD)
    assert Membership.objects.filter(role=Membership.Role.HEAD).count() == 2


def test_a_unit_is_in_one_cluster_of_its_organisation_a_year(setup):
    org, cluster_a, cluster_b = setup
    unit = make_unit(org)
    make_membership(cluster_a, unit, 2026)
    assert _violates(lambda: make_membership(cluster_b, unit, 2026))


def test_membership_year_is_bounded(setup):
    org, cluster, _ = setup
    assert _violates(lambda: make_membership(cluster, make_unit(org), 1999))


def test_unit_code_is_unique_per_organisation():
    org = make_org()
    make_unit(org, code="X")
    make_unit(make_org(), code="X")  # another organisation may reuse it
    assert _violates(lambda: make_unit(org, code="X"))


def test_merge_needs_both_successor_and_date():
    org = make_org()
    unit = make_unit(org)
    unit.merged_on = datetime.date(2025, 7, 1)
    assert _violates(unit.save)


def test_role_title_follows_the_cluster_kind():
    org = make_org()
    khoi, cum = make_cluster(org, kind="khoi"), make_cluster(org, kind="cum")
    membership = make_membership(khoi, make_unit(org), 2026, Membership.Role.HEAD)
    assert membership.role_title == khoi.head_title != cum.head_title


def test_merged_unit_accepts_membership_only_for_years_starting_before_the_merge():
    unit = Unit(merged_on=datetime.date(2025, 7, 1))
    assert (unit.accepts_membership_in(2025), unit.accepts_membership_in(2026)) == (True, False)
