from core.years import current_year
from members import permissions
from members.permissions import Action


def portal(request):
    """Navigation flags for base.html: which menus this user has."""
    user = getattr(request, "user", None)
    year = current_year()
    base = {"current_year": year, "year_choices": range(year + 1, year - 6, -1)}
    if user is None or not user.is_authenticated:
        return base
    org_roles = [permissions.organisation_roles(user, org_id)
                 for org_id in permissions.staff_roles(user)]
    return base | {
        "nav_registry": any(permissions.allows(Action.VIEW_REGISTRY, r) for r in org_roles),
        "nav_manage": any(permissions.allows(Action.MANAGE_REGISTRY, r) for r in org_roles),
        "nav_audit": any(permissions.allows(Action.VIEW_AUDIT, r) for r in org_roles),
        "nav_board": any(permissions.allows(Action.VIEW_BOARD, r) for r in org_roles),
    }
