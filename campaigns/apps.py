from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """The cluster's year: milestones, launch, pledge with targets and signatures."""

    name = "campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from auditlog.registry import auditlog

        from campaigns import models

        for model in (models.Campaign, models.DeadlineExtension, models.UnitPledge,
                      models.UnitTarget, models.AwardType, models.RecordedDate):
            auditlog.register(model)
