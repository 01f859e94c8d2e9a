from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The top floor: each role's home page and the audit trail, built from every app below."""

    name = "portal"
    verbose_name = _("Portal")
