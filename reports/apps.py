from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Unit reports and official documents (issue: The campaign year)."""

    name = "reports"
    verbose_name = _("Reports and documents")

    def ready(self):
        from auditlog.registry import auditlog

        from reports import models

        for model in (models.Report, models.ClusterSummary, models.ReminderLog):
            auditlog.register(model)
