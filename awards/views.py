"""Nominations (the head), the council's view and decisions (the secretariat), certificates."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from awards import past_outcomes, selectors, services
from awards.certificates import certificates_pdf
from awards.documents import decision_document, latest_submission
from awards.dossier import dossier_documents, dossier_stem
from awards.forms import (
    AchievementsForm,
    CertificateLayoutForm,
    DecisionForm,
    NominationReturnForm,
    PastOutcomesForm,
)
from awards.models import AwardDecision, Nomination
from campaigns import recording
from campaigns.access import get_campaign_for
from core.forms import errors_to_messages
from core.http import document_response, errors_to_form, run_service
from core.years import current_year, year_from_request
from documents.bundle import bundle_docx_zip, bundle_pdf, signed_package
from documents.docx import render_docx
from documents.pdf import render_pdf
from documents.storage import stored_response
from members import permissions
from members.permissions import Action

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def nominations_page(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    return _render_nominations(request, campaign, roles)


def _render_nominations(request, campaign, roles, bound=None):
    """The page; `bound` is a nomination whose achievements form came back with errors."""
    nominations = campaign.nominations.select_related("award", "unit", "decision")
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
    if fmt == "package":  # for the level above: signed PDFs, Word files, signed manifest
        response = HttpResponse(signed_package(documents), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{stem}-ky-so.zip"'
        return response
    response = HttpResponse(bundle_docx_zip(documents), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{stem}.zip"'
    return response


@login_required
def council_page(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_BOARD,
                                                    request.GET.get("org"))
    year = year_from_request(request)
    can_manage = permissions.allows(Action.MANAGE_REGISTRY,
                                    permissions.organisation_roles(request.user, organisation.pk))
    rows, cap = selectors.council_view(organisation, year, user=request.user)
    return render(request, "awards/council.html", {
        "organisation": organisation, "year": year, "rows": rows, "cap": cap,
        "can_manage": can_manage,
        "decisions": selectors.decisions_for_year(organisation, year, user=request.user)})


def _nomination_for_council(user, pk):
    """A nomination the council (the organisation's secretariat) acts on: 404 outsiders,
    403 a role too low."""
    nomination = get_object_or_404(Nomination.objects.select_related(
        "campaign__cluster", "award", "unit"), pk=pk, status__in=[
        s for s in Nomination.Status if s != Nomination.Status.DRAFT])
    permissions.check_organisation(user, nomination.campaign.cluster.organisation_id,
                                   Action.MANAGE_REGISTRY)
    return nomination


def _back_to_council(nomination):
    return redirect(f"{reverse('awards:council_page')}?year={nomination.campaign.year}"
                    f"#nomination-{nomination.pk}")


@login_required
@require_POST
def nomination_approve(request, pk):
    nomination = _nomination_for_council(request.user, pk)
    run_service(request, lambda: services.nomination_approve(nomination=nomination),
                _("Nomination approved: the decision form offers it."))
    return _back_to_council(nomination)


@login_required
@require_POST
def nomination_return(request, pk):
    nomination = _nomination_for_council(request.user, pk)
    form = NominationReturnForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        run_service(request, lambda: services.nomination_return(
            nomination=nomination, comment=form.cleaned_data["comment"]),
            _("Nomination returned with your comment."))
    return _back_to_council(nomination)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    request.GET.get("org"))
    form = DecisionForm(request.POST or None, organisation=organisation,
                        initial={"year": year_from_request(request),
                                 "award": request.GET.get("award")})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(organisation=organisation, by=request.user,
                                                **form.decision_data())
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Decision recorded; the units' award history is "
                                        "updated."))
            return redirect(f"{reverse('awards:council_page')}?year={decision.year}")
    return render(request, "awards/decision_form.html", {
        "form": form, "organisation": organisation,
        "chosen_award": request.POST.get("award") or request.GET.get("award") or ""})


@login_required
@require_http_methods(["GET", "POST"])
def past_outcomes_import(request):
    """Earlier years' results and awards from a spreadsheet, so units' histories start before
    the portal did; all rows or none."""
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    request.GET.get("org"))
    form = PastOutcomesForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = past_outcomes.past_outcomes_import(
                organisation=organisation, content=upload.read(), filename=upload.name,
                by=request.user, this_year=current_year(),
                dry_run=form.cleaned_data["check_only"])
        except ValidationError as error:
            errors_to_form(error, form)
        else:
            if report.ok and not report.dry_run:
                messages.success(request, _(
                    "Imported %(results)s results and %(grants)s awards of earlier years.")
                    % {"results": report.results, "grants": report.grants})
                return redirect(f"{reverse('awards:past_outcomes_import')}"
                                f"?org={organisation.code}")
    return render(request, "awards/past_outcomes.html", {
        "form": form, "organisation": organisation, "report": report,
        "columns": past_outcomes.HEADERS})


@login_required
def past_outcomes_template(request):
    permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                     request.GET.get("org"))
    response = HttpResponse(past_outcomes.template_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-ket-qua-cac-nam-truoc.xlsx"'
    return response


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
    decision, grants = _decision_for(request.user, pk)
    if decision.imported:
        raise Http404  # a fact taken from a spreadsheet: the portal has no document of it
    if decision.stored_id and len(grants) == decision.grants.count():
        return stored_response(decision.stored, fmt)  # the whole decision, as recorded
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
