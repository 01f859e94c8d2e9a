"""The one place that answers: may this user do this action on this cluster/unit in this year?

Rights come from two sources:
- organisation staff roles (StaffRole): secretariat, leadership (possibly one cluster only);
- representing a unit (Representative): the unit's membership in a cluster for a year makes
  the representative a member there, and the head's or deputy's staff when the unit heads
  or deputises that cluster *that year*. Nothing about head rights is stored: when the
  rotation changes, the rights follow.

Views never test roles themselves: they call the `get_*_for` helpers, which fail closed
(404 for someone with no standing at all, 403 for a standing too low for the action).
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from clusters.models import Cluster, Membership, Organisation, Unit
from core.collation import vietnamese


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    LEADERSHIP = "leadership"
    HEAD = "head"
    DEPUTY = "deputy"
    MEMBER = "member"  # representative of a member unit
    REPRESENTATIVE = "representative"  # of the unit itself (unit-level actions)
    VERIFIER = "verifier"  # staff of the unit that verifies a score sheet


class Action(StrEnum):
    VIEW_CLUSTER = "view_cluster"
    VIEW_UNIT = "view_unit"
    VIEW_REGISTRY = "view_registry"  # organisation-wide lists of clusters and units
    MANAGE_REGISTRY = "manage_registry"  # create/edit clusters, units, memberships, imports
    VIEW_AUDIT = "view_audit"
    RUN_CLUSTER = "run_cluster"  # the head's staff running the cluster's year
    VIEW_CAMPAIGN = "view_campaign"
    VIEW_BOARD = "view_board"  # organisation-wide boards and calendars
    ACT_FOR_UNIT = "act_for_unit"  # sign, report, log activities for one's own unit
    VIEW_UNIT_WORK = "view_unit_work"  # a unit's pledge, reports, evidence and activities
    VERIFY = "verify"  # verify a unit's self-scoring


ALLOWED = {
    Action.VIEW_CLUSTER: {Role.SECRETARIAT, Role.LEADERSHIP, Role.HEAD, Role.DEPUTY, Role.MEMBER},
    Action.VIEW_UNIT: {Role.SECRETARIAT, Role.LEADERSHIP, Role.HEAD, Role.DEPUTY, Role.MEMBER,
                       Role.REPRESENTATIVE},
    Action.VIEW_REGISTRY: {Role.SECRETARIAT, Role.LEADERSHIP},
    Action.MANAGE_REGISTRY: {Role.SECRETARIAT},
    Action.VIEW_AUDIT: {Role.SECRETARIAT},
    Action.RUN_CLUSTER: {Role.SECRETARIAT, Role.HEAD},
    Action.VIEW_CAMPAIGN: {Role.SECRETARIAT, Role.LEADERSHIP, Role.HEAD, Role.DEPUTY,
                           Role.MEMBER},
    Action.VIEW_BOARD: {Role.SECRETARIAT, Role.LEADERSHIP},
    Action.ACT_FOR_UNIT: {Role.REPRESENTATIVE},
    # Peers (MEMBER) do not see each other's reports; the head's and deputy's staff do.
    Action.VIEW_UNIT_WORK: {Role.SECRETARIAT, Role.LEADERSHIP, Role.HEAD, Role.DEPUTY,
                            Role.REPRESENTATIVE, Role.VERIFIER},
    Action.VERIFY: {Role.VERIFIER},
}

_MEMBERSHIP_ROLE = {
    Membership.Role.HEAD: Role.HEAD,
    Membership.Role.DEPUTY: Role.DEPUTY,
    Membership.Role.MEMBER: Role.MEMBER,
}


def allows(action, roles):
    return bool(ALLOWED[action] & set(roles))


# --- what a user holds ---------------------------------------------------------------

def staff_roles(user):
    """{organisation_id: [StaffRole, …]} for this user, loaded once per request-user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_staff_roles_cache", None)
    if cached is None:
        cached = {}
        for staff_role in user.staff_roles.all():
            cached.setdefault(staff_role.organisation_id, []).append(staff_role)
        user._staff_roles_cache = cached
    return cached


def represented_unit_ids(user):
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_unit_ids_cache", None)
    if cached is None:
        cached = set(user.representations.values_list("unit_id", flat=True))
        user._unit_ids_cache = cached
    return cached


def organisation_roles(user, organisation_id, cluster_id=None):
    """Secretariat/leadership roles in an organisation.

    With cluster_id=None the question is organisation-wide: a cluster-limited leader then
    still counts as leadership (list views narrow what they show with
    `leadership_cluster_limit`). With a cluster, such a leader counts only for that cluster.
    """
    roles = set()
    for staff_role in staff_roles(user).get(organisation_id, []):
        if staff_role.role == staff_role.Role.SECRETARIAT:
            roles.add(Role.SECRETARIAT)
        elif cluster_id is None or staff_role.cluster_id in (None, cluster_id):
            roles.add(Role.LEADERSHIP)
    return roles


