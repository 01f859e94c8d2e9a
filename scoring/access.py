"""Access to a score sheet: the unit's own roles in the campaign, plus VERIFIER for the staff
of the unit that verifies it; fetched fail-closed: 404 for outsiders, 403 for a role too low."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from campaigns.access import campaign_unit_roles
from members.permissions import Role, allows, cluster_roles, represented_unit_ids
from scoring.models import ScoreSheet
from scoring.services import verifier_unit


def sheet_roles(user, sheet):
    """Roles towards a score sheet: the unit's, plus VERIFIER for the staff of the unit that
    verifies it (the head unit, the deputy for the head's own sheet, or a cross-checker)."""
    roles = campaign_unit_roles(user, sheet.table.campaign, sheet.unit)
    verifier = verifier_unit(sheet)
    if verifier is not None and verifier.pk in represented_unit_ids(user):
        roles.add(Role.VERIFIER)
    return roles


def get_sheet_for(user, pk, action):
    """(sheet, roles); 404 for outsiders, 403 for a role too low for `action`."""
    sheet = get_object_or_404(ScoreSheet.objects.select_related(
        "unit", "table", "table__campaign", "table__campaign__cluster"), pk=pk)
    campaign = sheet.table.campaign
    if campaign is None:
        raise Http404
    if not cluster_roles(user, campaign.cluster) and \
            sheet.unit_id not in represented_unit_ids(user):
        raise Http404
    roles = sheet_roles(user, sheet)
    if not allows(action, roles):
        raise PermissionDenied
    return sheet, roles
