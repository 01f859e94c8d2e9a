from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People and roles")

    def ready(self):
        from auditlog.registry import auditlog

        from members import models

        auditlog.register(models.StaffRole)
        auditlog.register(models.Representative)
        auditlog.register(models.User, exclude_fields=["password", "last_login"])
