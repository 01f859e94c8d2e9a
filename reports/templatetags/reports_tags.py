"""Reports' parts of pages owned by apps below it (the campaign page shows who has signed and
reported): the campaigns app cannot import reports, so its template asks for them here."""

from django import template
from django.utils import timezone

from campaigns.models import Deadline
from members import permissions
from members.permissions import Action
from reports.selectors import board, offer_reminders

register = template.Library()


@register.inclusion_tag("reports/_campaign_boards.html", takes_context=True)
def campaign_boards(context, campaign, sees_all):
    """Per deadline, every unit's pledge or report status; a member sees only their own units."""
    request = context["request"]
    own_unit_ids = permissions.represented_unit_ids(request.user)
    can_remind = permissions.allows(Action.RUN_CLUSTER, permissions.cluster_roles(
        request.user, campaign.cluster, campaign.year))
    boards = {}
    for deadline in (Deadline.PLEDGE, Deadline.SEMIANNUAL, Deadline.YEAREND):
        rows = board([campaign], deadline)
        if can_remind:
            offer_reminders(rows, deadline, today=timezone.localdate())
        boards[deadline] = rows if sees_all else [r for r in rows if r.unit.pk in own_unit_ids]
    return {"campaign": campaign, "boards": boards, "request": request}
