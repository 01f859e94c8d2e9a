from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    """Criteria tables, self-scoring, verification, contests and ranking."""

    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self):
        from auditlog.registry import auditlog

        from scoring import models

        # Every score change is in the audit trail.
        for model in (models.CriteriaTable, models.ScoreSheet, models.CriterionScore,
                      models.AdjustmentClaim):
            auditlog.register(model)
