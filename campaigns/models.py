"""A cluster's emulation year: milestones, deadlines, the pledge and each unit's targets."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Organisation, Unit
from documents.models import StoredDocument

DEFAULT_FLAG_WORDING = "Đơn vị dẫn đầu phong trào thi đua năm {year}"
DEFAULT_MERIT_WORDING = "Đã có thành tích xuất sắc trong phong trào thi đua năm {year}"


class AwardTypeQuerySet(models.QuerySet):
    def in_year(self, year):
        """The awards that can be given for `year`: active, and within their years."""
        return self.filter(Q(active_from__isnull=True) | Q(active_from__lte=year),
                           Q(active_until__isnull=True) | Q(active_until__gte=year),
                           is_active=True)


class AwardType(models.Model):
    """The organisation's award catalogue, kept by its secretariat (a setting; defaults from
    Law 06/2022/QH15). Nominations and decisions store the name they were given under, so a
    rename leaves earlier years' documents as they were."""

    class Kind(models.TextChoices):
        FLAG = "flag", _("Emulation flag (cờ thi đua)")
        MERIT = "merit", _("Certificate of merit (bằng khen)")
        TITLE = "title", _("Title (danh hiệu)")

    class Level(models.TextChoices):
        GOVERNMENT_FLAG = "gov_flag", _("Government emulation flag")
        ORGANISATION_FLAG = "org_flag", _("Organisation emulation flag")
        PM_MERIT = "pm_merit", _("Prime Minister's certificate of merit")
        ORGANISATION_MERIT = "org_merit", _("Organisation's certificate of merit")
        INTERNAL = "internal", _("Internal title")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="award_types")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.MERIT)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Vote settings (shared/domain.md §5): how many units a cluster may propose, and the
    # share of ALL member units a candidate needs — ≥ 80 % for flags, > 50 % otherwise.
    quota = models.PositiveSmallIntegerField(_("units a cluster may propose"), default=1,
                                             validators=[MinValueValidator(1)])
    vote_threshold = models.DecimalField(_("votes needed (share of all member units)"),
                                         max_digits=4, decimal_places=3, default=Decimal("0.5"),
                                         validators=[MinValueValidator(Decimal("0.01")),
                                                     MaxValueValidator(Decimal("1"))])
    strictly_above = models.BooleanField(_("strictly above the threshold"), default=True)
    prior_excellent_years = models.PositiveSmallIntegerField(
        _("previous years rated Xuất sắc required"), default=0,
        help_text=_("Eligibility: e.g. 1 when the award needs the previous year excellent too."))
    requires_award = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requires having received"),
        help_text=_("Eligibility read from the award history, e.g. a Government flag after "
                    "the organisation's flag."))
    prize_multiple = models.DecimalField(
        _("prize (multiple of the base salary)"), max_digits=5, decimal_places=2, null=True,
        blank=True, validators=[MinValueValidator(Decimal("0"))],
        help_text=_("As the decree in force sets it, e.g. 8 for a ministry or provincial flag."))
    awarding_post = models.CharField(
        _("awarding post or body"), max_length=255, blank=True,
        help_text=_("Printed above “TẶNG”: on a certificate the post (CHỦ TỊCH ỦY BAN NHÂN DÂN "
                    "TỈNH LAI CHÂU), on a flag the body (ỦY BAN NHÂN DÂN TỈNH LAI CHÂU). "
                    "Empty: the decision's issuer."))
    signing_post = models.CharField(
        _("signer's post on the certificate"), max_length=120, blank=True,
        help_text=_("Above the signature, e.g. CHỦ TỊCH or KT. CHỦ TỊCH / PHÓ CHỦ TỊCH."))
    certificate_wording = models.CharField(
        _("certificate wording"), max_length=500, blank=True,
        help_text=_("The achievement printed on the certificate, or embroidered on a flag; "
                    "{year} becomes the year awarded."))
    active_from = models.PositiveSmallIntegerField(
        _("from the year"), null=True, blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Empty: since always."))
    active_until = models.PositiveSmallIntegerField(
        _("until the year"), null=True, blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("Empty: still given."))

    objects = AwardTypeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation", "order", "name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="award_code_per_org",
                                    violation_error_message=_(
                                        "An award with this code already exists.")),
            models.CheckConstraint(condition=Q(quota__gte=1), name="award_quota_at_least_one",
                                   violation_error_message=_(
                                       "The quota per cluster is at least one.")),
            models.CheckConstraint(
                condition=Q(active_from__isnull=True) | Q(active_until__isnull=True)
                | Q(active_until__gte=F("active_from")), name="award_years_in_order",
                violation_error_message=_("The last year cannot come before the first.")),
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"organisation_id": self.organisation_id}

    @property
    def is_flag(self):
        return self.kind == self.Kind.FLAG

    def given_in(self, year):
        """Whether the catalogue gives this award for `year` (its years, not its switch)."""
        return ((self.active_from is None or self.active_from <= year)
                and (self.active_until is None or year <= self.active_until))

    def wording_for(self, year):
        """The certificate (or embroidery) wording for `year`, with a default per kind."""
        default = (DEFAULT_FLAG_WORDING if self.is_flag else DEFAULT_MERIT_WORDING)
        return (self.certificate_wording or default).replace("{year}", str(year))


