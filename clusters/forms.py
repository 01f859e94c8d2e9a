from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Organisation, Unit
from core.collation import vietnamese
from core.forms import CrispyMixin, DateField, FileField, SpreadsheetFileField
from core.years import current_year


class ClusterForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Cluster
        fields = ["kind", "code", "number", "name", "is_active"]
        help_texts = {"code": _("Short code used in imports, e.g. CTD6."),
                      "number": _("As written in the name: 6, II…")}


class UnitForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "leader_name", "leader_post",
                  "leader_academic_title", "leader_signature_image", "address", "place",
                  "phone", "email", "departments_count", "staff_posts"]


def _year_field(**kwargs):
    return forms.IntegerField(min_value=settings.PORTAL_YEAR_MIN,
                              max_value=settings.PORTAL_YEAR_MAX, **kwargs)


class MembershipForm(CrispyMixin, forms.Form):
    """Members of one cluster for one year, and its head and deputy."""

    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        label=_("Member units"))
    head = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False,
                                  label=_("Head"))
    deputy = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False,
                                    label=_("Deputy"))

    def __init__(self, *args, available_units, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Unit.objects.filter(pk__in=[u.pk for u in available_units]).order_by(
            vietnamese("name"))
        for name in ("units", "head", "deputy"):
            self.fields[name].queryset = queryset
        self.fields["head"].label = cluster.head_title
        self.fields["deputy"].label = cluster.deputy_title

    def clean(self):
        data = super().clean()
        units = set(data.get("units") or [])
        head, deputy = data.get("head"), data.get("deputy")
        if head and head not in units:
            self.add_error("head", _("The head must be one of the members."))
        if deputy and deputy not in units:
            self.add_error("deputy", _("The deputy must be one of the members."))
        if head and deputy and head == deputy:
            self.add_error("deputy", _("The same unit cannot be both head and deputy."))
        return data


class CopyYearForm(CrispyMixin, forms.Form):
    from_year = _year_field(label=_("Copy from year"))
    to_year = _year_field(label=_("Into year"))
    keep_roles = forms.BooleanField(
        required=False, label=_("Keep head and deputy"),
        help_text=_("Normally left unticked: next year's head and deputy are elected at the "
                    "year-end conference."))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"from_year": current_year(), "to_year": current_year() + 1})
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("from_year") and data.get("from_year") == data.get("to_year"):
            raise forms.ValidationError(_("Choose two different years."))
        return data


class MergeForm(CrispyMixin, forms.Form):
    successor = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Successor unit"))
    merged_on = DateField(label=_("Merged on"))

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = Unit.objects.filter(
            organisation_id=unit.organisation_id, successor__isnull=True).exclude(pk=unit.pk)


class RegistryUploadForm(CrispyMixin, forms.Form):
    file = SpreadsheetFileField(label=_("Registry file (.xlsx or .csv)"))


class OrganisationSettingsForm(CrispyMixin, forms.ModelForm):
    """The rules the domain leaves to each organisation (see shared/domain.md, "setting")."""

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "governing_body", "allow_late_reports",
                  "signed_yearend_reports_required", "seal_image",
                  "reminder_offsets", "two_factor_required", "place", "council_name",
                  "standing_office", "standing_office_signer_title",
                  "standing_office_signer_name", "decider_post", "decider_authority",
                  "decider_title", "competence_basis", "decree_basis", "regulation_basis",
                  "academic_titles_allowed"]
        widgets = {"competence_basis": forms.Textarea(attrs={"rows": 3}),
                   "decree_basis": forms.Textarea(attrs={"rows": 2})}


class TrustRootForm(forms.Form):
    certificate = FileField(label=_("Root certificate (PEM)"))

    def clean_certificate(self):
        upload = self.cleaned_data["certificate"]
        if upload.size > 64 * 1024:
            raise forms.ValidationError(_("A certificate file is never this large."),
                                        code="too_large")
        return upload.read()


class SealForm(forms.Form):
    pkcs12 = FileField(label=_("Seal certificate (PKCS#12, .p12 or .pfx)"))
    password = forms.CharField(label=_("Password of the file"), required=False,
                               widget=forms.PasswordInput(render_value=False), max_length=200)

    def clean_pkcs12(self):
        upload = self.cleaned_data["pkcs12"]
        if upload.size > 256 * 1024:
            raise forms.ValidationError(_("A certificate file is never this large."),
                                        code="too_large")
        return upload.read()
