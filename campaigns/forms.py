import datetime

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardType, Campaign, CampaignFile, Deadline
from core.forms import CrispyMixin, DateField, VietnameseDecimalField

DATE_FIELDS = ["pledge_due", "semiannual_due", "yearend_due", "selfscore_due",
               "verification_due", "conference_on", "dossier_due"]


def default_dates(year):
    """A usual calendar: pledge in April, semi-annual review in July, year-end in December."""
    d = datetime.date
    return {"pledge_due": d(year, 4, 15), "semiannual_due": d(year, 7, 10),
            "yearend_due": d(year, 11, 30), "selfscore_due": d(year, 12, 5),
            "verification_due": d(year, 12, 10), "conference_on": d(year, 12, 15),
            "dossier_due": d(year, 12, 20)}


class CampaignForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "place", *DATE_FIELDS, "plan_text", "rules_text", "pledge_text"]
        field_classes = {name: DateField for name in DATE_FIELDS}
        widgets = {name: forms.Textarea(attrs={"rows": 4})
                   for name in ("plan_text", "rules_text", "pledge_text")}

    def clean(self):
        data = super().clean()
        dates = [data.get(name) for name in DATE_FIELDS]
        if all(dates) and dates != sorted(dates):
            raise forms.ValidationError(_("The milestones must follow one another in time: "
                                          "pledge, semi-annual, year-end, self-scoring, "
                                          "verification, conference, dossier."))
        return data


class ExtensionForm(CrispyMixin, forms.Form):
    deadline = forms.ChoiceField(label=_("Deadline"), choices=Deadline.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, required=False,
                                  empty_label=_("All units"))
    new_due = DateField(label=_("New deadline"))
    reason = forms.CharField(label=_("Reason"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CampaignFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CampaignFile.Kind.choices)
    file = forms.FileField(label=_("File"))


class TargetForm(forms.Form):
    name = forms.CharField(label=_("Target"), max_length=255)
    measure = forms.CharField(label=_("Unit of measure"), max_length=40)
    target_value = VietnameseDecimalField(label=_("Target value"), min_value=0.01,
                                          max_digits=16, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)


TargetFormSet = formset_factory(TargetForm, extra=3, can_delete=True, max_num=50,
                                validate_max=True)


class TitlesForm(forms.Form):
    titles = forms.ModelMultipleChoiceField(label=_("Titles aimed for"), required=False,
                                            queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titles"].queryset = AwardType.objects.filter(
            organisation=organisation, is_active=True)


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that I sign this pledge on behalf of my unit."))


class RecordingForm(forms.Form):
    """Switch recording after the fact on or off, with an explicit confirmation."""

    on = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I confirm: actions of this campaign will take the "
                                         "date they really happened."))
