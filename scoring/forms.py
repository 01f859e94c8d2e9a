from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CrispyMixin
from scoring.models import CriteriaTable, CriterionGroup


class TableSettingsForm(CrispyMixin, forms.ModelForm):
    bands_text = forms.CharField(
        label=_("Rating bands"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One band per line: name | minimum total | x when no criterion may be 0."))

    class Meta:
        model = CriteriaTable
        fields = ["bonus_cap", "penalty_cap", "contest_days", "mode", "tie_break_group"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tie_break_group"].queryset = CriterionGroup.objects.filter(
            table=self.instance)
        self.fields["bands_text"].initial = "\n".join(
            f"{b['name']} | {b['min']} | {'x' if b.get('no_zero') else ''}".rstrip(" |")
            for b in self.instance.bands)

    def clean_bands_text(self):
        bands = []
        for number, line in enumerate(self.cleaned_data["bands_text"].splitlines(), 1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                minimum = Decimal(parts[1].replace(",", "."))
            except (IndexError, InvalidOperation):
                raise forms.ValidationError(_("Line %(n)s: write “name | minimum”.")
                                            % {"n": number}) from None
            bands.append({"name": parts[0], "min": str(minimum),
                          "no_zero": len(parts) > 2 and parts[2].lower() == "x"})
        if len(bands) < 2:
            raise forms.ValidationError(_("Give at least two bands."))
        return bands

    def _post_clean(self):
        super()._post_clean()
        if "bands_text" in self.cleaned_data:
            self.instance.bands = self.cleaned_data["bands_text"]
