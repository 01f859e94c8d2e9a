from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Nomination
from campaigns.models import AwardType
from clusters.models import Unit
from core.forms import CrispyMixin, DateField


class DecisionForm(CrispyMixin, forms.Form):
    award = forms.ModelChoiceField(label=_("Award"), queryset=None)
    year = forms.IntegerField(label=_("For the year"), min_value=2000, max_value=2100)
    number = forms.CharField(label=_("Decision number"), max_length=40)
    signed_on = DateField(label=_("Date"))
    issuer = forms.CharField(label=_("Issued by"), max_length=255)
    # Decree 30/2020: a signature block always carries the signer's full name.
    signer = forms.CharField(label=_("Signed by"), max_length=150)
    units = forms.ModelMultipleChoiceField(label=_("Units awarded"), queryset=None,
                                           widget=forms.SelectMultiple(attrs={"size": 10}))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award"].queryset = AwardType.objects.filter(organisation=organisation)
        self.fields["units"].queryset = Unit.objects.filter(organisation=organisation,
                                                            successor__isnull=True)


class AchievementsForm(forms.Form):
    """A nomination's achievement report (báo cáo thành tích), as the head's staff edit it."""

    achievements = forms.CharField(label=_("Achievement report (báo cáo thành tích)"),
                                   widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)


class NominationReturnForm(forms.Form):
    """The council returns one submitted nomination of its organisation, with a comment."""

    nomination = forms.ModelChoiceField(label=_("Award"), queryset=Nomination.objects.none())
    comment = forms.CharField(label=_("Comment"), max_length=2000)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = Nomination.objects.filter(
            campaign__cluster__organisation=organisation)
