"""The campaign year: create and run a campaign, the pledge, calendars.

Every view fetches through members.permissions (404 outsiders, 403 role too low).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns import recording, selectors, services
from campaigns.access import get_campaign_for, get_campaign_unit_for
from campaigns.documents import pledge_document
from campaigns.forms import (
    CONFERENCE_MONTHS,
    AwardForm,
    AwardSearchForm,
    CampaignFileForm,
    CampaignForm,
    ExtensionForm,
    RecordingForm,
    SignForm,
    TargetFormSet,
    TitlesForm,
    conference_month_from,
    default_dates,
)
from campaigns.models import AwardType, Campaign, CampaignFile, Deadline, UnitPledge
from clusters.models import Unit
from core.collation import vietnamese
from core.http import client_address, document_response, errors_to_form, file_download, run_service
from core.pagination import paginate
from core.years import is_valid_year, year_from_request
from documents.docx import render_docx
from documents.pdf import render_pdf
from documents.storage import stored_response
from members import permissions
from members.permissions import Action


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request, cluster_pk, year):
    if not is_valid_year(year):
        raise Http404
    cluster, _roles = permissions.get_cluster_for(request.user, cluster_pk, Action.RUN_CLUSTER,
                                                  year)
    existing = Campaign.objects.filter(cluster=cluster, year=year).first()
    if existing:
        return redirect("campaigns:campaign_detail", pk=existing.pk)
    month = conference_month_from(request)
    initial = {"title": f"Phong trào thi đua năm {year}", **default_dates(year, month),
               "place": selectors.default_place(cluster, year)}
    form = CampaignForm(request.POST or None, initial=initial,
                        instance=Campaign(cluster=cluster, year=year))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_save(campaign=form.instance)
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Campaign created. Launch it when the plan and the "
                                        "pledge contents are ready."))
            return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html",
                  {"form": form, "cluster": cluster, "year": year,
                   "conference_month": month, "conference_months": CONFERENCE_MONTHS})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_save(campaign=form.instance)
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Campaign saved."))
            return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html",
                  {"form": form, "campaign": campaign, "cluster": campaign.cluster,
                   "year": campaign.year})


@login_required
def campaign_detail(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    sees_all = permissions.allows(Action.VIEW_UNIT_WORK, roles)
    return render(request, "campaigns/campaign_detail.html", {
        "campaign": campaign,
        "phase": campaign.phase(),
        "sees_all": sees_all,
        "can_run": permissions.allows(Action.RUN_CLUSTER, roles),
        "files": campaign.files.all(),
        "extensions": campaign.extensions.select_related("unit", "created_by"),
        "file_form": CampaignFileForm(),
        "can_switch_recording": permissions.allows(Action.MANAGE_REGISTRY, roles),
        "date_form": recording.OccurredOnForm(campaign=campaign, label=_(
            "Date of the signing conference")) if campaign.recording_mode else None,
        "recorded": campaign.recorded.select_related("recorded_by"),
        "close_refusal": selectors.close_refusal(campaign),
        # Next year's campaign is created by whoever runs the cluster next year.
        "can_create_next": campaign.closed_at is not None and permissions.allows(
            Action.RUN_CLUSTER, permissions.cluster_roles(request.user, campaign.cluster,
                                                          campaign.year + 1)),
        "next_campaign": Campaign.objects.filter(cluster=campaign.cluster,
                                                 year=campaign.year + 1).first(),
    })


@login_required
@require_POST
def campaign_close(request, pk, what):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    if what not in (Deadline.SEMIANNUAL, Deadline.YEAREND):
        raise Http404
    run_service(request, lambda: services.campaign_close_period(campaign=campaign, deadline=what),
                _("Closed."))
    return redirect("campaigns:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close_year(request, pk):
    """The head (or the secretariat) closes the year at the dossier stage: it is locked."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    run_service(request, lambda: services.campaign_close(campaign=campaign, by=request.user),
                _("The year is closed: nothing in it can change any more."))
    return redirect("campaigns:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def pledge_finalise(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    occurred_on, form = recording.occurred_on_from(request, campaign)
    if form is not None and not form.is_valid():
        recording.refuse_date(request, form)
    else:
        run_service(request, lambda: services.pledge_finalise(
            campaign=campaign, occurred_on=occurred_on, by=request.user),
            _("The pledge is finalised and locked."))
    return redirect("campaigns:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_recording(request, pk):
    """The secretariat switches recording after the fact on or off (with confirmation)."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.MANAGE_REGISTRY)
    form = RecordingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the confirmation to change recording mode."),
                       extra_tags="confirmation_required")
    else:
        on = form.cleaned_data["on"]
        run_service(request, lambda: services.campaign_recording_set(campaign=campaign, on=on),
                    _("Recording mode is on: each action now asks the date it happened.") if on
                    else _("Recording mode is off: actions take today's date again."))
    return redirect("campaigns:campaign_detail", pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_extend(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    units = Unit.objects.filter(memberships__cluster=campaign.cluster,
                                memberships__year=campaign.year).order_by(vietnamese("name"))
    form = ExtensionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            services.deadline_extend(campaign=campaign, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Deadline extended."))
            return redirect("campaigns:campaign_detail", pk=campaign.pk)
    return render(request, "campaigns/campaign_extend.html",
                  {"form": form, "campaign": campaign})


@login_required
@require_POST
def campaign_file_add(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    form = CampaignFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file and its kind."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    run_service(request, lambda: services.campaign_file_add(
        campaign=campaign, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
        user=request.user), _("File attached."))
    return redirect("campaigns:campaign_detail", pk=campaign.pk)


@login_required
def campaign_file_download(request, pk):
    attached = get_object_or_404(CampaignFile, pk=pk)
    get_campaign_for(request.user, attached.campaign_id, Action.VIEW_CAMPAIGN)
    return file_download(attached.file, attached.original_name)


@login_required
@require_http_methods(["GET", "POST"])
def pledge_edit(request, campaign_pk, unit_pk):
    """A unit's targets and titles: edited by its representatives, read by the head's staff."""
    campaign, unit, roles = get_campaign_unit_for(request.user, campaign_pk, unit_pk,
                                                       Action.VIEW_UNIT_WORK)
    can_act = permissions.allows(Action.ACT_FOR_UNIT, roles)
    if request.method == "POST" and not can_act:
        raise PermissionDenied
    pledge = UnitPledge.objects.filter(campaign=campaign, unit=unit).first()
    if pledge is None:
        messages.info(request, _("The campaign has not been launched yet."))
        return redirect("campaigns:campaign_detail", pk=campaign.pk)
    initial = [{"name": t.name, "measure": t.measure, "target_value": t.target_value,
                "note": t.note} for t in pledge.targets.all()]
    formset = TargetFormSet(request.POST or None, initial=initial, prefix="targets")
    titles = TitlesForm(request.POST or None, organisation=campaign.cluster.organisation,
                        year=campaign.year,
                        initial={"titles": list(pledge.titles.all())})
    if request.method == "POST" and formset.is_valid() and titles.is_valid():
        targets = [f.cleaned_data for f in formset.forms
                   if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        for target in targets:
            target.pop("DELETE", None)
        if run_service(request, lambda: services.pledge_save(
                pledge=pledge, targets=targets, titles=titles.cleaned_data["titles"]),
                _("Targets saved.")):
            return redirect("campaigns:pledge_edit", campaign_pk=campaign.pk, unit_pk=unit.pk)
    return render(request, "campaigns/pledge_edit.html", {
        "campaign": campaign, "unit": unit, "pledge": pledge, "formset": formset,
        "titles_form": titles, "sign_form": SignForm(), "can_act": can_act,
        "date_form": recording.OccurredOnForm(campaign=campaign, label=_("Date signed"))
        if campaign.recording_mode else None,
        "editable": can_act and not pledge.signed_at and not campaign.pledge_finalised_at,
    })


@login_required
@require_POST
def pledge_sign(request, campaign_pk, unit_pk):
    campaign, unit, _roles = get_campaign_unit_for(request.user, campaign_pk, unit_pk,
                                                       Action.ACT_FOR_UNIT)
    pledge = get_object_or_404(UnitPledge, campaign=campaign, unit=unit)
    occurred_on, date_form = recording.occurred_on_from(request, campaign)
    if not SignForm(request.POST).is_valid():
        messages.error(request, _("Tick the confirmation to sign."))
    elif date_form is not None and not date_form.is_valid():
        recording.refuse_date(request, date_form)
    else:
        run_service(request, lambda: services.pledge_sign(
            pledge=pledge, user=request.user, address=client_address(request),
            occurred_on=occurred_on),
            _("Signed on behalf of %(unit)s.") % {"unit": unit})
    return redirect("campaigns:pledge_edit", campaign_pk=campaign.pk, unit_pk=unit.pk)


@login_required
def pledge_download(request, pk, fmt):
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    if campaign.pledge_stored_id:
        return stored_response(campaign.pledge_stored, fmt)
    document = pledge_document(campaign, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)


@login_required
def cluster_calendar(request, cluster_pk):
    cluster, _roles = permissions.get_cluster_for(request.user, cluster_pk, Action.VIEW_CLUSTER)
    year = year_from_request(request)
    campaigns = selectors.campaigns_for_calendar(cluster.organisation, year, user=request.user,
                                                 cluster=cluster)
    can_create = permissions.allows(Action.RUN_CLUSTER,
                                    permissions.cluster_roles(request.user, cluster, year))
    return render(request, "campaigns/calendar.html", {
        "cluster": cluster, "year": year, "events": _events(campaigns),
        "campaign": campaigns.first(), "can_create": can_create})


@login_required
def organisation_calendar(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_BOARD,
                                                    request.GET.get("org"))
    year = year_from_request(request)
    campaigns = selectors.campaigns_for_calendar(organisation, year, user=request.user)
    return render(request, "campaigns/calendar.html", {
        "organisation": organisation, "year": year, "events": _events(campaigns)})


def _events(campaigns):
    """Milestones and extensions of the campaigns, in date order."""
    events = []
    for campaign in campaigns:
        for date, label in campaign.milestones():
            events.append({"date": date, "label": label, "campaign": campaign})
        for extension in campaign.extensions.all():
            events.append({"date": extension.new_due, "campaign": campaign,
                           "label": extension.get_deadline_display(), "extension": extension})
    return sorted(events, key=lambda e: (e["date"], e["campaign"].cluster.code))




# --- the award catalogue (the secretariat's) -----------------------------------------------

def _award_for(user, pk):
    """A catalogue entry the user's secretariat keeps: 404 for other organisations, 403 for
    a role that only reads."""
    award = get_object_or_404(AwardType.objects.select_related("organisation"), pk=pk)
    permissions.check_organisation(user, award.organisation_id, Action.MANAGE_REGISTRY)
    return award


@login_required
def award_list(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    request.GET.get("org"))
    search = AwardSearchForm(request.GET)
    filters = search.cleaned_data if search.is_valid() else {"q": "", "status": ""}
    awards = selectors.award_catalogue(organisation, search=filters["q"].strip(),
                                       status=filters["status"])
    return render(request, "campaigns/award_list.html", {
        "organisation": organisation, "page": paginate(request, awards), "filters": filters})


def _award_form_page(request, form, *, message):
    """Show the form, or save it through the service and go back to the catalogue."""
    if request.method == "POST" and form.is_valid():
        try:
            services.award_save(award=form.instance)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                errors_to_form(error, form)
        else:
            messages.success(request, message)
            return redirect("campaigns:award_list")
    award = form.instance
    return render(request, "campaigns/award_form.html", {
        "form": form, "award": award if award.pk else None,
        "delete_refusal": services.award_delete_refusal(award) if award.pk else None})


@login_required
@require_http_methods(["GET", "POST"])
def award_create(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    request.GET.get("org"))
    form = AwardForm(request.POST or None, instance=AwardType(organisation=organisation))
    return _award_form_page(request, form, message=_("Award added to the catalogue."))


@login_required
@require_http_methods(["GET", "POST"])
def award_edit(request, pk):
    award = _award_for(request.user, pk)
    form = AwardForm(request.POST or None, instance=award)
    return _award_form_page(request, form, message=_("Award saved. Documents already issued "
                                                     "keep the name they had."))


@login_required
@require_POST
def award_deactivate(request, pk):
    award = _award_for(request.user, pk)
    run_service(request, lambda: services.award_set_active(award=award, active=False),
                _("Award deactivated: it is no longer offered, its history stays."))
    return redirect("campaigns:award_list")


@login_required
@require_POST
def award_activate(request, pk):
    award = _award_for(request.user, pk)
    run_service(request, lambda: services.award_set_active(award=award, active=True),
                _("Award active again."))
    return redirect("campaigns:award_list")


@login_required
@require_POST
def award_delete(request, pk):
    award = _award_for(request.user, pk)
    if run_service(request, lambda: services.award_delete(award=award),
                   _("Award deleted from the catalogue.")):
        return redirect("campaigns:award_list")
    return redirect("campaigns:award_edit", pk=award.pk)
