import datetime

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardType, Campaign, CampaignFile, Milestone
from core.forms import CrispyMixin, DateField, FileField, VietnameseDecimalField

DATE_FIELDS = ["pledge_due", "semiannual_due", "yearend_due", "selfscore_due",
               "verification_due", "conference_on", "dossier_due"]


CONFERENCE_MONTHS = range(9, 13)  # clusters review the year from September to December


def default_dates(year, conference_month=12):
    """A usual calendar for a conference in `conference_month` (15th): pledge in April,
    semi-annual review in July, then the year-end report, self-scoring and verification in
    the weeks before the conference and the dossier after it, always in that order."""
    d, step = datetime.date, datetime.timedelta
    if conference_month not in CONFERENCE_MONTHS:
        conference_month = 12
    conference = d(year, conference_month, 15)
    return {"pledge_due": d(year, 4, 15), "semiannual_due": d(year, 7, 10),
            "yearend_due": conference - step(days=15), "selfscore_due": conference - step(days=10),
            "verification_due": conference - step(days=5), "conference_on": conference,
            "dossier_due": conference + step(days=5)}


def conference_month_from(request):
    """The month the head picked on the new-campaign page (?conference_month=11)."""
    try:
        month = int(request.GET.get("conference_month", 12))
    except ValueError:
        return 12
    return month if month in CONFERENCE_MONTHS else 12


class CampaignForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = ["title", "place", *DATE_FIELDS, "plan_text", "rules_text", "pledge_text"]
        field_classes = {name: DateField for name in DATE_FIELDS}
        widgets = {name: forms.Textarea(attrs={"rows": 4})
                   for name in ("plan_text", "rules_text", "pledge_text")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Asked on the page (pre-filled from the head unit); the model may be blank for
        # campaigns made by code, which campaign_save places.
        self.fields["place"].required = True
        self.fields["place"].help_text = _("Name the place printed before the date of this "
                                           "year's documents.")

    def clean(self):
        data = super().clean()
        dates = [data.get(name) for name in DATE_FIELDS]
        if all(dates) and dates != sorted(dates):
            raise forms.ValidationError(_("The milestones must follow one another in time: "
                                          "pledge, semi-annual, year-end, self-scoring, "
                                          "verification, conference, dossier."))
        return data


class ExtensionForm(CrispyMixin, forms.Form):
    deadline = forms.ChoiceField(label=_("Deadline"), choices=Milestone.choices)
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
    file = FileField(label=_("File"))


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

    def __init__(self, *args, organisation, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titles"].queryset = AwardType.objects.in_year(year).filter(
            organisation=organisation)


class SignForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that I sign this pledge on behalf of my unit."))


class AwardForm(CrispyMixin, forms.ModelForm):
    """One entry of the secretariat's award catalogue."""

    class Meta:
        model = AwardType
        fields = ["name", "code", "kind", "level", "order", "quota", "vote_threshold",
                  "strictly_above", "prior_excellent_years", "requires_award", "prize_multiple",
                  "awarding_post", "signing_post", "certificate_wording", "active_from",
                  "active_until"]
        field_classes = {"vote_threshold": VietnameseDecimalField,
                         "prize_multiple": VietnameseDecimalField}
        labels = {"order": _("Display order")}
        help_texts = {"vote_threshold": _("A share of all member units: 0,8 for 80 %, "
                                          "0,5 for half."),
                      "code": _("Short, without accents or spaces, e.g. co-thi-dua-hoi.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requires_award"].queryset = AwardType.objects.filter(
            organisation=self.instance.organisation).exclude(pk=self.instance.pk)
        self.fields["certificate_wording"].widget = forms.TextInput()


class AwardSearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100)
    status = forms.ChoiceField(required=False, choices=[("", ""), ("active", ""),
                                                        ("inactive", "")])


class RecordingForm(forms.Form):
    """Switch recording after the fact on or off, with an explicit confirmation."""

    on = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=_("I confirm: actions of this campaign will take the "
                                         "date they really happened."))
