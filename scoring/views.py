"""Scoring pages: the criteria table, score sheets (self-scoring, verification, contests)
and the results. Every view fetches through members.permissions."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns.access import get_campaign_for
from core.forms import parse_decimal
from core.http import document_response, run_service
from documents.docx import render_docx
from documents.pdf import render_pdf
from members import permissions
from members.permissions import Action
from reports.models import ReportAttachment
from scoring import rules, selectors, services, table_io
from scoring.access import get_sheet_for
from scoring.documents import results_document
from scoring.forms import TableSettingsForm
from scoring.models import CriteriaTable, CriterionScore, ScoreSheet


def _table_of(campaign):
    return CriteriaTable.objects.filter(campaign=campaign).first()


@login_required
@require_http_methods(["GET", "POST"])
def scoring_table(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    can_run = permissions.allows(Action.RUN_CLUSTER, roles)
    if request.method == "POST" and not can_run:
        raise PermissionDenied
    table = _table_of(campaign)  # the launch creates it; scoring_table_create if it did not
    form = TableSettingsForm(request.POST or None, instance=table) if table else None
    if request.method == "POST" and form is not None and form.is_valid():
        if run_service(request, lambda: services.table_settings_save(table=form.instance),
                       _("Scoring rules saved.")):
            return redirect("scoring:scoring_table", pk=campaign.pk)
    own = ScoreSheet.objects.filter(table=table, unit_id__in=permissions.represented_unit_ids(
        request.user)).select_related("unit") if table else []
    sees_all = permissions.allows(Action.VIEW_UNIT_WORK, roles)
    return render(request, "scoring/table.html", {
        "campaign": campaign, "table": selectors.table_detail(table.pk) if table else None,
        "form": form, "can_run": can_run, "own_sheets": own,
        "sheets": table.sheets.select_related("unit") if table and sees_all else [],
    })


@login_required
@require_POST
def campaign_launch(request, pk):
    """The head launches the campaign (see services.campaign_launch for why it is here)."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    run_service(request, lambda: services.campaign_launch(campaign=campaign),
                _("Campaign launched: units can now register targets and sign the pledge."))
    return redirect("campaigns:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def scoring_table_create(request, pk):
    """Create the criteria table now (a campaign launched before the launch created it, or
    a head who prepares the table before launching)."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    run_service(request, lambda: services.table_for_campaign(campaign=campaign),
                _("The criteria table is ready to prepare."))
    return redirect("scoring:scoring_table", pk=campaign.pk)


@login_required
@require_POST
def scoring_open(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    run_service(request, lambda: services.scoring_open(table=table),
                _("Self-scoring is open; the criteria table is locked."))
    return redirect("scoring:scoring_table", pk=campaign.pk)


@login_required
@require_POST
def scoring_reopen(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    run_service(request, lambda: services.table_reopen(
        table=table, reason=request.POST.get("reason", "")),
        _("The criteria table is open for changes again."))
    return redirect("scoring:scoring_table", pk=campaign.pk)


@login_required
def scoring_export(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    response = HttpResponse(table_io.export_table(table), content_type=XLSX)
    response["Content-Disposition"] = (f'attachment; filename="bang-tieu-chi-'
                                       f'{campaign.cluster.code}-{campaign.year}.xlsx"')
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_POST
def scoring_import(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    upload = request.FILES.get("file")
    if upload is None or not upload.name.lower().endswith(".xlsx"):
        messages.error(request, _("Upload an .xlsx file."))
    else:
        run_service(request, lambda: table_io.import_table(table, upload.read()),
                    _("Criteria table imported."))
    return redirect("scoring:scoring_table", pk=campaign.pk)


# --- score sheets ------------------------------------------------------------------------

@login_required
def sheet_detail(request, pk):
    sheet, roles = get_sheet_for(request.user, pk, Action.VIEW_UNIT_WORK)
    table = selectors.table_detail(sheet.table_id)
    sheet = selectors.sheets_with_scores(table).get(pk=sheet.pk)
    is_rep = permissions.allows(Action.ACT_FOR_UNIT, roles)
    is_verifier = permissions.allows(Action.VERIFY, roles)
    mode = "read"
    if is_rep and sheet.status == ScoreSheet.Status.DRAFT and table.locked_at:
        mode = "self"
    elif is_verifier and sheet.status in (ScoreSheet.Status.SUBMITTED,
                                          ScoreSheet.Status.VERIFIED) \
            and not table.verification_closed_at and not table.results_locked_at:
        mode = "verify"
    claimed = {c.adjustment_id: c for c in sheet.claims.all()}
    result = selectors.result_of(sheet, table)
    result.rating = rules.rating_for(result, table.bands)
    return render(request, "scoring/sheet.html", {
        "sheet": sheet, "table": table, "campaign": table.campaign, "mode": mode,
        "scores": sheet.scores.all(), "claimed": claimed,
        "adjustment_rows": [(a, claimed.get(a.pk)) for a in table.adjustments.all()],
        "attachments": ReportAttachment.objects.filter(
            report__campaign=table.campaign, report__unit=sheet.unit).select_related("report"),
        "result": result,
        "is_rep": is_rep, "can_run": permissions.allows(Action.RUN_CLUSTER, roles),
        "verifier": services.verifier_unit(sheet),
    })


def _decimal_or_none(text, label):
    if not str(text).strip():
        return None
    try:
        return parse_decimal(text)
    except ValueError:
        raise ValidationError(_("%(label)s: “%(value)s” is not a number.")
                              % {"label": label, "value": text}) from None


@login_required
@require_POST
def sheet_self_score(request, pk):
    sheet, _roles = get_sheet_for(request.user, pk, Action.ACT_FOR_UNIT)

    def save():
        scores = {}
        for score in sheet.scores.select_related("criterion"):
            key = score.criterion_id
            scores[key] = {
                "score": _decimal_or_none(request.POST.get(f"score-{key}", ""),
                                          score.criterion.code),
                "comment": request.POST.get(f"comment-{key}", ""),
                "note": request.POST.get(f"note-{key}", ""),
                "evidence": [int(v) for v in request.POST.getlist(f"evidence-{key}")
                             if v.isdigit()]}
        claims = {int(k.split("-")[1]): request.POST.get(f"justify-{k.split('-')[1]}", "")
                  for k in request.POST if k.startswith("claim-") and k.split("-")[1].isdigit()}
        services.self_score_save(sheet=sheet, scores=scores, claims=claims)
        if "submit" in request.POST:
            services.self_score_submit(sheet=sheet, user=request.user)

    run_service(request, save, _("Self-scoring submitted.") if "submit" in request.POST
                else _("Self-scoring saved."))
    return redirect("scoring:sheet_detail", pk=sheet.pk)


@login_required
@require_POST
def sheet_verify(request, pk):
    sheet, _roles = get_sheet_for(request.user, pk, Action.VERIFY)

    def save():
        scores = {s.criterion_id: (
            _decimal_or_none(request.POST.get(f"verified-{s.criterion_id}", ""),
                             s.criterion.code),
            request.POST.get(f"reason-{s.criterion_id}", ""))
            for s in sheet.scores.select_related("criterion")}
        claims = {}
        for adjustment in sheet.table.adjustments.all():
            decision = request.POST.get(f"decision-{adjustment.pk}", "")
            if decision in ("accept", "refuse"):
                claims[adjustment.pk] = (decision == "accept",
                                         request.POST.get(f"why-{adjustment.pk}", ""))
        version = int(request.POST.get("version", "-1"))
        services.verify_save(sheet=sheet, version=version, scores=scores, claims=claims,
                             finish="finish" in request.POST, user=request.user)

    run_service(request, save, _("Verification finished.") if "finish" in request.POST
                else _("Verification saved."))
    return redirect("scoring:sheet_detail", pk=sheet.pk)


def _score_for(user, pk, action):
    score = get_object_or_404(CriterionScore.objects.select_related("sheet"), pk=pk)
    get_sheet_for(user, score.sheet_id, action)
    return score


@login_required
@require_POST
def score_contest(request, pk):
    score = _score_for(request.user, pk, Action.ACT_FOR_UNIT)
    run_service(request, lambda: services.contest(score=score,
                                                  reason=request.POST.get("reason", "")),
                _("Contest sent to the cluster head."))
    return redirect("scoring:sheet_detail", pk=score.sheet_id)


@login_required
@require_POST
def score_resolve(request, pk):
    score = _score_for(request.user, pk, Action.RUN_CLUSTER)
    keep = request.POST.get("decision") != "change"

    def resolve():
        new = None if keep else _decimal_or_none(request.POST.get("score", ""), "")
        services.contest_resolve(score=score, keep=keep, new_score=new,
                                 reason=request.POST.get("reason", ""))

    run_service(request, resolve, _("Contest resolved."))
    return redirect("scoring:sheet_detail", pk=score.sheet_id)


# --- results -----------------------------------------------------------------------------

def _results_campaign(request, pk):
    """Results are open to the head's staff and the organisation; members see them once
    locked."""
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    if not table.results_locked_at and not permissions.allows(Action.VIEW_UNIT_WORK, roles):
        raise PermissionDenied
    return campaign, table, roles


@login_required
def results_page(request, pk):
    campaign, table, roles = _results_campaign(request, pk)
    table = selectors.table_detail(table.pk)
    return render(request, "scoring/results.html", {
        "campaign": campaign, "table": table, "rows": selectors.results(table),
        "can_run": permissions.allows(Action.RUN_CLUSTER, roles)})


@login_required
@require_POST
def results_lock(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    run_service(request, lambda: services.results_lock(table=table),
                _("Results locked: every score is final."))
    return redirect("scoring:results_page", pk=campaign.pk)


@login_required
def results_download(request, pk, fmt):
    campaign, table, _roles = _results_campaign(request, pk)
    if fmt == "xlsx":
        from scoring.exports import results_xlsx

        response = HttpResponse(results_xlsx(table), content_type=XLSX)
        response["Content-Disposition"] = (f'attachment; filename="ket-qua-cham-diem-'
                                           f'{campaign.cluster.code}-{campaign.year}.xlsx"')
        return response
    document = results_document(table, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)


