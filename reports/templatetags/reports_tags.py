"""Reports' parts of pages owned by apps below it (the campaign page shows who has signed and
reported): the campaigns app cannot import reports, so its template asks for them here."""

from django import template

from campaigns.models import Deadline
from members import permissions
from reports.selectors import board

register = template.Library()


@register.inclusion_tag("reports/_campaign_boards.html", takes_context=True)
def campaign_boards(context, campaign, sees_all):
    """Per deadline, every unit's pledge or report status; a member sees only their own units."""
    own_unit_ids = permissions.represented_unit_ids(context["request"].user)
    boards = {}
    for deadline in (Deadline.PLEDGE, Deadline.SEMIANNUAL, Deadline.YEAREND):
        rows = board([campaign], deadline)
        boards[deadline] = rows if sees_all else [r for r in rows if r.unit.pk in own_unit_ids]
    return {"campaign": campaign, "boards": boards}
