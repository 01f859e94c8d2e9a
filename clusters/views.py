"""Registry pages: clusters, units, membership by year, merger, import and export.

Every view fetches its objects through members.permissions, which fails closed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from clusters import selectors, services
from clusters.forms import (
    ClusterForm,
    CopyYearForm,
    MembershipForm,
    MergeForm,
    OrganisationSettingsForm,
    RegistryUploadForm,
    SealForm,
    TrustRootForm,
    UnitForm,
)
from clusters.models import Cluster, OrganisationSeal, RegistryImport, TrustRoot, Unit
from clusters.registry_io import registry_export, registry_template
from clusters.selectors import portal_trust_roots
from core.http import errors_to_form, run_service
from core.pagination import paginate
from core.years import current_year, is_valid_year, year_from_request
from members import permissions
from members.permissions import Action


def _save_form(request, form, save, message):
    """On a valid POST, save through a service and queue a success message.

    Returns the saved object, or None when the page must be shown (again) with the form's
    errors; a service's ValidationError lands on the form instead of crashing the page.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(form.instance)
    except (ValidationError, IntegrityError) as error:
        errors_to_form(error, form)
        return None
    messages.success(request, message)
    return saved


def _org_code(request):
    return request.GET.get("org") or request.POST.get("org")


# --- clusters ----------------------------------------------------------------------------

@login_required
def cluster_list(request):
    year = year_from_request(request)
    clusters = selectors.clusters_visible_to(request.user)
    search = request.GET.get("q", "").strip()
    if search:
        clusters = clusters.filter(name__icontains=search) | clusters.filter(
            code__icontains=search)
    page = paginate(request, selectors.with_year_summary(clusters, year))
    can_manage = permissions.organisations_for(request.user, Action.MANAGE_REGISTRY).exists()
    return render(request, "clusters/cluster_list.html", {
        "page": page, "year": year, "search": search, "can_manage": can_manage})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    form = ClusterForm(request.POST or None, instance=Cluster(organisation=organisation))
    cluster = _save_form(request, form, lambda c: services.cluster_save(cluster=c),
                         _("Cluster created."))
    if cluster:
        return redirect("clusters:cluster_detail", pk=cluster.pk)
    return render(request, "clusters/cluster_form.html",
                  {"form": form, "organisation": organisation})


