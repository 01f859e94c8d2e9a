from decimal import Decimal

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
from scoring import table_check
from scoring.models import Adjustment, CriteriaTable, CriterionGroup


class TableSettingsForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = CriteriaTable
        fields = ["total_points", "bonus_cap", "penalty_cap", "contest_days", "mode",
                  "tie_break_group"]
        formfield_callback = localized_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_break_group"].queryset = CriterionGroup.objects.filter(
            table=self.instance)


# --- the table's contents, edited on one page: a formset per kind of row -------------------
# Each formset shows the table's rows and one empty row to add; a row ticked "delete" goes.
# The fields check each value; the rules across rows (codes, sums, bands) are
# table_check's, which the service asks again before it writes.

def _positive(value):
    if value is not None and value <= 0:
        raise forms.ValidationError(_("The points must be greater than 0."), code="not_positive")
    return value


def _input(css="form-control form-control-sm", **attrs):
    return forms.TextInput(attrs={"class": css, **attrs})


def _check():
    return forms.CheckboxInput(attrs={"class": "form-check-input"})


class _Row(InvalidMarkMixin, forms.Form):
    pk = forms.IntegerField(required=False, widget=forms.HiddenInput)


class GroupRow(_Row):
    code = forms.CharField(label=_("Code"), max_length=20, widget=_input())
    name = forms.CharField(label=_("Group"), max_length=255, widget=_input())


