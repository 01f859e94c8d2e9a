"""Unit reports with figures and evidence, activity logs, cluster summaries, issued documents
and the reminder log."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Deadline, UnitTarget
from clusters.models import Cluster, Unit
from documents.models import StoredDocument


class Period(models.TextChoices):
    SEMIANNUAL = Deadline.SEMIANNUAL.value, _("Semi-annual (sơ kết 6 tháng)")
    YEAREND = Deadline.YEAREND.value, _("Year-end (tổng kết năm)")


SECTIONS = [
    ("results", _("Results achieved")),
    ("limitations", _("Limitations")),
    ("causes", _("Causes")),
    ("direction", _("Direction for the next period")),
    ("proposals", _("Proposals")),
]


class Report(models.Model):
    """A unit's report for one period: standard sections, figures, evidence."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        ACCEPTED = "accepted", _("Accepted")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=12, choices=Period.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    results = models.TextField(_("Results achieved"), blank=True)
    limitations = models.TextField(_("Limitations"), blank=True)
    causes = models.TextField(_("Causes"), blank=True)
    direction = models.TextField(_("Direction for the next period"), blank=True)
    proposals = models.TextField(_("Proposals"), blank=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    days_late = models.PositiveSmallIntegerField(_("days late"), default=0)
    return_comment = models.TextField(_("comment when returned"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["campaign", "period", "unit__name"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit", "period"],
                                    name="report_one_per_unit_period",
                                    violation_error_message=_(
                                        "This unit already has a report for this period.")),
        ]

    def __str__(self):
        return f"{self.unit} – {self.get_period_display()} {self.campaign.year}"

    def get_additional_data(self):
        return {"organisation_id": self.unit.organisation_id}

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_reviewable(self):
        """The head may accept or return it: the one rule the page and the services share."""
        return self.status in (self.Status.SUBMITTED, self.Status.RESUBMITTED)

    @property
    def is_in(self):
        """Submitted at least once (whatever happened afterwards)."""
        return self.first_submitted_at is not None


class ReportFigure(models.Model):
    """An actual figure: against a pledged target, or a free additional figure."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="figures")
    target = models.ForeignKey(UnitTarget, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="figures")
    name = models.CharField(_("figure"), max_length=255, blank=True)
    measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    actual = models.DecimalField(_("actual"), max_digits=16, decimal_places=2, null=True,
                                 blank=True)

    class Meta:
        # Figures against targets first, in the pledge's order; free figures after them.
        ordering = [models.F("target__order").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], condition=Q(target__isnull=False),
                                    name="figure_one_per_target",
                                    violation_error_message=_(
                                        "This target already has a figure in the report.")),
            models.CheckConstraint(condition=Q(target__isnull=False) | ~Q(name=""),
                                   name="free_figure_has_a_name",
                                   violation_error_message=_(
                                       "A figure without a target needs a name.")),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        return self.target.name if self.target_id else self.name

    @property
    def completion(self):
        """Actual / target as a percentage (None for free figures or no actual yet)."""
        if self.target_id is None or self.actual is None:
            return None
        return (self.actual / self.target.target_value * 100).quantize(Decimal("0.1"))


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="reports/%Y/")
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=10)  # pdf, docx, xlsx, jpg, png: detected from content
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A PDF's signatures as checked on upload (documents.signing.check_pdf); blank for other
    # kinds. Checked once: the file never changes after upload.
    signature_status = models.CharField(_("signature"), max_length=20, blank=True)
    signature_signer = models.CharField(_("signed by"), max_length=255, blank=True)
    signature_signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    # CN, T and O of the signer's certificate; and whether that person's CN is printed
    # nowhere on the document (documents.signing.cn_absent_from_text).
    signature_subject = models.CharField(_("certificate subject"), max_length=255, blank=True)
    signature_name_absent = models.BooleanField(
        _("certificate holder not printed on the document"), default=False)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.original_name

    @property
    def signature_label(self):
        from documents.signing import STATUS_LABELS

        return STATUS_LABELS.get(self.signature_status, "")


class ReportVersion(models.Model):
    """What was submitted, frozen: every submission is kept."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    days_late = models.PositiveSmallIntegerField(default=0)
    content = models.JSONField()

    class Meta:
        ordering = ["report", "number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"],
                                               name="report_version_number",
                                               violation_error_message=_(
                                                   "This version of the report already exists."))]

    def __str__(self):
        return f"{self.report} v{self.number}"