class Deadline(models.TextChoices):
    """Deadlines that units must meet (and that reminders chase)."""

    PLEDGE = "pledge", _("Pledge signing")
    SEMIANNUAL = "semiannual", _("Semi-annual report")
    YEAREND = "yearend", _("Year-end report")


class Milestone(models.TextChoices):
    """Every milestone a deadline extension can move, for one unit or all (issue 16): the
    report deadlines above, and the scoring and dossier ones."""

    PLEDGE = "pledge", _("Pledge signing")
    SEMIANNUAL = "semiannual", _("Semi-annual report")
    YEAREND = "yearend", _("Year-end report")
    SELFSCORE = "selfscore", _("Self-scoring")
    VERIFICATION = "verification", _("Verification")
    CONTEST = "contest", _("Contesting a verified score")
    DOSSIER = "dossier", _("Nomination dossier")


# The campaign's date field behind each milestone. Contesting has none: its window counts
# from each sheet's verification (the table's contest days); an extension gives a date.
MILESTONE_FIELDS = {
    Milestone.PLEDGE: "pledge_due", Milestone.SEMIANNUAL: "semiannual_due",
    Milestone.YEAREND: "yearend_due", Milestone.SELFSCORE: "selfscore_due",
    Milestone.VERIFICATION: "verification_due", Milestone.CONTEST: None,
    Milestone.DOSSIER: "dossier_due",
}


