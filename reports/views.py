"""Unit reports, evidence, activities, cluster summaries and the submission boards.

Every view fetches through members.permissions (404 outsiders, 403 role too low).
"""

import base64
import binascii

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns import recording
from campaigns.access import get_campaign_for, get_campaign_unit_for
from campaigns.models import Campaign, Deadline
from campaigns.selectors import DueDates
from clusters.models import Cluster
from core.forms import errors_to_messages
from core.http import (
    coded_messages,
    document_response,
    errors_to_form,
    file_download,
    run_service,
)
from core.pagination import paginate
from core.ratelimit import rate_limited
from core.years import year_from_request
from documents import external
from documents.docx import render_docx
from documents.models import ExternalSigningSession
from documents.pdf import render_pdf
from documents.signing import check_pdf, printed_signer_differs, signature_status_label
from documents.storage import stored_response
from documents.verify import LATER_SIGNATURES, upload_match
from members import permissions
from members.permissions import Action
from reports import selectors, services
from reports.documents import summary_document
from reports.forms import (
    ActivityForm,
    AttachmentForm,
    BulkAcceptForm,
    CorrectionForm,
    FiguresForm,
    FreeFigureFormSet,
    NarrativeForm,
    RemindForm,
    ReturnForm,
    SectionsForm,
    VerifyUploadForm,
)
from reports.models import (
    SECTIONS,
    Activity,
    ClusterSummary,
    IssuedDocument,
    Period,
    Report,
    ReportAttachment,
)


def _period_or_404(period):
    if period not in Period.values:
        raise Http404
    return period


