"""Nominations (the head), the council's view and decisions (the secretariat), certificates."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards import selectors, services
from awards.certificates import certificates_pdf
from awards.documents import decision_document, latest_submission
from awards.dossier import dossier_documents, dossier_stem
from awards.forms import (
    AchievementsForm,
    CertificateLayoutForm,
    DecisionForm,
    NominationReturnForm,
)
from awards.models import AwardDecision, Nomination
from campaigns import recording
from campaigns.access import get_campaign_for
from core.forms import errors_to_messages
from core.http import document_response, errors_to_form, run_service
from core.years import year_from_request
from documents.bundle import bundle_docx_zip, bundle_pdf
from documents.docx import render_docx
from documents.pdf import render_pdf
from members import permissions
from members.permissions import Action


@login_required
def nominations_page(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    return _render_nominations(request, campaign, roles)


def _render_nominations(request, campaign, roles, bound=None):
    """The page; `bound` is a nomination whose achievements form came back with errors."""
    nominations = campaign.nominations.select_related("award", "unit")
    rows = [(n, bound.form if bound is not None and bound.pk == n.pk else
             AchievementsForm(initial={"achievements": n.achievements})) for n in nominations]
    return render(request, "awards/nominations.html", {
        "date_form": recording.OccurredOnForm(campaign=campaign, label=_("Date submitted"))
        if campaign.recording_mode else None,
        "campaign": campaign, "can_run": permissions.allows(Action.RUN_CLUSTER, roles),
        "rows": rows, "submission": latest_submission(campaign),
        "quota_refusal": selectors.nomination_quota_refusal(campaign)})


@login_required
@require_POST
def nominations_from_vote(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    run_service(request, lambda: services.nominations_from_vote(campaign=campaign),
                _("Nominations drafted from the vote."))
    return redirect("awards:nominations_page", pk=campaign.pk)


@login_required
@require_POST
def nomination_save(request, pk):
    nomination = get_object_or_404(Nomination.objects.select_related("campaign"), pk=pk)
    campaign, roles = get_campaign_for(request.user, nomination.campaign_id, Action.RUN_CLUSTER)
    form = AchievementsForm(request.POST)
    if form.is_valid() and run_service(request, lambda: services.nomination_save(
            nomination=nomination, achievements=form.cleaned_data["achievements"]),
            _("Achievement report saved.")):
        return redirect("awards:nominations_page", pk=campaign.pk)
    nomination.form = form
    return _render_nominations(request, campaign, roles, bound=nomination)


@login_required
@require_POST
def nominations_submit(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    occurred_on, date_form = recording.occurred_on_from(request, campaign)
    if date_form is not None and not date_form.is_valid():
        recording.refuse_date(request, date_form)
    else:
        run_service(request, lambda: services.nominations_submit(
            campaign=campaign, by=request.user, occurred_on=occurred_on),
            _("Nominations submitted to the council."))
    return redirect("awards:nominations_page", pk=campaign.pk)


@login_required
def dossier_download(request, pk, fmt):
    """The dossier: submission, each unit's achievement report, the minutes with the vote,
    the vote-count record and the results table — one PDF, or a ZIP of Word files."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    documents = dossier_documents(campaign, request.user)
    if not documents:
        messages.error(request, _("There is no nomination yet."))
        return redirect("awards:nominations_page", pk=campaign.pk)
    stem = dossier_stem(campaign)
    if fmt == "pdf":
        return document_response(bundle_pdf(documents), stem, "pdf")
    response = HttpResponse(bundle_docx_zip(documents), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{stem}.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def council_page(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_BOARD,
                                                    request.GET.get("org"))
    year = year_from_request(request)
    can_manage = permissions.allows(Action.MANAGE_REGISTRY,
                                    permissions.organisation_roles(request.user, organisation.pk))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        form = NominationReturnForm(request.POST, organisation=organisation)
        if not form.is_valid():
            errors_to_messages(request, form)
        else:
            run_service(request, lambda: services.nomination_return(
                nomination=form.cleaned_data["nomination"], comment=form.cleaned_data["comment"]),
                _("Nomination returned with your comment."))
        return redirect(f"{request.path}?year={year}")
    rows, cap = selectors.council_view(organisation, year, user=request.user)
    return render(request, "awards/council.html", {
        "organisation": organisation, "year": year, "rows": rows, "cap": cap,
        "can_manage": can_manage,
        "decisions": selectors.decisions_for_year(organisation, year, user=request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    request.GET.get("org"))
    form = DecisionForm(request.POST or None, organisation=organisation,
                        initial={"year": year_from_request(request)})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(organisation=organisation, by=request.user,
                                                **form.cleaned_data)
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Decision recorded; the units' award history is "
                                        "updated."))
            return redirect(f"{reverse('awards:council_page')}?year={decision.year}")
    return render(request, "awards/decision_form.html", {"form": form,
                                                         "organisation": organisation})


def _decision_for(user, pk):
    """(decision, grants the user may read). A cluster-limited leader reads a decision about
    several clusters as an excerpt of their cluster's units (they hand those certificates
    out), and gets 404 for a decision that awards none of them, as for any outsider."""
    decision = get_object_or_404(AwardDecision.objects.select_related("award", "organisation"),
                                 pk=pk)
    permissions.check_organisation(user, decision.organisation_id, Action.VIEW_REGISTRY)
    grants, _excerpt = selectors.decision_grants(decision, user)
    if not grants:
        raise Http404
    return decision, grants


@login_required
def decision_download(request, pk, fmt):
    decision, _grants = _decision_for(request.user, pk)
    document = decision_document(decision, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)


@login_required
def certificate_options(request, pk):
    """Where the certificates print: plain A4, or onto blanks at the offsets the blank asks
    for. A flag's decision gets the embroidery text instead."""
    decision, grants = _decision_for(request.user, pk)
    return render(request, "awards/certificate_options.html", {
        "decision": decision, "units": [grant.unit for grant in grants],
        "form": CertificateLayoutForm(initial={"layout": "blank"})})


@login_required
def certificates(request, pk):
    """The certificates (PDF) for the decision's units the user may read; a flag's
    embroidery text. Offsets that are not numbers show the options page with the errors."""
    decision, grants = _decision_for(request.user, pk)
    form = CertificateLayoutForm(request.GET)
    if not form.is_valid():
        return render(request, "awards/certificate_options.html", {
            "decision": decision, "units": [grant.unit for grant in grants], "form": form})
    blank, positions, dx, dy = form.layout_options()
    pdf, stem = certificates_pdf(decision, grants, blank=blank, positions=positions, dx=dx,
                                 dy=dy)
    return document_response(pdf, stem, "pdf")