class Activity(models.Model):
    """Something a unit did, logged as it happens, with figures a report can quote."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("date"))
    title = models.CharField(_("activity or achievement"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    amount_vnd = models.DecimalField(_("amount (VND)"), max_digits=16, decimal_places=0,
                                     null=True, blank=True)
    file = models.FileField(upload_to="activities/%Y/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title


class ClusterSummary(models.Model):
    """The head's summary of a period: compiled figures plus a written narrative."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="summaries")
    period = models.CharField(max_length=12, choices=Period.choices)
    narrative = models.TextField(_("assessment"), blank=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    document = models.OneToOneField("IssuedDocument", on_delete=models.PROTECT, null=True,
                                    blank=True, related_name="+")

    class Meta:
        verbose_name = _("cluster summary")
        verbose_name_plural = _("cluster summaries")
        constraints = [models.UniqueConstraint(fields=["campaign", "period"],
                                               name="summary_one_per_period",
                                               violation_error_message=_(
            "The cluster already has a summary for this period."))]

    def __str__(self):
        return f"{self.campaign} – {self.get_period_display()}"


class IssuedDocument(models.Model):
    """A numbered document of a cluster: each cluster numbers its documents per year. Its
    files are rendered once at issue (`stored`) and every download serves them; a correction
    is a new issue that `replaces` this one, which stays downloadable, marked replaced."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    type_code = models.CharField(max_length=4)  # BC, BB, TTr, KH, QĐ, QC, GƯ
    title = models.CharField(max_length=255)
    issued_on = models.DateField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    signer_name = models.CharField(_("signer"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    stored = models.OneToOneField(StoredDocument, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="issued")
    replaces = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="replaced_by")
    replace_reason = models.CharField(_("reason for the correction"), max_length=500,
                                      blank=True)

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["cluster", "year", "number"],
                                               name="document_number_per_cluster_year",
                                               violation_error_message=_(
            "A document with this number already exists this year.")),
                       models.CheckConstraint(condition=Q(replaces__isnull=True)
                                              | ~Q(replace_reason=""),
                                              name="correction_has_a_reason",
                                              violation_error_message=_(
                                                  "A correction must give its reason."))]

    def __str__(self):
        return self.number_label

    @property
    def is_replaced(self):
        return hasattr(self, "replaced_by")

    @property
    def number_label(self):
        """'05/BC-CTĐ6': a leading zero below 10, type code, issuer code."""
        return f"{self.number:02d}/{self.type_code}-{self.cluster.issuer_code}"


class ReminderLog(models.Model):
    """A reminder sent for a deadline at an offset; the unique key stops a second one."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.CharField(max_length=12, choices=Deadline.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+")  # empty: the digest to the head's staff
    offset = models.SmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "deadline", "unit", "offset"],
                                    name="reminder_once_per_offset",
                                    violation_error_message=_("This reminder was already sent.")),
            models.UniqueConstraint(fields=["campaign", "deadline", "offset"],
                                    condition=Q(unit__isnull=True),
                                    name="digest_once_per_offset",
                                    violation_error_message=_(
                                        "This reminder digest was already sent.")),
        ]

    def __str__(self):
        return f"{self.campaign} {self.deadline} {self.offset:+d}"

    def get_additional_data(self):
        return {"organisation_id": self.campaign.cluster.organisation_id}
