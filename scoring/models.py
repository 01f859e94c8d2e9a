"""Criteria tables, score sheets, verification and contests.

Every rule the domain marks as a setting (caps, rating bands, tie-break, contest window,
verification mode) lives on the CriteriaTable: an organisation's template carries its
defaults, and each campaign's table is a copy that can be adjusted before scoring opens.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from clusters.models import Cluster, Organisation, Unit
from documents.models import StoredDocument

DEFAULT_BANDS = [
    # (name, minimum total, requires that no criterion scored 0) — shared/domain.md §4
    {"name": "Xuất sắc", "min": "95", "no_zero": True},
    {"name": "Tốt", "min": "85", "no_zero": True},
    {"name": "Hoàn thành", "min": "75", "no_zero": False},
    {"name": "Không hoàn thành", "min": "0", "no_zero": False},
]
LOWEST_BAND = "Không hoàn thành"


class CriteriaTable(models.Model):
    class Mode(models.TextChoices):
        HEAD = "head", _("Verified by the head's staff")
        CROSS = "cross", _("Cross-checked by member units (chấm chéo)")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="criteria_tables")
    campaign = models.OneToOneField(Campaign, on_delete=models.CASCADE, null=True, blank=True,
                                    related_name="criteria_table")
    name = models.CharField(_("name"), max_length=255)
    # Templates only: the one new clusters start from when the secretariat chose none.
    is_default = models.BooleanField(_("default template"), default=False)
    total_points = models.DecimalField(
        _("standard total"), max_digits=7, decimal_places=2, null=True, blank=True,
        help_text=_("When set, the maxima of the criteria must add up to it (usually 100)."))
    bonus_cap = models.DecimalField(_("bonus cap"), max_digits=5, decimal_places=2,
                                    default=Decimal(3))
    penalty_cap = models.DecimalField(_("penalty cap"), max_digits=5, decimal_places=2,
                                      default=Decimal(3))
    bands = models.JSONField(_("rating bands"), default=list)
    tie_break_group = models.ForeignKey("CriterionGroup", on_delete=models.SET_NULL, null=True,
                                        blank=True, related_name="+",
                                        verbose_name=_("tie-break: score of group"))
    contest_days = models.PositiveSmallIntegerField(_("days to contest"), default=3)
    mode = models.CharField(_("verification"), max_length=5, choices=Mode.choices,
                            default=Mode.HEAD)
    locked_at = models.DateTimeField(_("locked (self-scoring open)"), null=True, blank=True)
    reopened_reason = models.CharField(_("reason for reopening"), max_length=500, blank=True)
    verification_closed_at = models.DateTimeField(null=True, blank=True)
    results_locked_at = models.DateTimeField(_("results locked"), null=True, blank=True)
    # The results table as locked, rendered once (the rows are LockedResult).
    results_stored = models.OneToOneField(StoredDocument, on_delete=models.PROTECT, null=True,
                                          blank=True, related_name="+")

    class Meta:
        verbose_name = _("criteria table")
        verbose_name_plural = _("criteria tables")
        constraints = [models.CheckConstraint(
            condition=Q(bonus_cap__gte=0) & Q(penalty_cap__gte=0),
            name="criteria_caps_not_negative",
            violation_error_message=_("The bonus and penalty caps cannot be negative.")),
            models.UniqueConstraint(fields=["organisation"], condition=Q(is_default=True),
                                    name="one_default_template",
                                    violation_error_message=_(
                                        "The organisation already has a default template."))]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"organisation_id": self.organisation_id}

    @property
    def is_template(self):
        return self.campaign_id is None

    @property
    def max_total(self):
        return sum((c.max_points for g in self.groups.all() for c in g.criteria.all()),
                   Decimal(0))


class ClusterTemplate(models.Model):
    """The template a cluster's new criteria tables start from, chosen by the secretariat
    (without a choice: the organisation's default template)."""

    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE,
                                   related_name="criteria_template", verbose_name=_("cluster"))
    # A template in use stays: services.template_delete_refusal says which clusters use it.
    template = models.ForeignKey(CriteriaTable, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("criteria template"))

    class Meta:
        verbose_name = _("criteria template of a cluster")
        verbose_name_plural = _("criteria templates of clusters")

    def __str__(self):
        return f"{self.cluster} → {self.template}"


