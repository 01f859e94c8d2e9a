from decimal import Decimal, InvalidOperation

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from core.forms import (
    CrispyMixin,
    FileField,
    InvalidMarkMixin,
    VietnameseDecimalField,
    localized_formfield,
)
from scoring.models import CriteriaTable, CriterionGroup


class TableSettingsForm(CrispyMixin, forms.ModelForm):
    bands_text = forms.CharField(
        label=_("Rating bands"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One band per line: name | minimum total | x when no criterion may be 0."))

    class Meta:
        model = CriteriaTable
        fields = ["bonus_cap", "penalty_cap", "contest_days", "mode", "tie_break_group"]
        formfield_callback = localized_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_break_group"].queryset = CriterionGroup.objects.filter(
            table=self.instance)
        self.fields["bands_text"].initial = "\n".join(
            f"{b['name']} | {b['min']} | {'x' if b.get('no_zero') else ''}".rstrip(" |")
            for b in self.instance.bands)

    def clean_bands_text(self):
        bands = []
        for number, line in enumerate(self.cleaned_data["bands_text"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                minimum = Decimal(parts[1].replace(",", "."))
            except (IndexError, InvalidOperation):
                raise forms.ValidationError(_("Line %(n)s: write “name | minimum”.")
                                            % {"n": number}) from None
            bands.append({"name": parts[0], "min": str(minimum),
                          "no_zero": len(parts) > 2 and parts[2].lower() == "x"})
        if len(bands) < 2:
            raise forms.ValidationError(_("Give at least two bands."))
        return bands

    def _post_clean(self):
        super()._post_clean()
        if "bands_text" in self.cleaned_data:
            self.instance.bands = self.cleaned_data["bands_text"]


# --- the score sheet's grids, built from the criteria ------------------------------------
# The inputs keep the names the page has always posted (score-<criterion id>, claim-<item
# id>, ...), so one form holds the whole grid and re-renders every value typed.

def _text(css, label, placeholder=None):
    attrs = {"class": css, "aria-label": label}
    if placeholder:
        attrs["placeholder"] = placeholder
    return forms.TextInput(attrs=attrs)


def points_text(value):
    """A score as the page shows it ('12,5', '15'), so that it parses back unchanged."""
    return "" if value is None else floatformat(value, "-2")


def points_field(criterion, initial, label):
    return VietnameseDecimalField(
        required=False, min_value=0, max_value=criterion.max_points, max_digits=6,
        decimal_places=2, initial=points_text(initial),
        widget=_text("form-control form-control-sm text-end", f"{label} {criterion.code}"))


class _SheetGrid(InvalidMarkMixin, forms.Form):
    row_keys = ()
    item_keys = ()

    def row(self, criterion_id):
        """The bound fields of one criterion's row, by key ('score', 'comment', ...)."""
        return {key: self[f"{key}-{criterion_id}"] for key in self.row_keys
                if f"{key}-{criterion_id}" in self.fields}

    def item(self, adjustment_id):
        return {key: self[f"{key}-{adjustment_id}"] for key in self.item_keys}

    def _value(self, key, pk):
        return self.cleaned_data.get(f"{key}-{pk}")


class SelfScoreForm(_SheetGrid):
    row_keys = ("score", "comment", "note", "evidence")
    item_keys = ("claim", "justify")

    def __init__(self, *args, scores, adjustments, claims, attachments, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores, self.adjustments = list(scores), list(adjustments)
        choices = [(a.pk, a.original_name) for a in attachments]
        for score in self.scores:
            criterion, key = score.criterion, score.criterion_id
            if not criterion.from_targets:
                self.fields[f"score-{key}"] = points_field(criterion, score.self_score,
                                                           _("Self-score"))
            self.fields[f"comment-{key}"] = forms.CharField(
                required=False, max_length=5000, initial=score.comment,
                widget=_text("form-control form-control-sm mb-1", _("Comment"), _("Comment")))
            self.fields[f"note-{key}"] = forms.CharField(
                required=False, max_length=500, initial=score.evidence_note,
                widget=_text("form-control form-control-sm mb-1", _("Evidence"),
                             _("Where the evidence is (report section, document number)")))
            self.fields[f"evidence-{key}"] = forms.TypedMultipleChoiceField(
                required=False, choices=choices, coerce=int,
                initial=[a.pk for a in score.evidence.all()],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
        for adjustment in self.adjustments:
            claim = claims.get(adjustment.pk)
            self.fields[f"claim-{adjustment.pk}"] = forms.BooleanField(
                required=False, initial=bool(claim and not claim.added_by_verifier),
                widget=forms.CheckboxInput(attrs={"class": "form-check-input",
                                                  "aria-label": _("Claim")}))
            self.fields[f"justify-{adjustment.pk}"] = forms.CharField(
                required=False, max_length=5000, initial=claim.justification if claim else "",
                widget=_text("form-control form-control-sm", _("Justification"),
                             _("Justification")))

    def service_arguments(self):
        """(scores, claims) as services.self_score_save takes them."""
        scores = {s.criterion_id: {
            "score": self._value("score", s.criterion_id),
            "comment": self._value("comment", s.criterion_id),
            "note": self._value("note", s.criterion_id),
            "evidence": self._value("evidence", s.criterion_id)} for s in self.scores}
        claims = {a.pk: self._value("justify", a.pk) for a in self.adjustments
                  if self._value("claim", a.pk)}
        return scores, claims


DECISIONS = [("", "—"), ("accept", _("count it")), ("refuse", _("refuse"))]


class VerifyForm(_SheetGrid):
    row_keys = ("verified", "reason")
    item_keys = ("decision", "why")
    stale = _("This page is out of date: reload it and verify again. Nothing was saved.")
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput,
                                 error_messages={"required": stale, "invalid": stale,
                                                 "min_value": stale})

    def __init__(self, *args, sheet, scores, adjustments, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores, self.adjustments = list(scores), list(adjustments)
        self.fields["version"].initial = sheet.version
        for score in self.scores:
            key = score.criterion_id
            start = score.self_score if score.verified_score is None else score.verified_score
            self.fields[f"verified-{key}"] = points_field(score.criterion, start,
                                                          _("Verified score"))
            self.fields[f"reason-{key}"] = forms.CharField(
                required=False, max_length=5000, initial=score.verify_reason,
                widget=_text("form-control form-control-sm mt-1",
                             f"{_('Reason')} {score.criterion.code}",
                             _("Reason, if you change the score")))
        for adjustment in self.adjustments:
            claim = claims.get(adjustment.pk)
            decision = "" if claim is None else (
                "refuse" if claim.accepted is False else "accept")
            self.fields[f"decision-{adjustment.pk}"] = forms.ChoiceField(
                required=False, choices=DECISIONS, initial=decision,
                widget=forms.Select(attrs={"class": "form-select form-select-sm w-auto",
                                           "aria-label": _("Decision")}))
            self.fields[f"why-{adjustment.pk}"] = forms.CharField(
                required=False, max_length=5000, initial=claim.verify_reason if claim else "",
                widget=_text("form-control form-control-sm", _("Reason"), _("Reason")))

    def service_arguments(self):
        """(version, scores, claims) as services.verify_save takes them."""
        scores = {s.criterion_id: (self._value("verified", s.criterion_id),
                                   self._value("reason", s.criterion_id)) for s in self.scores}
        claims = {a.pk: (self._value("decision", a.pk) == "accept", self._value("why", a.pk))
                  for a in self.adjustments if self._value("decision", a.pk)}
        return self.cleaned_data["version"], scores, claims


class ContestForm(InvalidMarkMixin, forms.Form):
    reason = forms.CharField(max_length=2000, widget=forms.TextInput(attrs={
        "class": "form-control form-control-sm",
        "placeholder": _("Why you contest this score")}))

    def __init__(self, *args, score, **kwargs):
        super().__init__(*args, auto_id=f"id_contest{score.pk}_%s", **kwargs)
        self.fields["reason"].widget.attrs["aria-label"] = f"{_('Contest')} {score.criterion.code}"


class ResolveForm(InvalidMarkMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("keep", _("Keep the verified score")), ("change", _("Change it to"))],
        widget=forms.Select(attrs={"class": "form-select form-select-sm",
                                   "aria-label": _("Decision")}))
    reason = forms.CharField(max_length=2000, widget=forms.TextInput(attrs={
        "class": "form-control form-control-sm", "placeholder": _("Reason for the decision"),
        "aria-label": _("Reason")}))

    def __init__(self, *args, score, **kwargs):
        super().__init__(*args, auto_id=f"id_resolve{score.pk}_%s", **kwargs)
        self.fields["score"] = points_field(score.criterion, None, _("New score"))
        self.order_fields(["decision", "score", "reason"])

    def clean(self):
        data = super().clean()
        if data.get("decision") == "change" and data.get("score") is None \
                and "score" not in self.errors:
            self.add_error("score", forms.ValidationError(_("Enter the new score."),
                                                          code="required"))
        return data


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason for reopening the table"), max_length=2000)


class TableImportForm(forms.Form):
    file = FileField(label=_("File"), error_messages={"required": _("Upload an .xlsx file.")})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an .xlsx file."), code="not_xlsx")
        return upload