class Campaign(models.Model):
    """One cluster's emulation year."""

    class Phase(models.TextChoices):
        SETUP = "setup", _("Preparing")
        PLEDGE = "pledge", _("Launch and pledge")
        SEMIANNUAL = "semiannual", _("Semi-annual review")
        YEAREND = "yearend", _("Year-end review")
        SCORING = "scoring", _("Scoring")
        VOTE = "vote", _("Conference and vote")
        DOSSIER = "dossier", _("Nomination dossier")
        CLOSED = "closed", _("Closed")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="campaigns",
                                verbose_name=_("cluster"))
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=255)
    # No default name: campaign_save takes the head unit's or the organisation's place.
    place = models.CharField(_("place (for documents)"), max_length=80, blank=True)
    plan_text = models.TextField(_("plan"), blank=True)
    rules_text = models.TextField(_("operating rules"), blank=True)
    pledge_text = models.TextField(_("common pledge contents"), blank=True)
    pledge_due = models.DateField(_("pledge signing by"))
    semiannual_due = models.DateField(_("semi-annual report due"))
    yearend_due = models.DateField(_("year-end report due"))
    selfscore_due = models.DateField(_("self-scoring due"))
    verification_due = models.DateField(_("verification due"))
    conference_on = models.DateField(_("conference and vote"))
    dossier_due = models.DateField(_("nomination dossier due"))
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    pledge_finalised_at = models.DateTimeField(_("pledge finalised"), null=True, blank=True)
    # The pledge as concluded, rendered once: every later download serves these files.
    pledge_stored = models.OneToOneField(StoredDocument, on_delete=models.PROTECT, null=True,
                                         blank=True, related_name="+")
    semiannual_closed_at = models.DateTimeField(null=True, blank=True)
    yearend_closed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Recording after the fact (campaigns/recording.py): each action then takes the date it
    # really happened instead of now, so a past year can be entered with its real dates.
    recording_mode = models.BooleanField(_("recording after the fact"), default=False)

    class Meta:
        ordering = ["-year", "cluster__code"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="campaign_one_per_year",
                                    violation_error_message=_(
                                        "This cluster already has a campaign for this year.")),
            models.CheckConstraint(
                condition=Q(pledge_due__lte=models.F("semiannual_due"))
                & Q(semiannual_due__lte=models.F("yearend_due"))
                & Q(yearend_due__lte=models.F("selfscore_due"))
                & Q(selfscore_due__lte=models.F("verification_due"))
                & Q(verification_due__lte=models.F("conference_on"))
                & Q(conference_on__lte=models.F("dossier_due")),
                name="campaign_milestones_in_order",
                violation_error_message=_("The milestones must follow one another in time.")),
        ]

    def __str__(self):
        return f"{self.cluster} – {self.year}"

    def get_additional_data(self):
        return {"organisation_id": self.cluster.organisation_id}

    MILESTONES = [
        ("pledge_due", _("Pledge signing")),
        ("semiannual_due", _("Semi-annual report due")),
        ("yearend_due", _("Year-end report due")),
        ("selfscore_due", _("Self-scoring due")),
        ("verification_due", _("Verification due")),
        ("conference_on", _("Conference and vote")),
        ("dossier_due", _("Nomination dossier due")),
    ]

    def milestones(self):
        return [(getattr(self, name), label) for name, label in self.MILESTONES]

    def base_due(self, deadline):
        """The milestone's own date before any extension (None for contesting)."""
        field = MILESTONE_FIELDS[deadline]
        return getattr(self, field) if field else None

    def phase(self, today=None):
        """The phase follows from the head's explicit actions first, then from the dates."""
        today = today or timezone.localdate()
        if self.closed_at:
            return self.Phase.CLOSED
        if not self.launched_at:
            return self.Phase.SETUP
        if not self.pledge_finalised_at:
            return self.Phase.PLEDGE
        if not self.semiannual_closed_at and today <= self.semiannual_due:
            return self.Phase.SEMIANNUAL
        if not self.yearend_closed_at and today <= self.yearend_due:
            return self.Phase.YEAREND
        if today <= self.verification_due:
            return self.Phase.SCORING
        if today <= self.conference_on:
            return self.Phase.VOTE
        return self.Phase.DOSSIER

    def is_closed_for(self, deadline):
        """A report period the head has closed takes no more submissions, late or not; a
        closed year takes nothing more at all."""
        if self.closed_at:
            return True
        if deadline == Deadline.SEMIANNUAL:
            return self.semiannual_closed_at is not None
        if deadline == Deadline.YEAREND:
            return self.yearend_closed_at is not None
        if deadline == Deadline.PLEDGE:
            return self.pledge_finalised_at is not None
        return False

    @property
    def period_bounds(self):
        """The dates whose activities each report pulls in."""
        return {
            Deadline.SEMIANNUAL: (datetime.date(self.year, 1, 1), datetime.date(self.year, 6, 30)),
            Deadline.YEAREND: (datetime.date(self.year, 1, 1), datetime.date(self.year, 12, 31)),
        }