def cluster_roles(user, cluster, year=None):
    """The user's roles on a cluster in a year; with year=None, in any year (visibility)."""
    roles = organisation_roles(user, cluster.organisation_id, cluster.pk)
    unit_ids = represented_unit_ids(user)
    if unit_ids:
        memberships = Membership.objects.filter(cluster=cluster, unit_id__in=unit_ids)
        if year is not None:
            memberships = memberships.filter(year=year)
            roles |= {_MEMBERSHIP_ROLE[role] for role in memberships.values_list("role", flat=True)}
        elif memberships.exists():
            roles.add(Role.MEMBER)
    return roles


def unit_roles(user, unit):
    """Roles towards a unit: its own representatives, the organisation's staff, and the
    representatives of units that shared a cluster with it in the same year."""
    roles = set()
    for staff_role in staff_roles(user).get(unit.organisation_id, []):
        if staff_role.role == staff_role.Role.SECRETARIAT:
            roles.add(Role.SECRETARIAT)
        elif staff_role.cluster_id is None or unit.memberships.filter(
                cluster_id=staff_role.cluster_id).exists():
            roles.add(Role.LEADERSHIP)
    unit_ids = represented_unit_ids(user)
    if unit.pk in unit_ids:
        roles.add(Role.REPRESENTATIVE)
    elif unit_ids:
        # My units' memberships in a cluster where `unit` was a member the same year.
        peer_roles = Membership.objects.filter(
            unit_id__in=unit_ids,
            cluster__memberships__unit=unit,
            year=F("cluster__memberships__year"),
        ).values_list("role", flat=True).distinct()
        roles |= {_MEMBERSHIP_ROLE[role] for role in peer_roles}
    return roles


def organisations_for(user, action):
    """Organisations where the user's staff roles allow an organisation-wide action."""
    org_ids = [org_id for org_id in staff_roles(user)
               if allows(action, organisation_roles(user, org_id))]
    return Organisation.objects.filter(pk__in=org_ids).order_by(vietnamese("name"))


def leadership_cluster_limit(user, organisation_id):
    """The one cluster a cluster-limited leader may see, or None when unrestricted."""
    roles = staff_roles(user).get(organisation_id, [])
    if any(r.role == r.Role.SECRETARIAT or r.cluster_id is None for r in roles):
        return None
    limits = [r.cluster_id for r in roles]
    return limits[0] if limits else None


def within_cluster_limit(queryset, user, organisation_id, cluster="cluster", **same_row):
    """Narrow an organisation-wide queryset to what `user` may read of it: unchanged for the
    secretariat and unrestricted leaders, only their cluster's rows for a cluster-limited
    leader. `cluster` is the lookup path from a row to its cluster ("campaign__cluster",
    "pk" for clusters themselves); `same_row` adds conditions that must hold on the same
    related row, e.g. the year of a membership when the path goes through memberships.

    Call it after the organisation check (get_organisation_for, check_organisation): it
    narrows, it does not admit."""
    limit = leadership_cluster_limit(user, organisation_id)
    if limit is None:
        return queryset
    # One filter() call, so that `same_row` binds to the same membership row as `cluster`.
    return queryset.filter(**{cluster: limit}, **same_row).distinct()


# --- fail-closed fetchers for views --------------------------------------------------

def get_cluster_for(user, pk, action, year=None):
    """(cluster, roles in `year`) if those roles allow `action`; 404 for outsiders, else 403.

    Like every fetcher, it returns the roles it found, so that a view decides what else to
    offer from them instead of asking again."""
    cluster = get_object_or_404(Cluster.objects.select_related("organisation"), pk=pk)
    if not cluster_roles(user, cluster):
        raise Http404
    roles = cluster_roles(user, cluster, year)
    if not allows(action, roles):
        raise PermissionDenied
    return cluster, roles


def get_unit_for(user, pk, action):
    unit = get_object_or_404(Unit.objects.select_related("organisation", "successor"), pk=pk)
    roles = unit_roles(user, unit)
    if not roles:
        raise Http404
    if not allows(action, roles):
        raise PermissionDenied
    return unit, roles


def get_organisation_for(user, action, code=None):
    """The organisation a request acts on: the one named by `code`, else the user's first.

    403 when the user holds no staff role that allows the action anywhere; 404 when a
    named organisation is not one of theirs.
    """
    organisations = organisations_for(user, action)
    if code:
        organisation = organisations.filter(code=code).first()
        if organisation is None:
            raise Http404
        return organisation
    organisation = organisations.first()
    if organisation is None:
        raise PermissionDenied
    return organisation


def check_organisation(user, organisation_id, action):
    """For objects that belong to an organisation as a whole (e.g. an uploaded import)."""
    roles = organisation_roles(user, organisation_id)
    if not roles:
        raise Http404
    if not allows(action, roles):
        raise PermissionDenied


def check_whole_organisation(user, organisation_id, action):
    """For documents that cover every cluster (the year summary, all dossiers of a year): a
    leader limited to one cluster may not read the other clusters' figures through them."""
    check_organisation(user, organisation_id, action)
    if leadership_cluster_limit(user, organisation_id):
        raise PermissionDenied