def _report_for(user, report_pk, action):
    report = get_object_or_404(Report.objects.select_related("campaign", "unit"), pk=report_pk)
    get_campaign_unit_for(user, report.campaign_id, report.unit_id, action)
    return report


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request, campaign_pk, unit_pk, period):
    """The unit's report: its representatives write and submit; the head's staff read,
    return with a comment, or accept. Showing it writes nothing: the launch creates the
    reports, report_start the ones it could not."""
    period = _period_or_404(period)
    campaign, unit, roles = get_campaign_unit_for(request.user, campaign_pk, unit_pk,
                                                  Action.VIEW_UNIT_WORK)
    can_act = permissions.allows(Action.ACT_FOR_UNIT, roles)
    if request.method == "POST" and not can_act:
        raise PermissionDenied
    report = Report.objects.filter(campaign=campaign, unit=unit, period=period).first()
    if report is None:
        if request.method == "POST":
            return redirect(request.path)  # nothing to save into: the page offers to start
        return render(request, "reports/report_edit.html", {
            "campaign": campaign, "unit": unit, "period": period, "report": None,
            "can_start": can_act and campaign.launched_at is not None})
    report = selectors.report_detail(report.pk)
    data = request.POST if request.method == "POST" else None
    actuals = FiguresForm(data, targets=services.report_targets(report),
                          figures={f.target_id: f for f in report.figures.all() if f.target_id})
    sections = SectionsForm(data, initial={name: getattr(report, name) for name, _l in SECTIONS})
    free = FreeFigureFormSet(data, prefix="free", initial=[
        {"name": f.name, "measure": f.measure, "actual": f.actual}
        for f in report.figures.all() if not f.target_id])
    submitting = request.method == "POST" and "submit" in request.POST
    occurred_on, date_form = recording.occurred_on_from(request, campaign) if submitting \
        else (None, None)
    if request.method == "POST":
        valid = [form.is_valid() for form in (actuals, sections, free)]  # every error at once
        if date_form is not None and not date_form.is_valid():
            recording.refuse_date(request, date_form)  # nothing saved: the date is the action's
        elif submitting and (refusal := selectors.signed_report_refusal(report)) is not None:
            messages.error(request, " ".join(refusal.messages))  # nothing saved either
        elif all(valid):
            free_figures = [{k: f.cleaned_data[k] for k in ("name", "measure", "actual")}
                            for f in free.forms
                            if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                services.report_save(report=report, sections=sections.cleaned_data,
                                     actuals=actuals.actuals(), free_figures=free_figures)
            except ValidationError as error:
                errors_to_form(error, sections)
            else:
                if submitting:
                    return _submit(request, report, occurred_on)
                messages.success(request, _("Draft saved."))
                return redirect(request.path)
        else:
            messages.error(request, _("Some values could not be read; nothing was saved. "
                                      "Correct the marked fields."))
    due = DueDates(campaign).for_unit(period, unit.pk)
    return render(request, "reports/report_edit.html", {
        "campaign": campaign, "unit": unit, "period": period, "report": report,
        "actuals": actuals,
        "sections": sections, "free": free, "due": due,
        "can_act": can_act, "editable": can_act and report.is_editable,
        "signed_refusal": selectors.signed_report_refusal(report),
        "can_review": permissions.allows(Action.RUN_CLUSTER, roles) and report.is_reviewable,
        "activities": selectors.period_activities(campaign, unit, period),
        "attachment_form": AttachmentForm(), "return_form": ReturnForm(),
        "date_form": recording.OccurredOnForm(campaign=campaign)
        if campaign.recording_mode else None,
    })


@login_required
@require_POST
def report_start(request, campaign_pk, unit_pk, period):
    """Start a report the launch did not create (see services.report_get_or_create)."""
    period = _period_or_404(period)
    campaign, unit, _roles = get_campaign_unit_for(request.user, campaign_pk, unit_pk,
                                                   Action.ACT_FOR_UNIT)
    run_service(request, lambda: services.report_get_or_create(
        campaign=campaign, unit=unit, period=period), _("Report started."))
    return redirect("reports:report_edit", campaign_pk=campaign.pk, unit_pk=unit.pk,
                    period=period)


def _submit(request, report, occurred_on=None):
    run_service(request, lambda: services.report_submit(report=report, user=request.user,
                                                        occurred_on=occurred_on),
                _("Report submitted to the cluster head."))
    return redirect(request.path)


@login_required
@require_POST
def attachment_add(request, report_pk):
    report = _report_for(request.user, report_pk, Action.ACT_FOR_UNIT)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        run_service(request, lambda: services.attachment_add(
            report=report, upload=form.cleaned_data["file"], user=request.user),
            _("Evidence attached."))
    return redirect(_report_url(report))


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    _report_for(request.user, attachment.report_id, Action.VIEW_UNIT_WORK)
    return file_download(attachment.file, attachment.original_name)


@login_required
@require_POST
def attachment_remove(request, pk):
    attachment = get_object_or_404(ReportAttachment.objects.select_related("report"), pk=pk)
    report = _report_for(request.user, attachment.report_id, Action.ACT_FOR_UNIT)
    run_service(request, lambda: services.attachment_remove(attachment=attachment),
                _("Attachment removed."))
    return redirect(_report_url(report))


@login_required
@require_POST
def report_return(request, report_pk):
    report = _report_for(request.user, report_pk, Action.RUN_CLUSTER)
    form = ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    run_service(request, lambda: services.report_return(report=report, comment=comment),
                _("Report returned to the unit with your comment."))
    return redirect(_report_url(report))


@login_required
@require_POST
def report_accept(request, report_pk):
    report = _report_for(request.user, report_pk, Action.RUN_CLUSTER)
    occurred_on, date_form = recording.occurred_on_from(request, report.campaign)
    if date_form is not None and not date_form.is_valid():
        recording.refuse_date(request, date_form)
    else:
        run_service(request, lambda: services.report_accept(
            report=report, occurred_on=occurred_on, by=request.user), _("Report accepted."))
    return redirect(_report_url(report))


def _report_url(report):
    return reverse("reports:report_edit", args=[report.campaign_id, report.unit_id, report.period])


@login_required
@require_http_methods(["GET", "POST"])
def activity_list(request, unit_pk):
    unit, roles = permissions.get_unit_for(request.user, unit_pk, Action.VIEW_UNIT_WORK)
    can_act = permissions.allows(Action.ACT_FOR_UNIT, roles)
    if request.method == "POST" and not can_act:
        raise PermissionDenied
    form = ActivityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            services.activity_add(unit=unit, user=request.user, upload=upload, **data)
        except ValidationError as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("reports:activity_list", unit_pk=unit.pk)
    activities = Activity.objects.filter(unit=unit).select_related("created_by")
    return render(request, "reports/activity_list.html", {
        "unit": unit, "form": form, "can_act": can_act, "page": paginate(request, activities)})


@login_required
@require_POST
def activity_remove(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    permissions.get_unit_for(request.user, activity.unit_id, Action.ACT_FOR_UNIT)
    run_service(request, lambda: services.activity_remove(activity=activity),
                _("Activity removed."))
    return redirect("reports:activity_list", unit_pk=activity.unit_id)


@login_required
def activity_file(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    permissions.get_unit_for(request.user, activity.unit_id, Action.VIEW_UNIT_WORK)
    if not activity.file:
        raise Http404
    return file_download(activity.file, activity.original_name)


@login_required
@require_http_methods(["GET", "POST"])
def summary_edit(request, campaign_pk, period):
    period = _period_or_404(period)
    campaign, roles = get_campaign_for(request.user, campaign_pk, Action.VIEW_UNIT_WORK)
    can_run = permissions.allows(Action.RUN_CLUSTER, roles)
    if request.method == "POST" and not can_run:
        raise PermissionDenied
    summary = ClusterSummary.objects.filter(campaign=campaign, period=period).select_related(
        "document", "document__cluster").first()
    form = NarrativeForm(request.POST or None, campaign=campaign,
                         initial={"narrative": summary.narrative if summary else ""})
    if request.method == "POST" and form.is_valid():
        narrative = form.cleaned_data["narrative"]
        issue = "issue" in request.POST

        def save():
            services.summary_save(campaign=campaign, period=period, narrative=narrative)
            if issue:
                services.summary_issue(campaign=campaign, period=period, by=request.user,
                                       issued_on=form.cleaned_data["issued_on"])

        if run_service(request, save, _("Summary issued.") if issue else _("Summary saved.")):
            return redirect("reports:summary_edit", campaign_pk=campaign.pk, period=period)
    return render(request, "reports/summary_edit.html", {
        "campaign": campaign, "period": period, "summary": summary, "form": form,
        "compiled": selectors.compile_summary(campaign, period), "can_run": can_run,
        "period_label": Period(period).label,
        "issues": selectors.issue_chain(summary.document) if summary else [],
        "correction_form": CorrectionForm(initial={"narrative": summary.narrative})
        if summary and summary.issued_at else None,
    })


@login_required
@require_POST
def summary_correct(request, campaign_pk, period):
    """A correction of an issued summary: a new number that replaces the old one."""
    period = _period_or_404(period)
    campaign, _roles = get_campaign_for(request.user, campaign_pk, Action.RUN_CLUSTER)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        run_service(request, lambda: services.summary_correct(
            campaign=campaign, period=period, by=request.user, **form.cleaned_data),
            _("Corrected summary issued; the previous one is marked replaced."))
    return redirect("reports:summary_edit", campaign_pk=campaign.pk, period=period)


@login_required
def summary_download(request, campaign_pk, period, fmt):
    period = _period_or_404(period)
    campaign, _roles = get_campaign_for(request.user, campaign_pk, Action.VIEW_CAMPAIGN)
    summary = ClusterSummary.objects.filter(campaign=campaign, period=period).first()
    if summary is None or summary.issued_at is None:
        # Drafts are for the head's staff; issued summaries go to every member unit.
        get_campaign_for(request.user, campaign_pk, Action.VIEW_UNIT_WORK)
        summary = summary or ClusterSummary(campaign=campaign, period=period)
    if summary.document_id and summary.document.stored_id:
        return issued_response(summary.document, fmt)
    document = summary_document(summary, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)


def issued_response(issued, fmt):
    """An issued document's files as issued, byte for byte; a replaced issue says so in its
    file name."""
    return stored_response(issued.stored, fmt, replaced=issued.is_replaced)


@login_required
def issued_download(request, pk, fmt):
    """Any issued document of a cluster (current or replaced), as stored at issue, for the
    members of the cluster that year."""
    issued = get_object_or_404(IssuedDocument.objects.select_related("stored"), pk=pk,
                               stored__isnull=False)
    campaign = get_object_or_404(Campaign, cluster_id=issued.cluster_id, year=issued.year)
    get_campaign_for(request.user, campaign.pk, Action.VIEW_CAMPAIGN)
    return issued_response(issued, fmt)


@login_required
def organisation_board(request):
    """Who has not submitted: every cluster of the organisation, filterable."""
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_BOARD,
                                                    request.GET.get("org"))
    year = year_from_request(request)
    deadline = request.GET.get("deadline") or Deadline.SEMIANNUAL
    if deadline not in Deadline.values:
        deadline = Deadline.SEMIANNUAL
    campaigns = permissions.within_cluster_limit(
        Campaign.objects.filter(cluster__organisation=organisation, year=year,
                                launched_at__isnull=False), request.user, organisation.pk)
    cluster_id = int(request.GET["cluster"]) if request.GET.get("cluster", "").isdigit() \
        else None
    if cluster_id:
        campaigns = campaigns.filter(cluster_id=cluster_id)
    status = request.GET.get("status", "")
    if status not in ("owing", "on_time", "late", "overdue"):
        status = ""
    clusters = permissions.within_cluster_limit(
        Cluster.objects.filter(organisation=organisation), request.user, organisation.pk,
        cluster="pk")
    # Sorted, filtered and paginated in SQL; only the page's rows are built.
    page = paginate(request, selectors.board_queryset(campaigns, deadline, status=status),
                    per_page=50)
    page.object_list = selectors.board_rows(page.object_list, deadline)
    # The secretariat may remind any unit (RUN_CLUSTER); leadership only reads the board.
    can_remind = permissions.allows(Action.RUN_CLUSTER, permissions.organisation_roles(
        request.user, organisation.pk))
    if can_remind:
        selectors.offer_reminders(page, deadline, today=timezone.localdate())
    return render(request, "reports/board.html", {
        "organisation": organisation, "year": year, "deadline": deadline, "status": status,
        "cluster_id": cluster_id, "clusters": clusters, "can_remind": can_remind,
        "page": page, "deadlines": Deadline.choices,
    })


# --- the head's review queue: next report, accept or return, move on; accept several ------

@login_required
def review_queue(request, campaign_pk):
    """The next report waiting for the head (or the one named by ?report=), with the list
    of all waiting reports to accept several at once."""
    campaign, _roles = get_campaign_for(request.user, campaign_pk, Action.RUN_CLUSTER)
    return _queue_page(request, campaign, request.GET.get("report"))


def _queue_page(request, campaign, wanted=None, return_form=None, status=200):
    queue = list(selectors.review_queue(campaign))
    current = next((r for r in queue if str(r.pk) == str(wanted)), queue[0] if queue else None)
    if current is not None:
        current = selectors.report_detail(current.pk)
    return render(request, "reports/review_queue.html", {
        "campaign": campaign, "queue": queue, "current": current,
        "position": queue.index(next(r for r in queue if r.pk == current.pk)) + 1
        if current else 0,
        "return_form": return_form or ReturnForm(), "sections": [
            (label, getattr(current, name)) for name, label in SECTIONS] if current else [],
    }, status=status)


def _queued_report(user, report_pk):
    report = _report_for(user, report_pk, Action.RUN_CLUSTER)
    return report, report.campaign


@login_required
@require_POST
def review_accept(request, report_pk):
    """Accept from the queue and go on to the next report."""
    report, campaign = _queued_report(request.user, report_pk)
    run_service(request, lambda: services.report_accept(report=report),
                _("%(unit)s: report accepted.") % {"unit": report.unit})
    return redirect("reports:review_queue", campaign_pk=campaign.pk)


@login_required
@require_POST
def review_return(request, report_pk):
    """Return from the queue with a comment and go on; without a comment the same report
    comes back with the error on the field."""
    report, campaign = _queued_report(request.user, report_pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.report_return(report=report, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            if not report.is_reviewable:  # decided meanwhile (another tab, a colleague)
                for message in error.messages:
                    messages.error(request, message)
                return redirect("reports:review_queue", campaign_pk=campaign.pk)
            errors_to_form(error, form)
        else:
            messages.success(request, _("%(unit)s: report returned with your comment.")
                             % {"unit": report.unit})
            return redirect("reports:review_queue", campaign_pk=campaign.pk)
    return _queue_page(request, campaign, report.pk, return_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def review_accept_many(request, campaign_pk):
    """GET: the confirmation page for the chosen reports (?all=1: every waiting report);
    POST: accept them all, in one transaction."""
    campaign, _roles = get_campaign_for(request.user, campaign_pk, Action.RUN_CLUSTER)
    queue = selectors.review_queue(campaign)
    data = request.POST if request.method == "POST" else request.GET
    if request.method == "GET" and data.get("all"):
        data = {"reports": [report.pk for report in queue]}
    form = BulkAcceptForm(data, queue=queue)
    if not form.is_valid():
        messages.error(request, _("Choose the reports to accept (only reports waiting for "
                                  "review can be)."))
        return redirect("reports:review_queue", campaign_pk=campaign.pk)
    chosen = list(form.cleaned_data["reports"])
    if request.method == "GET":
        return render(request, "reports/review_confirm.html", {
            "campaign": campaign, "reports": chosen})

    @transaction.atomic
    def accept_all():
        for report in chosen:
            services.report_accept(report=report)

    run_service(request, accept_all, _("%(n)s reports accepted.") % {"n": len(chosen)})
    return redirect("reports:review_queue", campaign_pk=campaign.pk)


@login_required
@require_POST
def remind_now(request, campaign_pk, unit_pk, deadline):
    """"Remind now" from the campaign page or the board: the unit's reminder e-mail, at
    most once a day (selectors.remind_refusal)."""
    if deadline not in Deadline.values:
        raise Http404
    campaign, unit, _roles = get_campaign_unit_for(request.user, campaign_pk, unit_pk,
                                                   Action.RUN_CLUSTER)
    run_service(request, lambda: services.reminder_send_now(
        campaign=campaign, unit=unit, deadline=deadline),
        _("Reminder sent to %(unit)s.") % {"unit": unit})
    form = RemindForm(request.POST)
    back = form.cleaned_data["next"] if form.is_valid() else ""
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()):
        return redirect(back)
    return redirect(reverse("campaigns:campaign_detail", args=[campaign.pk])
                    + f"#board-{deadline}")


# The public verify page: whoever holds a printout scans its QR code and lands here, signed in
# or not. It shows what the document itself prints (number, date, issuer, title) and what the
# portal recorded at issue (hashes, signature validation); nothing about people beyond that.

def _verify_context(request, token):
    if rate_limited(request, "verify", limit=settings.VERIFY_RATE_PER_MINUTE):
        return None
    issued = selectors.issued_by_token(token)
    if issued is None:
        raise Http404
    return {"issued": issued, "stored": issued.stored,
            "signature_label": signature_status_label(issued.stored.signature_summary)}


@require_http_methods(["GET"])
def verify(request, token):
    """What the portal issued under this QR code, and a form to check a copy against it."""
    context = _verify_context(request, token)
    if context is None:
        return _too_many_response(request)
    return render(request, "reports/verify.html", {**context, "form": VerifyUploadForm()})


@require_POST
def verify_check(request, token):
    """Whether an uploaded file is this document (nothing is stored: the answer is shown)."""
    context = _verify_context(request, token)
    if context is None:
        return _too_many_response(request)
    form = VerifyUploadForm(request.POST, request.FILES)
    result = None
    if form.is_valid():
        content = form.cleaned_data["file"].read()
        result, fmt = upload_match(context["stored"], content)
        context["matched_format"] = fmt
        if result == LATER_SIGNATURES:  # who added the last signature, and is it the signer?
            later = check_pdf(content)
            context["later_check"] = later
            context["later_differs"] = printed_signer_differs(later.subject_fields,
                                                              context["issued"].signer_name)
    return render(request, "reports/verify.html", {**context, "form": form, "result": result},
                  status=200 if form.is_valid() else 400)


def _too_many_response(request):
    return render(request, "reports/verify_too_many.html", status=429)


# Signing an issued document on a token (documents/external.py): the page's token plugin (or
# an agency's signing service) posts the certificate, gets the digest, posts the signature.
# JSON in and out; the head's staff and the secretariat of the cluster that year.

def _issued_for_signing(user, pk):
    issued = get_object_or_404(IssuedDocument.objects.select_related("stored"), pk=pk,
                               stored__isnull=False)
    campaign = get_object_or_404(Campaign, cluster_id=issued.cluster_id, year=issued.year)
    get_campaign_for(user, campaign.pk, Action.RUN_CLUSTER)
    return issued


def _json_refusal(error):
    return JsonResponse({"error": " ".join(error.messages),
                         "code": [code for code, _m in coded_messages(error)]}, status=400)


@login_required
@require_POST
def token_sign_begin(request, pk):
    """The signer's certificate (PEM, field `certificate`) in; the digest to sign out."""
    issued = _issued_for_signing(request.user, pk)
    try:
        session = external.external_signing_begin(
            stored=issued.stored, certificate_pem=request.POST.get("certificate", ""),
            by=request.user)
    except ValidationError as error:
        return _json_refusal(error)
    return JsonResponse({
        "session": session.pk, "expires_at": session.expires_at.isoformat(),
        "digest_algorithm": "sha256",
        "digest": base64.b64encode(external.digest(session)).decode(),
        "to_sign": base64.b64encode(external.to_sign(session)).decode()})


@login_required
@require_POST
def token_sign_finish(request, pk, session_pk):
    """The token's signature (base64, field `signature`) in; the signed file's hash out."""
    issued = _issued_for_signing(request.user, pk)
    session = get_object_or_404(ExternalSigningSession, pk=session_pk, stored=issued.stored)
    try:
        value = base64.b64decode(request.POST.get("signature", ""), validate=True)
        session = external.external_signing_finish(session=session, signature_value=value)
    except binascii.Error:
        return JsonResponse({"error": _("The signature is not valid base64."),
                             "code": ["signature_unreadable"]}, status=400)
    except ValidationError as error:
        return _json_refusal(error)
    return JsonResponse({"sha256": session.signed_pdf_sha256,
                         "download": reverse("reports:token_signed_download",
                                             args=[issued.pk, session.pk])})


@login_required
def token_signed_download(request, pk, session_pk):
    """The issued document with the token's signature added, for the members of the cluster."""
    issued = get_object_or_404(IssuedDocument.objects.select_related("stored"), pk=pk,
                               stored__isnull=False)
    campaign = get_object_or_404(Campaign, cluster_id=issued.cluster_id, year=issued.year)
    get_campaign_for(request.user, campaign.pk, Action.VIEW_CAMPAIGN)
    session = get_object_or_404(ExternalSigningSession, pk=session_pk, stored=issued.stored,
                                completed_at__isnull=False)
    with session.signed_pdf.open("rb") as handle:
        return document_response(handle.read(), f"{issued.stored.file_stem}-ky-so", "pdf")
