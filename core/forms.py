"""Form pieces shared by the apps."""

import re
from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_decimal(text):
    """A number as people write it here: '1.234,5', '1234,5', '1234.5', '1 500' or '1.500'.

    With both separators the dot groups thousands; a lone comma is the decimal mark; lone
    dots that split off groups of exactly three digits are thousands ('1.500' is 1500).
    """
    text = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(text):
        text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


class VietnameseDecimalField(forms.DecimalField):
    widget = forms.TextInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value)
        except ValueError:
            raise forms.ValidationError(_("Enter a number, e.g. 1.250 or 12,5."),
                                        code="invalid") from None

    def widget_attrs(self, widget):
        return {"inputmode": "decimal"}

    def run_validators(self, value):
        # Django's min/max messages print the limit as Python does ("10.00"): write it as
        # the page does ("10", "12,5").
        try:
            super().run_validators(value)
        except forms.ValidationError as error:
            for item in error.error_list:
                limit = (item.params or {}).get("limit_value")
                if isinstance(limit, (Decimal, int, float)):
                    item.params = {**item.params, "limit_value": floatformat(limit, "-2")}
            raise

    def prepare_value(self, value):
        # A stored number is shown as the page shows it ("3,00", not "3.00"); a typed text
        # comes back unchanged. No thousands dots: "1.500" would read as 1,5 to some.
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return formats.number_format(value, use_l10n=True, force_grouping=False)
        return value


class DateField(forms.DateField):
    """The browser's own date picker (<input type=date>, which always sends yyyy-mm-dd); a
    browser without one lets people type dd/mm/yyyy, as Vietnamese forms write dates."""

    widget = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    default_error_messages = {
        "invalid": _("Enter a valid date as dd/mm/yyyy, for example 31/12/2026."),
    }


def upload_limit_attrs():
    """For static/js/portal.js: the browser refuses a file over the limit before sending it
    (the server still checks: core.middleware, core.uploads)."""
    mb = settings.UPLOAD_MAX_BYTES // 2**20
    return {"data-max-bytes": str(settings.UPLOAD_MAX_BYTES),
            "data-too-large": gettext("is larger than %(mb)s MB, the limit: choose a smaller "
                                      "file (nothing was sent).") % {"mb": mb}}


class SizeCheckedFileInput(forms.ClearableFileInput):
    """The upload limit read when the input is drawn, not when the form class is defined
    (a changed setting, as in tests, would otherwise never reach the page)."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, value, {**(attrs or {}), **upload_limit_attrs()})


class FileField(forms.FileField):
    """A file input whose size the browser checks before sending."""

    widget = SizeCheckedFileInput


class SpreadsheetFileField(FileField):
    """An .xlsx or .csv upload within the upload limit (checked before anything reads it)."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
        if upload and not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an .xlsx or .csv file."))
        return upload


def localized_formfield(db_field, **kwargs):
    """ModelForm Meta.formfield_callback: decimals with the decimal comma, dates with the
    date picker, like the forms written by hand."""
    if isinstance(db_field, models.DecimalField):
        return db_field.formfield(form_class=VietnameseDecimalField, **kwargs)
    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        return db_field.formfield(form_class=DateField, **kwargs)
    return db_field.formfield(**kwargs)


class CrispyMixin:
    """Render with crispy-bootstrap5 but keep <form> and buttons in the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class InvalidMarkMixin:
    """Bootstrap's is-invalid on the widgets of fields with errors. Django already adds
    aria-invalid="true" and aria-describedby="<id>_error"; templates/core/_errors.html
    renders the text under that id."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def errors_to_messages(request, form):
    """A small inline form whose page simply redirects back: its errors become messages,
    each named by its field and tagged with its code (data-code on the page), so the person
    reads what was wrong and nothing is saved."""
    for name, errors in form.errors.as_data().items():
        label = form.fields[name].label if name in form.fields else None
        for error in errors:
            for text in error.messages:
                messages.error(request, f"{label}: {text}" if label else text,
                               extra_tags=error.code or "")
