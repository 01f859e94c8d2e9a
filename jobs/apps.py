from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Large files (the year summary, a year's dossiers) built by the task worker, with the
    progress a page can show while the person waits."""

    name = "jobs"
    verbose_name = _("Background files")
