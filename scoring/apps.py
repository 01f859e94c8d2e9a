from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    """Criteria tables, self-scoring, verification and ranking (issue: Scoring)."""

    name = "scoring"
    verbose_name = _("Scoring")
