from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from awards.certificates import BLANK_FIELDS
from awards.models import Nomination
from campaigns.models import AwardType
from clusters.models import Unit
from core.forms import CrispyMixin, DateField, SpreadsheetFileField, VietnameseDecimalField


class DecisionForm(CrispyMixin, forms.Form):
    """A QUYẾT ĐỊNH: it offers the approved nominations of the chosen award and year; another
    unit only with a reason (kept on its grant)."""

    award = forms.ModelChoiceField(label=_("Award"), queryset=None)
    year = forms.IntegerField(label=_("For the year"), min_value=2000, max_value=2100)
    number = forms.CharField(label=_("Decision number"), max_length=40)
    signed_on = DateField(label=_("Date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=255)
    # Decree 30/2020: a signature block always carries the signer's full name.
    signer = forms.CharField(label=_("Signed by"), max_length=150)
    place = forms.CharField(label=_("Place of signing"), max_length=120, required=False,
                            help_text=_("Printed on the certificates, e.g. Lai Châu."))
    nominations = forms.ModelMultipleChoiceField(
        label=_("Approved nominations awarded"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The approved nominations of this award and year; those left unticked "
                    "are recorded as not awarded by this decision."))
    other_units = forms.ModelMultipleChoiceField(
        label=_("Other units awarded"), queryset=None, required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Units the council did not approve for this award: only with a reason."))
    outside_reason = forms.CharField(label=_("Reason for the other units"), max_length=500,
                                     required=False)
    first_register_number = forms.IntegerField(
        label=_("First register number (số sổ vàng)"), required=False, min_value=1,
        max_value=10**9, help_text=_("The units listed get this number and the ones after it."))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = AwardType.objects.filter(organisation=organisation,
                                                                 is_active=True)
        self.fields["other_units"].queryset = Unit.objects.filter(organisation=organisation,
                                                                  successor__isnull=True)
        award, year = self._chosen("award"), self._chosen("year")
        approved = Nomination.objects.filter(
            campaign__cluster__organisation=organisation, status=Nomination.Status.APPROVED)
        # Bound: exactly the chosen award and year (a nomination of another is refused).
        if self.is_bound or year is not None:
            approved = approved.filter(campaign__year=year)
        if self.is_bound or award is not None:
            approved = approved.filter(award_id=award)
        self.fields["nominations"].queryset = approved.select_related(
            "unit", "award", "campaign__cluster").order_by("award__order", "unit__name")
        self.fields["nominations"].label_from_instance = lambda n: (
            f"{n.unit.name} — {n.campaign.cluster.name} · {n.award_title}")

    def _chosen(self, name):
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        try:
            return int(value)
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        units = [n.unit for n in data.get("nominations") or []]
        units += [u for u in data.get("other_units") or [] if u not in units]
        if not units and not self.errors:
            raise forms.ValidationError(_("Choose the units awarded."), code="no_units")
        data["units"] = units
        return data

    def decision_data(self):
        """The service's arguments from the valid form."""
        data = dict(self.cleaned_data)
        data.pop("nominations", None)
        data.pop("other_units", None)
        return data


class AchievementsForm(forms.Form):
    """A nomination's achievement report (báo cáo thành tích), as the head's staff edit it."""

    achievements = forms.CharField(label=_("Achievement report (báo cáo thành tích)"),
                                   widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)


class NominationReturnForm(forms.Form):
    """The council returns one received nomination, with a comment the cluster sees."""

    comment = forms.CharField(label=_("Comment"), max_length=2000)


FIELD_LABELS = {
    "post": _("Awarding post"), "tang": _("“TẶNG”"), "unit": _("Unit"),
    "address": _("Address"), "reason": _("Achievement"), "decision": _("Decision number"),
    "register": _("Register number"), "place_date": _("Place and date"),
    "signing_post": _("Signer's post"), "signer": _("Signer's name"),
}


def _mm(label, low, high, required=False):
    return VietnameseDecimalField(label=label, required=required, min_value=Decimal(low),
                                  max_value=Decimal(high), max_digits=6, decimal_places=2)


class CertificateLayoutForm(forms.Form):
    """Where the certificate's lines go (GET): plain A4, or onto pre-printed blanks at the
    positions the blank asks for, in mm from the sheet's top left, shifted by dx, dy."""

    layout = forms.ChoiceField(label=_("Paper"), required=False, choices=[
        ("plain", _("Plain A4 (title, heading and frame printed)")),
        ("blank", _("Pre-printed blank (phôi): the variable text only"))])
    dx = _mm(_("Shift right (mm)"), -50, 50)
    dy = _mm(_("Shift down (mm)"), -50, 50)

    def __init__(self, *args, **kwargs):
        kwargs["initial"] = {"dx": "0", "dy": "0", **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        for field in BLANK_FIELDS:
            label = FIELD_LABELS[field.name]
            where = _("centre") if field.align == "center" else _("left edge")
            self.fields[f"{field.name}_x"] = _mm(
                format_lazy(_("{label}: x, {where} (mm)"), label=label, where=where), 0, 297)
            self.fields[f"{field.name}_y"] = _mm(
                format_lazy(_("{label}: y, top (mm)"), label=label), 0, 210)
            # Shown as people write them here: "148,5".
            self.fields[f"{field.name}_x"].initial = str(field.x).replace(".", ",")
            self.fields[f"{field.name}_y"].initial = str(field.y).replace(".", ",")

    def layout_options(self):
        """(blank, positions, dx, dy) from the valid form; empty fields take the defaults."""
        data = self.cleaned_data
        positions = {field.name: (data.get(f"{field.name}_x") or field.x,
                                  data.get(f"{field.name}_y") or field.y)
                     for field in BLANK_FIELDS}
        return (data.get("layout") == "blank", positions, data.get("dx") or Decimal(0),
                data.get("dy") or Decimal(0))


class PastOutcomesForm(CrispyMixin, forms.Form):
    file = SpreadsheetFileField(label=_("Spreadsheet of earlier years (.xlsx or .csv)"))
    check_only = forms.BooleanField(label=_("Only check the file, save nothing"),
                                    required=False)
