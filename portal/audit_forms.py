"""The audit trail's filters (a GET form: bad values are shown as field errors and ignored)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Unit
from portal.audit_actions import action_choices


class _DateInput(forms.DateInput):
    input_type = "date"  # the browser's date picker; it sends yyyy-mm-dd


DATE_ERRORS = {"invalid": _("Enter a date as dd/mm/yyyy, e.g. 31/12/2026.")}


class AuditFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    cluster = forms.ModelChoiceField(label=_("Cluster"), queryset=Cluster.objects.none(),
                                     required=False, empty_label=_("All clusters"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False,
                                  empty_label=_("All units"))
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=_DateInput(format="%Y-%m-%d"),
                                input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages=DATE_ERRORS)
    date_to = forms.DateField(label=_("To"), required=False, widget=_DateInput(format="%Y-%m-%d"),
                              input_formats=["%Y-%m-%d", "%d/%m/%Y"], error_messages=DATE_ERRORS)

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = Cluster.objects.filter(
            organisation=organisation).order_by("code")
        self.fields["unit"].queryset = Unit.objects.filter(
            organisation=organisation).order_by("name")
        self.fields["action"].choices = [("", _("All actions")), *action_choices()]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", forms.ValidationError(
                _("The end date is before the start date."), code="date_order"))
        return data

    def filters(self):
        """The valid filters as keyword arguments of `audit_entries` (invalid ones dropped)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        return {"search": data.get("q", "").strip(), "cluster": data.get("cluster"),
                "unit": data.get("unit"), "action": data.get("action", ""),
                "date_from": data.get("date_from"), "date_to": data.get("date_to")}
