from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    """Criteria tables, self-scoring, verification, contests and ranking."""

    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self):
        from auditlog.registry import auditlog

        from scoring import models

        # Every score change is in the audit trail, and every change of a table's contents.
        for model in (models.CriteriaTable, models.CriterionGroup, models.Criterion,
                      models.Adjustment, models.ClusterTemplate, models.ScoreSheet,
                      models.CriterionScore, models.AdjustmentClaim):
            auditlog.register(model)
