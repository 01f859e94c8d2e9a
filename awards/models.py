"""What the council receives and decides: nominations, decisions, award history."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardType, Campaign
from clusters.models import Organisation, Unit
from documents.models import StoredDocument


class Nomination(models.Model):
    """A unit the cluster proposes for an award (from the vote), with its dossier text."""

    class Status(models.TextChoices):
        # The council's workflow (issue 16): received → approved, or returned with a comment
        # (the cluster may resubmit) → decided: awarded, or not awarded by the decision.
        DRAFT = "draft", _("Being prepared")
        SUBMITTED = "submitted", _("Submitted to the council")
        RETURNED = "returned", _("Returned by the secretariat")
        APPROVED = "approved", _("Approved by the secretariat")
        AWARDED = "awarded", _("Awarded")
        NOT_AWARDED = "not_awarded", _("Not awarded")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="nominations",
                                 verbose_name=_("campaign"))
    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="nominations",
                              verbose_name=_("award"))
    # The award's name when the unit was proposed: the catalogue may rename it later.
    award_name = models.CharField(_("award as named then"), max_length=255, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="nominations",
                             verbose_name=_("unit"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    achievements = models.TextField(_("achievement report (báo cáo thành tích)"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    return_comment = models.TextField(_("secretariat's comment"), blank=True)
    reviewed_at = models.DateTimeField(_("approved or returned"), null=True, blank=True)
    # The decision that settled it: awarded by it, or not awarded when it was recorded.
    decision = models.ForeignKey("AwardDecision", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="nominations",
                                 verbose_name=_("decision"))

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["award__order", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["campaign", "award", "unit"],
                                               name="nominate_once",
                                               violation_error_message=_(
            "This unit is already nominated for this award in this campaign."))]

    def __str__(self):
        return f"{self.unit} – {self.award_title}"

    @property
    def award_title(self):
        return self.award_name or self.award.name

    def get_additional_data(self):
        return {"organisation_id": self.unit.organisation_id}


class AwardDecision(models.Model):
    """QUYẾT ĐỊNH khen thưởng: number, date, issuer, award, units awarded."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE,
                                     related_name="award_decisions", verbose_name=_("organisation"))
    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="decisions",
                              verbose_name=_("award"))
    # The award's name when decided: its documents and certificates keep it after a rename.
    award_name = models.CharField(_("award as named then"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("for the year"))
    number = models.CharField(_("number"), max_length=40)
    signed_on = models.DateField(_("date"))
    issuer = models.CharField(_("issued by"), max_length=255)
    signer = models.CharField(_("signed by"), max_length=150, blank=True)
    place = models.CharField(_("place of signing"), max_length=120, blank=True,
                             help_text=_("Printed on the certificates, e.g. Lai Châu."))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    # A decision of an earlier year taken from the secretariat's spreadsheet: a fact of the
    # units' history, with no document of the portal's.
    imported = models.BooleanField(_("imported from a spreadsheet"), default=False)
    # The whole decision as recorded, rendered once; excerpts for a cluster are rendered live.
    stored = models.OneToOneField(StoredDocument, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")

    class Meta:
        verbose_name = _("award decision")
        verbose_name_plural = _("award decisions")
        ordering = ["-signed_on"]
        constraints = [models.UniqueConstraint(fields=["organisation", "number"],
                                               name="decision_number_unique",
                                               violation_error_message=_(
                                                   "A decision with this number already exists."))]

    def __str__(self):
        return f"{self.number} – {self.award_title}"

    @property
    def award_title(self):
        return self.award_name or self.award.name

    def get_additional_data(self):
        return {"organisation_id": self.organisation_id}


class AwardGrant(models.Model):
    """One unit awarded by a decision: the unit's award history."""

    decision = models.ForeignKey(AwardDecision, on_delete=models.CASCADE, related_name="grants")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_grants")
    register_number = models.CharField(_("register number (số sổ vàng)"), max_length=40,
                                       blank=True)
    # Why a unit the council had not approved for this award was awarded (empty when the
    # grant follows an approved nomination).
    outside_reason = models.CharField(_("reason (unit not approved for this award)"),
                                      max_length=500, blank=True)

    class Meta:
        verbose_name = _("award granted")
        verbose_name_plural = _("awards granted")
        ordering = ["-decision__signed_on"]
        constraints = [models.UniqueConstraint(fields=["decision", "unit"],
                                               name="grant_once",
                                               violation_error_message=_(
                                                   "This unit is already in this decision."))]

    def __str__(self):
        return f"{self.unit} – {self.decision}"

    def get_additional_data(self):
        return {"organisation_id": self.unit.organisation_id}


class EligibilityNote(models.Model):
    """A reason a unit cannot be proposed: discipline, inspection, unresolved complaint."""

    class Kind(models.TextChoices):
        DISCIPLINE = "discipline", _("Under discipline")
        INSPECTION = "inspection", _("Under inspection")
        COMPLAINT = "complaint", _("Unresolved complaint")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="eligibility_notes",
                             verbose_name=_("unit"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("eligibility note")
        verbose_name_plural = _("eligibility notes")
        ordering = ["-since"]

    def __str__(self):
        return f"{self.unit} – {self.get_kind_display()}"

    def get_additional_data(self):
        return {"organisation_id": self.unit.organisation_id}
