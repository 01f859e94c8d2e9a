import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from clusters import services
from members import permissions
from members.models import StaffRole, User
from members.permissions import Action, Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def fresh(user):
    """Permissions cache per user object, as per request: reload to see changes."""
    return User.objects.get(pk=user.pk)


def test_head_rights_come_from_the_units_membership(world):
    roles = permissions.cluster_roles(world.users["head"], world.cluster_a, world.year)
    assert Role.HEAD in roles and permissions.allows(Action.RUN_CLUSTER, roles)


def test_head_rights_hold_only_for_that_year(world):
    roles = permissions.cluster_roles(world.users["head"], world.cluster_a, world.year - 1)
    assert roles == {Role.MEMBER}


def test_rotation_moves_head_rights_without_editing_permissions(world):
    cluster, year = world.cluster_a, world.year
    units = [world.head_unit, world.deputy_unit, world.member_unit]
    services.membership_set(cluster=cluster, year=year, units=units, head=world.deputy_unit,
                            deputy=world.member_unit)
    old_head, new_head = fresh(world.users["head"]), fresh(world.users["deputy"])
    assert Role.HEAD not in permissions.cluster_roles(old_head, cluster, year)
    assert Role.HEAD in permissions.cluster_roles(new_head, cluster, year)


def test_deputy_does_not_get_run_rights(world):
    roles = permissions.cluster_roles(world.users["deputy"], world.cluster_a, world.year)
    assert roles == {Role.DEPUTY} and not permissions.allows(Action.RUN_CLUSTER, roles)


def test_outsider_gets_404_and_low_role_gets_403(world):
    with pytest.raises(Http404):
        permissions.get_cluster_for(world.users["other_rep"], world.cluster_a.pk,
                                    Action.VIEW_CLUSTER)
    with pytest.raises(PermissionDenied):
        permissions.get_cluster_for(world.users["member"], world.cluster_a.pk,
                                    Action.MANAGE_REGISTRY)


def test_cluster_limited_leadership_sees_only_its_cluster(world):
    leader = make_staff(world.org, StaffRole.Role.LEADERSHIP, cluster=world.cluster_b)
    assert permissions.get_cluster_for(leader, world.cluster_b.pk, Action.VIEW_CLUSTER)
    with pytest.raises(Http404):
        permissions.get_cluster_for(fresh(leader), world.cluster_a.pk, Action.VIEW_CLUSTER)


def test_secretariat_of_another_organisation_is_an_outsider(world):
    from tests.factories import make_org

    stranger = make_staff(make_org(), StaffRole.Role.SECRETARIAT)
    with pytest.raises(Http404):
        permissions.get_unit_for(stranger, world.member_unit.pk, Action.VIEW_UNIT)


def test_peer_rights_on_a_unit_need_the_same_cluster_in_the_same_year(world):
    # other_unit is in cluster B this year; the member rep's unit is in A: no shared year.
    assert permissions.unit_roles(world.users["member"], world.other_unit) == set()
