"""The vote's POSTs, each parsed by a form: junk comes back as field errors, never a 500."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.recording import NativeDateInput, occurred_bounds, occurred_on_refusal
from core.forms import InvalidMarkMixin
from voting.models import VotingSession

SMALL = "form-control form-control-sm"


class PrepareForm(InvalidMarkMixin, forms.Form):
    mode = forms.ChoiceField(choices=VotingSession.Mode.choices, required=False)

    def clean_mode(self):
        return self.cleaned_data["mode"] or VotingSession.Mode.ONLINE


class AttendanceForm(InvalidMarkMixin, forms.Form):
    present = forms.TypedMultipleChoiceField(
        required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))

    def __init__(self, *args, members, present=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(u.pk, u.name) for u in members]
        self.fields["present"].initial = list(present)


class TrackerCheckForm(InvalidMarkMixin, forms.Form):
    """The secretary's record of the tracker check in the room."""

    units_checked = forms.IntegerField(label=_("Units that checked their trackers"),
                                       min_value=0, widget=forms.NumberInput(
                                           attrs={"class": SMALL}))
    missing = forms.TypedMultipleChoiceField(
        label=_("Units reporting a missing tracker"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"class": SMALL, "rows": 2}))

    def __init__(self, *args, present, check=None, **kwargs):
        super().__init__(*args, auto_id="id_trackers_%s", **kwargs)
        self.fields["missing"].choices = [(u.pk, u.name) for u in present]
        if check is not None:
            self.initial.update({"units_checked": check.units_checked, "note": check.note,
                                 "missing": [u.pk for u in check.missing_units.all()]})


class CandidateAddForm(InvalidMarkMixin, forms.Form):
    unit = forms.TypedChoiceField(coerce=int, widget=forms.Select(attrs={
        "class": "form-select form-select-sm", "aria-label": _("Unit")}))
    reason = forms.CharField(max_length=500, widget=forms.TextInput(attrs={
        "class": SMALL, "placeholder": _("Reason for adding"), "aria-label": _("Reason")}))

    def __init__(self, *args, question, members, **kwargs):
        super().__init__(*args, auto_id=f"id_add{question.pk}_%s", **kwargs)
        self.fields["unit"].choices = [(u.pk, u.name) for u in members]


class CandidateRemoveForm(forms.Form):
    reason = forms.CharField(max_length=500)


class PaperCountsForm(InvalidMarkMixin, forms.Form):
    """The vote-count record of one question: ballots counted, yes votes per candidate."""

    ballots = forms.IntegerField(label=_("Ballots counted"), min_value=0, max_value=10000,
                                 widget=forms.TextInput(attrs={"class": SMALL,
                                                               "inputmode": "numeric"}))

    invalid = forms.IntegerField(label=_("Invalid ballots"), min_value=0, max_value=10000,
                                 required=False,
                                 widget=forms.TextInput(attrs={"class": SMALL,
                                                               "inputmode": "numeric"}))

    def __init__(self, *args, question, **kwargs):
        super().__init__(*args, auto_id=f"id_q{question.pk}_%s", **kwargs)
        self.fields["ballots"].initial = question.paper_ballots
        self.fields["invalid"].initial = question.paper_invalid
        self.candidates = list(question.candidates.all())
        for candidate in self.candidates:
            self.fields[f"count-{candidate.pk}"] = forms.IntegerField(
                label=candidate.unit.display_name, min_value=0, max_value=10000,
                widget=forms.TextInput(attrs={"class": SMALL, "inputmode": "numeric"}))

    def counts(self):
        return {c.pk: self.cleaned_data[f"count-{c.pk}"] for c in self.candidates}


class BallotForm(forms.Form):
    """The encrypted ballot as the page's script POSTs it: JSON of ciphertexts and proofs
    (docs/ballot.md §3), never a candidate. Its proofs are checked by `ballot_cast`."""

    ballot = forms.CharField(max_length=200_000, widget=forms.HiddenInput,
                             error_messages={"required": _("Invalid ballot (phiếu không hợp "
                                                           "lệ): it was not accepted.")})

    def clean_ballot(self):
        try:
            data = json.loads(self.cleaned_data["ballot"])
        except ValueError:
            data = None
        if not isinstance(data, dict):
            raise forms.ValidationError(_("Invalid ballot (phiếu không hợp lệ): it was not "
                                          "accepted."), code="invalid_ballot")
        return data


class ConferenceForm(InvalidMarkMixin, forms.Form):
    """The conference as it is (or was) held: its date (asked in recording mode; otherwise
    the day the vote opens), start and end times, place."""

    held_on = forms.DateField(label=_("Conference date"), required=False,
                              widget=NativeDateInput(attrs={"class": SMALL}))
    starts_at = forms.TimeField(label=_("Started at"), required=False,
                                widget=forms.TimeInput(attrs={"type": "time", "class": SMALL},
                                                       format="%H:%M"))
    ends_at = forms.TimeField(label=_("Ended at"), required=False,
                              widget=forms.TimeInput(attrs={"type": "time", "class": SMALL},
                                                     format="%H:%M"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False,
                            widget=forms.TextInput(attrs={"class": SMALL}))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = session.campaign
        if not self.campaign.recording_mode:
            del self.fields["held_on"]
        else:
            first, last = occurred_bounds(self.campaign)
            self.fields["held_on"].required = True
            self.fields["held_on"].widget.attrs.update(
                {"min": first.isoformat(), "max": last.isoformat()})

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day is not None and (refusal := occurred_on_refusal(self.campaign, day)):
            raise refusal
        return day


class DetailsForm(InvalidMarkMixin, forms.Form):
    """The conference's place, chair and secretary and its counting board (three members,
    the first the chief; a member left without a name is dropped)."""

    place = forms.CharField(label=_("Place of the conference"), max_length=255, required=False)
    chair = forms.CharField(label=_("Chair (chủ tọa)"), max_length=150)
    secretary = forms.CharField(label=_("Secretary (thư ký)"), max_length=150)

    BOARD = 3

    def __init__(self, *args, members, session=None, **kwargs):
        super().__init__(*args, **kwargs)
        board = list(session.board_members.all()) if session is not None else []
        choices = [("", "—")] + [(u.pk, u.name) for u in members]
        self.members = {u.pk: u for u in members}
        for index in range(self.BOARD):
            label = _("Counting board: chief") if index == 0 else \
                _("Counting board: member %(n)s") % {"n": index}
            self.fields[f"board_{index}_name"] = forms.CharField(
                label=label, max_length=150, required=index == 0)
            self.fields[f"board_{index}_unit"] = forms.TypedChoiceField(
                label=_("Unit"), choices=choices, coerce=int, required=False, empty_value=None)
            if index < len(board):
                self.fields[f"board_{index}_name"].initial = board[index].name
                self.fields[f"board_{index}_unit"].initial = board[index].unit_id
        if session is not None:
            for name in ("place", "chair", "secretary"):
                self.fields[name].initial = getattr(session, name)

    def board(self):
        return [(self.cleaned_data[f"board_{i}_name"],
                 self.members.get(self.cleaned_data[f"board_{i}_unit"]))
                for i in range(self.BOARD)]