class CriterionGroup(models.Model):
    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="groups",
                              verbose_name=_("criteria table"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("group"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion group")
        verbose_name_plural = _("criterion groups")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["table", "code"],
                                               name="group_code_per_table",
                                               violation_error_message=_(
            "A criterion group with this code already exists in the table."))]

    def __str__(self):
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    group = models.ForeignKey(CriterionGroup, on_delete=models.CASCADE, related_name="criteria",
                              verbose_name=_("group"))
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("criterion"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    guide = models.TextField(_("scoring guide"), blank=True)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    from_targets = models.BooleanField(
        _("scored from pledge targets"), default=False,
        help_text=_("Score = maximum × min(1, average completion of the unit's targets)."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(max_points__gt=0),
                                              name="criterion_max_positive",
                                              violation_error_message=_(
                                                  "The maximum points must be greater than 0."))]

    def __str__(self):
        return f"{self.code} {self.name}"


class Adjustment(models.Model):
    """A bonus or penalty item units may claim (điểm cộng, điểm trừ)."""

    class Kind(models.TextChoices):
        BONUS = "bonus", _("Bonus")
        PENALTY = "penalty", _("Penalty")

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="adjustments",
                              verbose_name=_("criteria table"))
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices)
    name = models.CharField(_("item"), max_length=500)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2)
    disqualifying = models.BooleanField(
        _("disqualifying violation"), default=False,
        help_text=_("A unit with this penalty is rated Không hoàn thành whatever its total."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bonus or penalty item")
        verbose_name_plural = _("bonus or penalty items")
        ordering = ["kind", "order", "pk"]
        constraints = [models.CheckConstraint(condition=Q(points__gt=0),
                                              name="adjustment_points_positive",
                                              violation_error_message=_(
                                                  "The points must be greater than 0."))]

    def __str__(self):
        return self.name


class CrossCheck(models.Model):
    """In cross-check mode: which unit verifies which (never itself, never reciprocal)."""

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="cross_checks")
    checker = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    checked = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["table", "checked"], name="one_checker_per_unit",
                                    violation_error_message=_("This unit already has a verifier.")),
            models.CheckConstraint(condition=~Q(checker=models.F("checked")),
                                   name="no_self_check",
                                   violation_error_message=_(
                                       "A unit cannot verify its own score sheet.")),
        ]

    def __str__(self):
        return f"{self.checker} → {self.checked}"


