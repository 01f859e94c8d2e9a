from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Helpers")

    def ready(self):
        from core import collation

        collation.connect()
        from auditlog.models import LogEntry
        from auditlog.signals import pre_log
        from django.db.models.signals import pre_save

        from core import audit

        pre_log.connect(audit.remember_subject, dispatch_uid="core.audit.remember_subject")
        pre_save.connect(audit.describe_entry, sender=LogEntry,
                         dispatch_uid="core.audit.describe_entry")
