from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """Nominations sent up to the council, award decisions and each unit's award history."""

    name = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from auditlog.registry import auditlog

        from awards import models

        for model in (models.Nomination, models.AwardDecision, models.AwardGrant,
                      models.EligibilityNote):
            auditlog.register(model)
