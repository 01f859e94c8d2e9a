from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.recording import NativeDateInput, occurred_bounds, occurred_on_refusal
from core.forms import CrispyMixin, DateField, FileField, VietnameseDecimalField
from reports.models import SECTIONS


class SectionsForm(CrispyMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in SECTIONS:
            self.fields[name] = forms.CharField(
                label=label, required=False, max_length=20000,
                widget=forms.Textarea(attrs={"rows": 5 if name == "results" else 3}))


class FreeFigureForm(forms.Form):
    name = forms.CharField(label=_("Figure"), max_length=255)
    measure = forms.CharField(label=_("Unit of measure"), max_length=40, required=False)
    actual = VietnameseDecimalField(label=_("Value"), max_digits=16, decimal_places=2)


FreeFigureFormSet = formset_factory(FreeFigureForm, extra=2, can_delete=True, max_num=30,
                                    validate_max=True)


class FiguresForm(forms.Form):
    """The figures grid: one actual per pledged target (input 'actual-<target id>').

    Built from the targets, not from saved figures, so that showing the page writes nothing;
    the service creates a target's figure row when its actual is first saved.
    """

    def __init__(self, *args, targets, figures, **kwargs):
        """targets: the pledge's; figures: {target id: the report's saved figure}."""
        kwargs.setdefault("prefix", "actual")
        super().__init__(*args, **kwargs)
        self.targets, self.figures = list(targets), figures
        for target in self.targets:
            figure = figures.get(target.pk)
            self.fields[str(target.pk)] = VietnameseDecimalField(
                label=target.name, required=False, min_value=0, max_digits=16,
                decimal_places=2, initial=_typed(figure.actual) if figure else "")

    def rows(self):
        """(target, bound field, saved figure or None) in the pledge's order."""
        return [(target, self[str(target.pk)], self.figures.get(target.pk))
                for target in self.targets]

    def actuals(self):
        """{target id: Decimal | None} once valid."""
        return {target.pk: self.cleaned_data[str(target.pk)] for target in self.targets}


def _typed(value):
    """A saved figure as the input shows it: '12,5', '150' (Vietnamese decimal comma)."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")


class AttachmentForm(forms.Form):
    file = FileField(label=_("Evidence file (PDF, DOCX, XLSX, JPG, PNG)"))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What must the unit correct?"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ActivityForm(CrispyMixin, forms.Form):
    date = DateField(label=_("Date"))
    title = forms.CharField(label=_("Activity or achievement"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    participants = forms.IntegerField(label=_("Participants"), required=False, min_value=0)
    amount_vnd = VietnameseDecimalField(label=_("Amount (VND)"), required=False, min_value=0,
                                        max_digits=16, decimal_places=0)
    file = FileField(label=_("Photo or file"), required=False)


class NarrativeForm(CrispyMixin, forms.Form):
    narrative = forms.CharField(label=_("Assessment (results, limitations, direction)"),
                                max_length=50000, widget=forms.Textarea(attrs={"rows": 10}))
    issued_on = forms.DateField(
        label=_("Issue date (when issuing)"), required=False, widget=NativeDateInput(),
        help_text=_("The date the head signs and issues it; empty: today."))

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        first, last = occurred_bounds(campaign)
        self.fields["issued_on"].widget.attrs.update(
            {"min": first.isoformat(), "max": last.isoformat()})

    def clean_issued_on(self):
        day = self.cleaned_data["issued_on"]
        if day is not None and (refusal := occurred_on_refusal(self.campaign, day)):
            raise refusal
        return day


class CorrectionForm(CrispyMixin, forms.Form):
    """A correction of an issued summary: the corrected assessment and why."""

    narrative = forms.CharField(label=_("Corrected assessment"), max_length=50000,
                                widget=forms.Textarea(attrs={"rows": 6}))
    reason = forms.CharField(label=_("Reason for the correction"), max_length=500)


class BulkAcceptForm(forms.Form):
    """Reports of the review queue to accept at once, after the confirmation page."""

    reports = forms.ModelMultipleChoiceField(queryset=None, label=_("Reports"),
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, queue, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = queue


class RemindForm(forms.Form):
    """"Remind now": where to come back to (the campaign page or the board)."""

    next = forms.CharField(required=False, max_length=500)


class VerifyUploadForm(forms.Form):
    file = FileField(label=_("A copy of the document (PDF or Word)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["class"] = "form-control"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than allowed."),
                                        code="file_too_large")
        return upload