class CriterionRow(_Row):
    group = forms.ChoiceField(label=_("Group"), widget=forms.Select(
        attrs={"class": "form-select form-select-sm"}))
    code = forms.CharField(label=_("Code"), max_length=20, widget=_input())
    name = forms.CharField(label=_("Criterion"), max_length=500, widget=_input())
    max_points = VietnameseDecimalField(label=_("Maximum points"), max_digits=6,
                                        decimal_places=2, widget=_input(inputmode="decimal"))
    guide = forms.CharField(label=_("Scoring guide"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"class": "form-control form-control-sm",
                                                         "rows": 2}))
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False,
                                           widget=_check())
    from_targets = forms.BooleanField(label=_("Scored from pledge targets"), required=False,
                                      widget=_check())

    def __init__(self, *args, group_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [("", "—"), *group_choices]

    def clean_max_points(self):
        return _positive(self.cleaned_data["max_points"])


class AdjustmentRow(_Row):
    # initial: the empty row's select shows "bonus"; sent untouched, the row is no change.
    kind = forms.ChoiceField(label=_("Kind"), choices=Adjustment.Kind.choices,
                             initial=Adjustment.Kind.BONUS, widget=forms.Select(
                                 attrs={"class": "form-select form-select-sm"}))
    name = forms.CharField(label=_("Item"), max_length=500, widget=_input())
    points = VietnameseDecimalField(label=_("Points"), max_digits=5, decimal_places=2,
                                    widget=_input(inputmode="decimal"))
    disqualifying = forms.BooleanField(label=_("Disqualifying violation"), required=False,
                                       widget=_check())

    def clean_points(self):
        return _positive(self.cleaned_data["points"])


class BandRow(InvalidMarkMixin, forms.Form):
    name = forms.CharField(label=_("Rating"), max_length=60, widget=_input())
    min = VietnameseDecimalField(label=_("Minimum total"), min_value=0, max_digits=7,
                                 decimal_places=2, widget=_input(inputmode="decimal"))
    no_zero = forms.BooleanField(label=_("No criterion at 0"), required=False,
                                 widget=_check())


class _RowFormSet(forms.BaseFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"


def _rows(form):
    return forms.formset_factory(form, formset=_RowFormSet, extra=1, can_delete=True)


GroupFormSet = _rows(GroupRow)
CriterionFormSet = _rows(CriterionRow)
AdjustmentFormSet = _rows(AdjustmentRow)
BandFormSet = _rows(BandRow)


def _kept(formset):
    """The cleaned rows that stay: not ticked for deletion, not the untouched empty row."""
    return [form.cleaned_data for index, form in enumerate(formset.forms)
            if index < formset.initial_form_count() or form.has_changed()
            if form.cleaned_data and not form.cleaned_data.get("DELETE")]


def _name_rows(formset, kind, key):
    for index, form in enumerate(formset.forms):
        name = form.initial.get(key) if index < formset.initial_form_count() else None
        row = f"{kind} {name}" if name else _("New row: %(kind)s") % {"kind": kind.lower()}
        for field in form.fields.values():
            field.widget.attrs["aria-label"] = f"{row} · {field.label}"


class TableEditor:
    """The rules form and the four formsets of one table, validated together: each field by
    its form, then the table's rules (table_check) on the rows that would be saved."""

    def __init__(self, table, data=None):
        self.table = table
        groups = list(table.groups.all())
        criteria = [c for g in groups for c in g.criteria.all()]
        self.settings = TableSettingsForm(data, instance=table, prefix="settings")
        self.groups = GroupFormSet(data, prefix="groups", initial=[
            {"pk": g.pk, "code": g.code, "name": g.name} for g in groups])
        self.criteria = CriterionFormSet(
            data, prefix="criteria", form_kwargs={"group_choices": [
                (str(g.pk), f"{g.code}. {g.name}") for g in groups]},
            initial=[{"pk": c.pk, "group": str(c.group_id), "code": c.code, "name": c.name,
                      "max_points": c.max_points, "guide": c.guide,
                      "evidence_required": c.evidence_required,
                      "from_targets": c.from_targets} for c in criteria])
        self.adjustments = AdjustmentFormSet(data, prefix="items", initial=[
            {"pk": a.pk, "kind": a.kind, "name": a.name, "points": a.points,
             "disqualifying": a.disqualifying} for a in table.adjustments.all()])
        self.bands = BandFormSet(data, prefix="bands", initial=[
            {"name": b["name"], "min": Decimal(b["min"]), "no_zero": bool(b.get("no_zero"))}
            for b in table.bands])
        self.rule_errors = []
        # The error summary names a field by its aria-label: say which row it is in.
        _name_rows(self.groups, _("Group"), "code")
        _name_rows(self.criteria, _("Criterion"), "code")
        _name_rows(self.adjustments, _("Item"), "name")
        _name_rows(self.bands, _("Rating"), "name")

    @property
    def parts(self):
        return [self.settings, self.groups, self.criteria, self.adjustments, self.bands]

    def is_valid(self):
        if not all([part.is_valid() for part in self.parts]):  # a list: validate every part
            return False
        self.rule_errors = table_check.contents_errors(
            **self.contents(), total_points=self.settings.cleaned_data.get("total_points"),
            bonus_cap=self.settings.cleaned_data.get("bonus_cap"))
        return not self.rule_errors

    def contents(self):
        """The rows as services.table_save takes them (groups, criteria, bands; and
        adjustments, which no rule needs)."""
        groups = [{"pk": row["pk"], "key": str(row["pk"]) if row["pk"] else f"new-{i}",
                   "code": row["code"].strip(), "name": row["name"]}
                  for i, row in enumerate(_kept(self.groups))]
        criteria = [{key: value for key, value in row.items() if key != "DELETE"}
                    for row in _kept(self.criteria)]
        bands = [{"name": row["name"].strip(), "min": row["min"], "no_zero": row["no_zero"]}
                 for row in _kept(self.bands)]
        return {"groups": groups, "criteria": criteria, "bands": bands}

    def service_arguments(self):
        adjustments = [{key: value for key, value in row.items() if key != "DELETE"}
                       for row in _kept(self.adjustments)]
        return {**self.contents(), "adjustments": adjustments}

    def add_error(self, message):
        self.rule_errors.append(message)


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


# --- templates (the secretariat's) ----------------------------------------------------------

class TemplateNameForm(forms.Form):
    name = forms.CharField(label=_("Template name"), max_length=255, widget=_input())


class _TemplateChoice(forms.TypedChoiceField):
    """One of the templates given (already read: a page lists one select per cluster, so
    the choices must not be a query each); cleans to the template itself, or None."""

    def __init__(self, *, empty_label, required=False, **kwargs):
        super().__init__(required=required, coerce=int, empty_value=None, **kwargs)
        self.empty_label = empty_label
        self.widget.attrs.update({"class": "form-select form-select-sm"})

    def use(self, templates, label=lambda t: t.name):
        self.templates = {t.pk: t for t in templates}
        self.choices = [("", self.empty_label), *((t.pk, label(t)) for t in templates)]

    def clean(self, value):
        pk = super().clean(value)
        return None if pk is None else self.templates[pk]


class TemplateCreateForm(TemplateNameForm):
    source = _TemplateChoice(label=_("Start from"),
                             empty_label=_("The general template (neutral contents)"))

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].use(templates, label=lambda t: _("A copy of “%(name)s”") % {
            "name": t.name})


class ClusterTemplateForm(forms.Form):
    template = _TemplateChoice(label=_("Criteria template"),
                               empty_label=_("The organisation's default template"))

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].use(templates)


class TemplateLoadForm(forms.Form):
    template = _TemplateChoice(label=_("Criteria template"), required=True,
                               empty_label=_("Choose a template"),
                               error_messages={"required": _("Choose a template.")})

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].use(templates)
