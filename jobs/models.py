from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Organisation


class FileJob(models.Model):
    """One request for a large file. While a job of a kind is queued or running for an
    organisation and year, asking again returns that job (a database constraint makes sure
    two requests at the same moment cannot both start one)."""

    class Kind(models.TextChoices):
        YEAR_SUMMARY_PDF = "year_summary_pdf", _("Year summary (PDF)")
        YEAR_SUMMARY_DOCX = "year_summary_docx", _("Year summary (Word)")
        DOSSIERS_ZIP = "dossiers_zip", _("All nomination dossiers of the year (ZIP of PDFs)")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="file_jobs")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("file"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices,
                              default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    file = models.FileField(_("file"), upload_to="jobs/%Y/", blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)  # as offered
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The attempt handed to the worker (1 for the first, one more each time the janitor queues
    # the job again); every task carries its attempt and may write only while it is the job's.
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The id the task library gave the current attempt's task (its public TaskResult.id), for
    # an administrator who wants to look it up; nothing of ours reads the library's tables.
    task_id = models.CharField(_("task of the current attempt"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year", "kind"],
                                    condition=Q(status__in=["queued", "running"]),
                                    name="one_active_file_job",
                                    violation_error_message=_(
                                        "This file is already being prepared.")),
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_is_a_percentage",
                                   violation_error_message=_("Progress cannot exceed 100 %.")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year} ({self.get_status_display()})"

    @property
    def is_active(self):
        return self.status in self.ACTIVE
