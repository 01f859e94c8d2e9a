"""The emulation year: a calendar year, chosen per page with ?year=."""

from django.conf import settings
from django.utils import timezone


def current_year():
    return settings.PORTAL_CURRENT_YEAR or timezone.localdate().year


def is_valid_year(year):
    return settings.PORTAL_YEAR_MIN <= year <= settings.PORTAL_YEAR_MAX


def year_from_request(request, default=None):
    """The ?year= of the request when it is a plausible year, else the default/current one."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and is_valid_year(int(raw)):
        return int(raw)
    return default or current_year()
