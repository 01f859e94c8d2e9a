"""Reads about people that are more than one line."""

from axes.models import AccessFailureLog, AccessLog


def recent_sign_ins(user, limit=20):
    """The user's latest sign-ins, successful and failed, newest first, as dicts with
    time, address, browser and success. From django-axes' logs: AccessLog for successful
    logins, AccessFailureLog for each wrong password (settings: AXES_ENABLE_ACCESS_FAILURE_LOG)."""
    fields = ("attempt_time", "ip_address", "user_agent")
    rows = [{**row, "success": True} for row in AccessLog.objects.filter(
        username=user.get_username()).order_by("-attempt_time").values(*fields)[:limit]]
    rows += [{**row, "success": False} for row in AccessFailureLog.objects.filter(
        username=user.get_username()).order_by("-attempt_time").values(*fields)[:limit]]
    rows.sort(key=lambda row: row["attempt_time"], reverse=True)
    return rows[:limit]
