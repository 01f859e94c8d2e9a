"""Access to a campaign and to one unit's work in it: the cluster roles of the campaign's year
(members.permissions), fetched fail-closed: 404 for outsiders, 403 for a role too low."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from campaigns.models import Campaign
from clusters.models import Membership
from members.permissions import Role, allows, cluster_roles, represented_unit_ids


def get_campaign_for(user, pk, action):
    """(campaign, roles in its cluster *in its year*) if they allow `action`."""
    campaign = get_object_or_404(
        Campaign.objects.select_related("cluster", "cluster__organisation"), pk=pk)
    if not cluster_roles(user, campaign.cluster):
        raise Http404
    roles = cluster_roles(user, campaign.cluster, campaign.year)
    if not allows(action, roles):
        raise PermissionDenied
    return campaign, roles


def campaign_unit_roles(user, campaign, unit):
    """Roles towards one member unit's work in a campaign: the cluster roles of that year,
    plus REPRESENTATIVE for the unit's own people."""
    roles = cluster_roles(user, campaign.cluster, campaign.year)
    if unit.pk in represented_unit_ids(user):
        roles.add(Role.REPRESENTATIVE)
    return roles


def get_campaign_unit_for(user, campaign_pk, unit_pk, action):
    """(campaign, unit, roles) for a unit that is a member of the campaign's cluster that
    year; 404 for outsiders and non-members, 403 when the role is too low."""
    campaign = get_object_or_404(
        Campaign.objects.select_related("cluster", "cluster__organisation"), pk=campaign_pk)
    membership = get_object_or_404(
        Membership.objects.select_related("unit", "unit__organisation"),
        cluster=campaign.cluster, year=campaign.year, unit_id=unit_pk)
    unit = membership.unit
    if not cluster_roles(user, campaign.cluster) and unit.pk not in represented_unit_ids(user):
        raise Http404
    roles = campaign_unit_roles(user, campaign, unit)
    if not allows(action, roles):
        raise PermissionDenied
    return campaign, unit, roles
