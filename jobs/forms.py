from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.models import FileJob


class YearFileForm(forms.Form):
    """Which of the year's files to build."""

    kind = forms.ChoiceField(label=_("File"), choices=FileJob.Kind.choices, error_messages={
        "required": _("Choose a file to build."), "invalid_choice": _("Choose a file to build.")})
