"""Recording a year after the fact: the one place that decides which date an action takes.

Outside recording mode an action happens now. In recording mode (switched by the
secretariat, campaigns.services.campaign_recording_set) the person entering it gives the day
it really happened; that day must lie inside the campaign's year or its dossier window, and
each such entry is kept as a RecordedDate (who entered it, when). Lateness is then computed
from those dates, never from today.
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import RecordedDate

NOON = datetime.time(12, 0)


def occurred_bounds(campaign):
    """First and last day an event of the campaign may carry: its calendar year, stretched
    to the dossier deadline when that falls in the next year."""
    return (datetime.date(campaign.year, 1, 1),
            max(datetime.date(campaign.year, 12, 31), campaign.dossier_due))


def occurred_on_refusal(campaign, day, *, today=None):
    """Why `day` cannot be recorded for the campaign (a ValidationError), or None."""
    first, last = occurred_bounds(campaign)
    if not first <= day <= last:
        return ValidationError(
            _("The date must lie in the year %(year)s or its dossier window "
              "(%(first)s – %(last)s).") % {
                "year": campaign.year, "first": first.strftime("%d/%m/%Y"),
                "last": last.strftime("%d/%m/%Y")},
            code="occurred_out_of_bounds")
    if day > (today or timezone.localdate()):
        return ValidationError(_("A date in the future cannot be recorded."),
                               code="occurred_in_future")
    return None


def check_occurred_on(campaign, day):
    refusal = occurred_on_refusal(campaign, day)
    if refusal is not None:
        raise refusal


def moment(campaign, occurred_on=None, *, at=None, default=None):
    """The datetime an action takes: now (or `default`) outside recording mode; the recorded
    day (at `at`, else noon, so its local date is that day) once checked, in recording mode."""
    if occurred_on is None:
        return default or timezone.now()
    if not campaign.recording_mode:
        raise ValidationError(_("Dates can be recorded only in recording mode."),
                              code="not_recording")
    check_occurred_on(campaign, occurred_on)
    return timezone.make_aware(datetime.datetime.combine(occurred_on, at or NOON))


def log(campaign, *, action, subject, occurred_on, by=None):
    """Keep the back-dated entry: what, the day it happened, who entered it (and when)."""
    if occurred_on is None:
        return None
    return RecordedDate.objects.create(campaign=campaign, action=action,
                                       subject=str(subject)[:255], occurred_on=occurred_on,
                                       recorded_by=by if by and by.is_authenticated else None)


def day_of(value):
    """The local date of a datetime (or a date as it is)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    return value


class NativeDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class OccurredOnForm(forms.Form):
    """The date field each action's form gets in recording mode (absent otherwise)."""

    occurred_on = forms.DateField(label=gettext_lazy("Date it happened"),
                                  widget=NativeDateInput(), input_formats=["%Y-%m-%d",
                                                                           "%d/%m/%Y"])

    def __init__(self, *args, campaign, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        first, last = occurred_bounds(campaign)
        widget = self.fields["occurred_on"].widget
        widget.attrs.update({"min": first.isoformat(), "max": last.isoformat()})
        if label:
            self.fields["occurred_on"].label = label

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        refusal = occurred_on_refusal(self.campaign, day)
        if refusal is not None:
            raise refusal
        return day


def occurred_on_from(request, campaign):
    """(date or None, form) for a POST: None outside recording mode; in recording mode the
    checked date, or (None, the bound form with its errors) so the view refuses the action."""
    if not campaign.recording_mode:
        return None, None
    form = OccurredOnForm(request.POST, campaign=campaign)
    if form.is_valid():
        return form.cleaned_data["occurred_on"], form
    return None, form


def refuse_date(request, form):
    """A recorded date that failed its check: say why (with its code); the view saves nothing."""
    for error in form.errors.as_data().get("occurred_on", []):
        messages.error(request, " ".join(error.messages), extra_tags=error.code or "")