class ScoreSheet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Self-scoring")
        SUBMITTED = "submitted", _("Self-scored")
        VERIFIED = "verified", _("Verified")
        LOCKED = "locked", _("Locked")

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="sheets")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="score_sheets")
    status = models.CharField(_("status"), max_length=9, choices=Status.choices,
                              default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    # Optimistic locking: a verifier saves against the version they loaded; a second
    # verifier working from the same version is refused instead of overwriting.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["unit__name"]
        constraints = [models.UniqueConstraint(fields=["table", "unit"],
                                               name="one_sheet_per_unit",
                                               violation_error_message=_(
                                                   "This unit already has a score sheet."))]

    def __str__(self):
        return f"{self.unit} – {self.table}"

    def get_additional_data(self):
        return {"organisation_id": self.unit.organisation_id}


class CriterionScore(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    self_score = models.DecimalField(_("self-score"), max_digits=6, decimal_places=2,
                                     null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.ManyToManyField("reports.ReportAttachment", blank=True, related_name="+")
    evidence_note = models.CharField(_("where the evidence is"), max_length=500, blank=True)
    verified_score = models.DecimalField(_("verified score"), max_digits=6, decimal_places=2,
                                         null=True, blank=True)
    verify_reason = models.TextField(_("reason for the change"), blank=True)
    contest_reason = models.TextField(_("contest"), blank=True)
    contested_at = models.DateTimeField(null=True, blank=True)
    resolved_score = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    resolution_reason = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        ordering = ["criterion__group__order", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion",
                                    violation_error_message=_(
                                        "This criterion already has a score in the sheet.")),
            models.CheckConstraint(condition=Q(self_score__isnull=True) | Q(self_score__gte=0),
                                   name="self_score_not_negative",
                                   violation_error_message=_("The self-score cannot be negative.")),
            models.CheckConstraint(
                condition=Q(verified_score__isnull=True) | Q(verified_score__gte=0),
                name="verified_score_not_negative",
                violation_error_message=_("The verified score cannot be negative.")),
        ]

    def __str__(self):
        return f"{self.sheet.unit} – {self.criterion.code}"

    def get_additional_data(self):
        return {"organisation_id": self.sheet.unit.organisation_id}

    @property
    def final(self):
        """The score that counts: after a contest, else after verification, else self."""
        for value in (self.resolved_score, self.verified_score, self.self_score):
            if value is not None:
                return value
        return None

    @property
    def differs(self):
        return self.verified_score is not None and self.verified_score != self.self_score


class AdjustmentClaim(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="claims")
    adjustment = models.ForeignKey(Adjustment, on_delete=models.CASCADE, related_name="+")
    justification = models.TextField(_("justification"), blank=True)
    accepted = models.BooleanField(_("accepted by the verifier"), null=True)
    verify_reason = models.TextField(_("verifier's reason"), blank=True)
    added_by_verifier = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("bonus or penalty claim")
        verbose_name_plural = _("bonus or penalty claims")
        constraints = [models.UniqueConstraint(fields=["sheet", "adjustment"],
                                               name="one_claim_per_item",
                                               violation_error_message=_(
            "This bonus or penalty item is already claimed."))]

    def __str__(self):
        return f"{self.sheet.unit} – {self.adjustment}"

    def get_additional_data(self):
        return {"organisation_id": self.sheet.unit.organisation_id}

    @property
    def counts(self):
        """Counted unless the verifier refused it (a verifier's own addition counts)."""
        return self.accepted is not False


class LockedResult(models.Model):
    """A unit's result as it stood when the head locked the results: from then on history,
    dashboards, nominations and documents read these rows, never a recomputation."""

    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE,
                              related_name="locked_results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    position = models.PositiveSmallIntegerField()  # order in the results table
    standard = models.DecimalField(max_digits=7, decimal_places=2)
    bonus = models.DecimalField(max_digits=6, decimal_places=2)
    penalty = models.DecimalField(max_digits=6, decimal_places=2)
    total = models.DecimalField(max_digits=7, decimal_places=2)
    tie_break = models.DecimalField(max_digits=7, decimal_places=2)
    rating = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    tie_note = models.CharField(max_length=255, blank=True)
    submitted = models.BooleanField()
    disqualified = models.BooleanField()
    has_zero = models.BooleanField()
    scores = models.JSONField(default=dict)  # {criterion id: final score} for the heat map

    class Meta:
        ordering = ["table", "position"]
        constraints = [
            models.UniqueConstraint(fields=["table", "unit"], name="locked_result_per_unit",
                                    violation_error_message=_(
                                        "This unit's result is already locked.")),
            models.CheckConstraint(condition=Q(total=models.F("standard") + models.F("bonus")
                                               - models.F("penalty")),
                                   name="locked_total_adds_up",
                                   violation_error_message=_(
            "The total must equal the standard score plus bonus minus penalty.")),
        ]

    def __str__(self):
        return f"{self.unit} – {self.total}"


class RecordedResult(models.Model):
    """A unit's result in a year before the portal ran its cluster: imported from the
    secretariat's spreadsheet so that the unit's history starts where its records do."""

    cluster = models.ForeignKey("clusters.Cluster", on_delete=models.PROTECT,
                                related_name="recorded_results")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="recorded_results")
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(_("total"), max_digits=7, decimal_places=2, null=True,
                                blank=True)
    rating = models.CharField(_("rating"), max_length=60, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recorded result of an earlier year")
        verbose_name_plural = _("recorded results of earlier years")
        ordering = ["year", "cluster", "rank"]
        constraints = [models.UniqueConstraint(
            fields=["unit", "year"], name="recorded_result_per_unit_year",
            violation_error_message=_("This unit's result of that year is already recorded."))]

    def __str__(self):
        return f"{self.unit} – {self.year}"

    @property
    def submitted(self):
        """Read like a locked result: a total to show."""
        return self.total is not None