@login_required
def cluster_detail(request, pk):
    cluster, roles = permissions.get_cluster_for(request.user, pk, Action.VIEW_CLUSTER)
    year = year_from_request(request)
    return render(request, "clusters/cluster_detail.html", {
        "cluster": cluster,
        "year": year,
        "campaign": cluster.campaigns.filter(year=year).first(),
        "can_run": permissions.allows(Action.RUN_CLUSTER,
                                      permissions.cluster_roles(request.user, cluster, year)),
        "members": selectors.cluster_members(cluster, year),
        "history": selectors.cluster_history(cluster),
        "can_manage": permissions.allows(Action.MANAGE_REGISTRY, roles),
    })


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request, pk):
    cluster, _roles = permissions.get_cluster_for(request.user, pk, Action.MANAGE_REGISTRY)
    form = ClusterForm(request.POST or None, instance=cluster)
    if _save_form(request, form, lambda c: services.cluster_save(cluster=c), _("Cluster saved.")):
        return redirect("clusters:cluster_detail", pk=cluster.pk)
    return render(request, "clusters/cluster_form.html",
                  {"form": form, "cluster": cluster, "organisation": cluster.organisation})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_members(request, pk, year):
    cluster, _roles = permissions.get_cluster_for(request.user, pk, Action.MANAGE_REGISTRY)
    if not is_valid_year(year):
        return redirect("clusters:cluster_members", pk=pk, year=current_year())
    current = selectors.cluster_members(cluster, year)
    initial = {
        "units": [m.unit for m in current],
        "head": next((m.unit for m in current if m.role == "head"), None),
        "deputy": next((m.unit for m in current if m.role == "deputy"), None),
    }
    form = MembershipForm(request.POST or None, initial=initial, cluster=cluster,
                          available_units=selectors.units_available_for(cluster, year))
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set(cluster=cluster, year=year, units=form.cleaned_data["units"],
                                    head=form.cleaned_data["head"],
                                    deputy=form.cleaned_data["deputy"])
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Membership for %(year)s saved.") % {"year": year})
            return redirect(f"{reverse('clusters:cluster_detail', args=[cluster.pk])}?year={year}")
    return render(request, "clusters/cluster_members.html",
                  {"cluster": cluster, "year": year, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def membership_copy(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    form = CopyYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copied, skipped = services.membership_copy_year(
                organisation=organisation, from_year=data["from_year"], to_year=data["to_year"],
                keep_roles=data["keep_roles"])
        except ValidationError as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("%(copied)s memberships copied into %(year)s; "
                                        "%(skipped)s skipped (already placed or merged).")
                             % {"copied": copied, "skipped": skipped, "year": data["to_year"]})
            return redirect(f"{reverse('clusters:cluster_list')}?year={data['to_year']}")
    return render(request, "clusters/membership_copy.html",
                  {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_settings(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    form = OrganisationSettingsForm(request.POST or None, request.FILES or None,
                                    instance=organisation)
    if _save_form(request, form, lambda o: services.organisation_save(organisation=o),
                  _("Settings saved.")):
        return redirect("clusters:organisation_settings")
    return render(request, "clusters/organisation_settings.html",
                  {"form": form, "organisation": organisation})


# --- units -------------------------------------------------------------------------------

@login_required
def unit_list(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_REGISTRY,
                                                    _org_code(request))
    year = year_from_request(request)
    limit = permissions.leadership_cluster_limit(request.user, organisation.pk)
    cluster_id = limit or (int(request.GET["cluster"]) if request.GET.get("cluster", "").isdigit()
                           else None)
    filters = {"search": request.GET.get("q", "").strip(), "cluster_id": cluster_id,
               "year": year, "status": request.GET.get("status", "")}
    units = selectors.units_for_list(organisation, **filters)
    clusters = Cluster.objects.filter(organisation=organisation)
    if limit:
        clusters = clusters.filter(pk=limit)
    return render(request, "clusters/unit_list.html", {
        "organisation": organisation, "page": paginate(request, units), "year": year,
        "filters": filters, "clusters": clusters,
        "can_manage": permissions.allows(
            Action.MANAGE_REGISTRY, permissions.organisation_roles(request.user, organisation.pk)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    form = UnitForm(request.POST or None, request.FILES or None,
                    instance=Unit(organisation=organisation))
    unit = _save_form(request, form, lambda u: services.unit_save(unit=u), _("Unit created."))
    if unit:
        return redirect("clusters:unit_detail", pk=unit.pk)
    return render(request, "clusters/unit_form.html", {"form": form, "organisation": organisation})


@login_required
def unit_detail(request, pk):
    unit, roles = permissions.get_unit_for(request.user, pk, Action.VIEW_UNIT)
    predecessors = selectors.predecessors_of(unit)
    return render(request, "clusters/unit_detail.html", {
        "unit": unit,
        "predecessors": predecessors,
        "representatives": unit.representatives.select_related("user").order_by(
            "-is_designated_voter", "user__full_name"),
        "awards": unit.award_grants.select_related("decision", "decision__award"),
        "can_manage": permissions.allows(Action.MANAGE_REGISTRY, roles),
    })


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk):
    unit, _roles = permissions.get_unit_for(request.user, pk, Action.MANAGE_REGISTRY)
    form = UnitForm(request.POST or None, request.FILES or None, instance=unit)
    if _save_form(request, form, lambda u: services.unit_save(unit=u), _("Unit saved.")):
        return redirect("clusters:unit_detail", pk=unit.pk)
    return render(request, "clusters/unit_form.html",
                  {"form": form, "unit": unit, "organisation": unit.organisation})


@login_required
@require_http_methods(["GET", "POST"])
def unit_merge(request, pk):
    unit, _roles = permissions.get_unit_for(request.user, pk, Action.MANAGE_REGISTRY)
    form = MergeForm(request.POST or None, unit=unit)
    if unit.is_merged:
        messages.info(request, _("This unit has already merged."))
        return redirect("clusters:unit_detail", pk=unit.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_merge(units=[unit], successor=form.cleaned_data["successor"],
                                merged_on=form.cleaned_data["merged_on"])
        except ValidationError as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Merger recorded."))
            return redirect("clusters:unit_detail", pk=form.cleaned_data["successor"].pk)
    return render(request, "clusters/unit_merge.html", {"form": form, "unit": unit})


# --- import and export -------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def registry_import_upload(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = services.registry_import_preview(
            organisation=organisation, upload=form.cleaned_data["file"], user=request.user)
        return redirect("clusters:registry_import_preview", pk=record.pk)
    recent = RegistryImport.objects.filter(organisation=organisation).select_related(
        "uploaded_by").defer("content")[:10]
    return render(request, "clusters/registry_import.html",
                  {"form": form, "organisation": organisation, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def registry_import_preview(request, pk):
    record = get_object_or_404(RegistryImport.objects.select_related("organisation"), pk=pk)
    permissions.check_organisation(request.user, record.organisation_id, Action.MANAGE_REGISTRY)
    if request.method == "POST":
        try:
            report = services.registry_import_apply(record=record)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("clusters:registry_import_preview", pk=record.pk)
        if report.ok:
            messages.success(request, _("Import applied: %(new)s new and %(updated)s updated "
                                        "memberships.") % {"new": report.new,
                                                           "updated": report.updated})
        else:
            messages.error(request, _("The data changed since the preview; nothing was saved. "
                                      "See the errors below."))
        return redirect("clusters:registry_import_preview", pk=record.pk)
    return render(request, "clusters/registry_import_preview.html",
                  {"record": record, "summary": record.summary})


@login_required
def registry_export_download(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else None
    file_format = "csv" if request.GET.get("format") == "csv" else "xlsx"
    content = registry_export(organisation=organisation, year=year, file_format=file_format)
    name = f"danh-sach-cum-{organisation.code}{'-' + str(year) if year else ''}.{file_format}"
    return _download(content, name, file_format)


@login_required
def registry_template_download(request):
    permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY, _org_code(request))
    return _download(registry_template("xlsx"), "mau-danh-sach-cum.xlsx", "xlsx")


def _download(content, name, file_format):
    content_type = ("text/csv; charset=utf-8" if file_format == "csv" else
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response



# --- trust roots ---------------------------------------------------------------------------

@login_required
@require_http_methods(["GET"])
def trust_root_list(request):
    """The roots trusted for signatures on the organisation's uploads, with fingerprints."""
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    return render(request, "clusters/trust_roots.html", {
        "organisation": organisation, "form": TrustRootForm(),
        "trust_roots": organisation.trust_roots.all(),
        "portal_roots": portal_trust_roots(), "seal_form": SealForm(),
        "seal": OrganisationSeal.objects.filter(organisation=organisation).first()})


def _form_errors_as_messages(request, form):
    """The upload forms of the trust-roots page redirect back to it: their errors travel as
    messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _trust_roots_page(organisation_code):
    return redirect(f"{reverse('clusters:trust_root_list')}?org={organisation_code}")


@login_required
@require_POST
def trust_root_add(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    form = TrustRootForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors_as_messages(request, form)
    else:
        run_service(request, lambda: services.trust_root_add(
            organisation=organisation, pem_data=form.cleaned_data["certificate"],
            by=request.user), _("Root certificate added."))
    return _trust_roots_page(organisation.code)


@login_required
@require_POST
def trust_root_remove(request, pk):
    trust_root = get_object_or_404(TrustRoot, pk=pk)
    permissions.check_organisation(request.user, trust_root.organisation_id,
                                   Action.MANAGE_REGISTRY)
    code = trust_root.organisation.code
    run_service(request, lambda: services.trust_root_remove(trust_root=trust_root),
                _("Root certificate removed."))
    return _trust_roots_page(code)


@login_required
@require_POST
def seal_upload(request):
    """The organisation's seal (PKCS#12), kept encrypted; it signs the issued documents."""
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    _org_code(request))
    form = SealForm(request.POST, request.FILES)
    if not form.is_valid():
        _form_errors_as_messages(request, form)
    else:
        run_service(request, lambda: services.seal_upload(
            organisation=organisation, pkcs12_data=form.cleaned_data["pkcs12"],
            password=form.cleaned_data["password"], by=request.user),
            _("Seal saved: it signs the documents issued from now on."))
    return _trust_roots_page(organisation.code)
