from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClustersConfig(AppConfig):
    name = "clusters"
    verbose_name = _("Cluster registry")

    def ready(self):
        from auditlog.registry import auditlog

        from clusters import models

        for model in (models.Organisation, models.Cluster, models.Unit, models.Membership):
            auditlog.register(model)
