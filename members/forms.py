from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyMixin


class RepresentativeForm(CrispyMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    position = forms.CharField(label=_("Position"), max_length=120, required=False)
    designated_voter = forms.BooleanField(label=_("Designated voter"), required=False)


class SecondFactorForm(CrispyMixin, forms.Form):
    """A six-digit code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"), max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True,
                                      "inputmode": "text", "spellcheck": "false"}))
