from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """Read-only overviews for leadership and the secretariat (no models of its own)."""

    name = "dashboards"
    verbose_name = _("Dashboards")
