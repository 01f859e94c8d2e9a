from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo and scale data (seed_demo, seed_scale): above everything, imported by nothing."""

    name = "demo"
    verbose_name = _("Demo data")