class DeadlineExtension(models.Model):
    """A later deadline for one unit, or (unit empty) for all units, with its reason."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="extensions")
    deadline = models.CharField(_("deadline"), max_length=12, choices=Milestone.choices)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="+", verbose_name=_("unit (empty: all units)"))
    new_due = models.DateField(_("new deadline"))
    reason = models.CharField(_("reason"), max_length=500)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")

    def __str__(self):
        return f"{self.get_deadline_display()} → {self.new_due:%d/%m/%Y}"

    def get_additional_data(self):
        return {"organisation_id": self.campaign.cluster.organisation_id}


class CampaignFile(models.Model):
    """A file attached to the plan or the operating rules."""

    class Kind(models.TextChoices):
        PLAN = "plan", _("Plan")
        RULES = "rules", _("Operating rules")
        OTHER = "other", _("Other")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    file = models.FileField(upload_to="campaigns/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "uploaded_at"]

    def __str__(self):
        return self.original_name


class UnitPledge(models.Model):
    """A unit's part of the pledge: the titles it aims for, its targets, its signature."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pledges")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="pledges")
    titles = models.ManyToManyField(AwardType, blank=True, related_name="+",
                                    verbose_name=_("titles aimed for"))
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    signed_from = models.GenericIPAddressField(_("signed from address"), null=True, blank=True)

    class Meta:
        verbose_name = _("unit pledge")
        verbose_name_plural = _("unit pledges")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="pledge_one_per_unit",
                                    violation_error_message=_(
                                        "This unit already has a pledge in this campaign.")),
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True) | Q(signed_by__isnull=False),
                name="pledge_signature_names_signer",
                violation_error_message=_("A signed pledge must name who signed it.")),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign}"

    def get_additional_data(self):
        return {"organisation_id": self.unit.organisation_id}


class UnitTarget(models.Model):
    """A target a unit registers in its pledge (chỉ tiêu)."""

    pledge = models.ForeignKey(UnitPledge, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("target"), max_length=255)
    measure = models.CharField(_("unit of measure"), max_length=40)
    target_value = models.DecimalField(_("target value"), max_digits=16, decimal_places=2)
    note = models.CharField(_("note"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.CheckConstraint(condition=Q(target_value__gt=0),
                                              name="target_value_positive",
                                              violation_error_message=_(
                                                  "The target value must be greater than 0."))]

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"organisation_id": self.pledge.unit.organisation_id}


class RecordedDate(models.Model):
    """An action entered in recording mode: the date it really happened, who entered it and
    when. The audit of back-dating, next to django-auditlog's row changes."""

    class Action(models.TextChoices):
        PLEDGE_SIGN = "pledge_sign", _("Pledge signed")
        PLEDGE_FINALISE = "pledge_finalise", _("Pledge concluded (signing conference)")
        REPORT_SUBMIT = "report_submit", _("Report submitted")
        REPORT_ACCEPT = "report_accept", _("Report accepted")
        SELFSCORE_SUBMIT = "selfscore_submit", _("Self-scoring submitted")
        VERIFICATION = "verification", _("Verification finished")
        CONFERENCE = "conference", _("Conference and vote")
        NOMINATIONS_SUBMIT = "nominations_submit", _("Nominations submitted")
        DOCUMENT_ISSUE = "document_issue", _("Document issued (date set by the issuer)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recorded")
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)
    subject = models.CharField(_("subject"), max_length=255)
    occurred_on = models.DateField(_("happened on"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["occurred_on", "pk"]
        verbose_name = _("recorded date")
        verbose_name_plural = _("recorded dates")

    def __str__(self):
        return f"{self.action} {self.subject} {self.occurred_on:%d/%m/%Y}"

    def get_additional_data(self):
        return {"organisation_id": self.campaign.cluster.organisation_id}
