"""Scoring pages: the criteria table, score sheets (self-scoring, verification, contests)
and the results. Every view fetches through members.permissions."""


from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from campaigns import recording
from campaigns import selectors as campaign_selectors
from campaigns import services as campaign_services
from campaigns.access import get_campaign_for
from campaigns.models import Milestone
from campaigns.selectors import DueDates
from clusters.models import Cluster
from core.collation import vietnamese
from core.forms import errors_to_messages
from core.http import coded_messages, document_response, errors_to_form, run_service
from documents.docx import render_docx
from documents.pdf import render_pdf
from documents.storage import stored_response
from documents.text import file_slug
from members import permissions
from members.permissions import Action
from reports.models import ReportAttachment
from scoring import rules, selectors, services, table_io
from scoring.access import get_sheet_for
from scoring.documents import results_document
from scoring.forms import (
    ClusterTemplateForm,
    ContestForm,
    ReopenForm,
    ResolveForm,
    SelfScoreForm,
    TableEditor,
    TableImportForm,
    TemplateCreateForm,
    TemplateLoadForm,
    TemplateNameForm,
    VerifyForm,
)
from scoring.models import ClusterTemplate, CriteriaTable, Criterion, CriterionScore, ScoreSheet


def _table_of(campaign):
    return CriteriaTable.objects.filter(campaign=campaign).first()


@login_required
def scoring_table(request, pk):
    campaign, roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    can_run = permissions.allows(Action.RUN_CLUSTER, roles)
    table = _table_of(campaign)  # the launch creates it; scoring_table_create if it did not
    own = ScoreSheet.objects.filter(table=table, unit_id__in=permissions.represented_unit_ids(
        request.user)).select_related("unit") if table else []
    sees_all = permissions.allows(Action.VIEW_UNIT_WORK, roles)
    return render(request, "scoring/table.html", {
        "campaign": campaign, "table": selectors.table_detail(table.pk) if table else None,
        "can_run": can_run, "own_sheets": own,
        "lock_refusal": services.table_lock_refusal(table) if table else None,
        "load_form": TemplateLoadForm(templates=selectors.templates_of(
            campaign.cluster.organisation)) if can_run and table and not table.locked_at
        else None,
        "sheets": table.sheets.select_related("unit") if table and sees_all else [],
    })


# --- editing a table on the page: a campaign's (the head's staff, the secretariat) or a
# template (the secretariat); one page, one service (services.table_save) -------------------

def _editor_page(request, table, *, context, done_url):
    """GET: the table's rules and rows as forms, or, once locked, why they cannot change.
    POST: everything saved at once through the service, or the page again with every
    error, nothing saved."""
    table = selectors.table_detail(table.pk)
    refusal = services.table_lock_refusal(table)
    editor = TableEditor(table, request.POST or None) if refusal is None else None
    if request.method == "POST" and refusal is not None:
        for code, message in coded_messages(refusal):
            messages.error(request, message, extra_tags=code or "")
    elif request.method == "POST" and editor.is_valid():
        try:
            services.table_save(table=editor.settings.instance, **editor.service_arguments())
        except ValidationError as error:
            editor.rule_errors += [ValidationError(message, code=code)
                                   for code, message in coded_messages(error)]
        except IntegrityError:
            editor.rule_errors.append(ValidationError(_(
                "This change conflicts with data saved at the same moment; please reload and "
                "try again."), code="conflict"))
        else:
            messages.success(request, _("Criteria table saved."))
            return redirect(done_url)
    return render(request, "scoring/table_edit.html", {
        **context, "table": table, "editor": editor, "lock_refusal": refusal,
        "done_url": done_url})


@login_required
@require_http_methods(["GET", "POST"])
def table_edit(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    return _editor_page(request, table, context={"campaign": campaign},
                        done_url=reverse("scoring:scoring_table", args=[campaign.pk]))


@login_required
@require_POST
def table_load_template(request, pk):
    """Replace the campaign's unlocked table with one of the organisation's templates."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    form = TemplateLoadForm(request.POST,
                            templates=selectors.templates_of(campaign.cluster.organisation))
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        run_service(request, lambda: services.table_load_template(
            table=table, template=form.cleaned_data["template"]),
            _("The criteria table now follows the template “%(name)s”.")
            % {"name": form.cleaned_data["template"].name})
    return redirect("scoring:scoring_table", pk=campaign.pk)


def _template_for(user, pk):
    """One of the organisation's templates, for its secretariat: 404 for a campaign's table
    or another organisation's, 403 for a role that only reads."""
    template = get_object_or_404(CriteriaTable.objects.select_related("organisation"), pk=pk,
                                 campaign=None)
    permissions.check_organisation(user, template.organisation_id, Action.MANAGE_REGISTRY)
    return template


@login_required
def template_list(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    request.GET.get("org"))
    templates = selectors.templates_of(organisation)
    for template in templates:
        template.delete_refusal = services.template_delete_refusal(
            template, clusters=template.chosen_by)
    choices = {c.cluster_id: c.template_id for c in
               ClusterTemplate.objects.filter(cluster__organisation=organisation)}
    clusters = [SimpleNamespace(cluster=cluster, form=ClusterTemplateForm(
        templates=templates, initial={"template": choices.get(cluster.pk)},
        auto_id=f"id_cluster{cluster.pk}_%s"))
        for cluster in Cluster.objects.filter(organisation=organisation)
        .order_by(vietnamese("name"))]
    return render(request, "scoring/template_list.html", {
        "organisation": organisation, "templates": templates, "clusters": clusters,
        "create_form": TemplateCreateForm(templates=templates)})


@login_required
@require_POST
def template_create(request):
    organisation = permissions.get_organisation_for(request.user, Action.MANAGE_REGISTRY,
                                                    request.GET.get("org"))
    form = TemplateCreateForm(request.POST, templates=selectors.templates_of(organisation))
    if not form.is_valid():
        errors_to_messages(request, form)
        return redirect("scoring:template_list")
    made = []
    if run_service(request, lambda: made.append(services.template_create(
            organisation=organisation, name=form.cleaned_data["name"],
            source=form.cleaned_data["source"])), _("Template created: adapt its criteria.")):
        return redirect("scoring:template_edit", pk=made[0].pk)
    return redirect("scoring:template_list")


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk):
    template = _template_for(request.user, pk)
    return _editor_page(request, template, context={"template": template},
                        done_url=reverse("scoring:template_edit", args=[template.pk]))


def _named(request, action, message):
    form = TemplateNameForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
        return False
    return run_service(request, lambda: action(form.cleaned_data["name"]), message)


@login_required
@require_POST
def template_copy(request, pk):
    template = _template_for(request.user, pk)
    _named(request, lambda name: services.template_copy(template=template, name=name),
           _("Template copied."))
    return redirect("scoring:template_list")


@login_required
@require_POST
def template_rename(request, pk):
    template = _template_for(request.user, pk)
    _named(request,
           lambda name: services.template_rename(template=template, name=name),
           _("Template renamed."))
    return redirect("scoring:template_list")


@login_required
@require_POST
def template_default(request, pk):
    template = _template_for(request.user, pk)
    run_service(request, lambda: services.template_set_default(template=template),
                _("Clusters without a template of their own now start from this one."))
    return redirect("scoring:template_list")


@login_required
@require_POST
def template_delete(request, pk):
    template = _template_for(request.user, pk)
    run_service(request, lambda: services.template_delete(template=template),
                _("Template deleted."))
    return redirect("scoring:template_list")


@login_required
def template_export(request, pk):
    template = _template_for(request.user, pk)
    response = HttpResponse(table_io.export_table(template), content_type=XLSX)
    response["Content-Disposition"] = \
        f'attachment; filename="{file_slug("bang tieu chi mau", template.name)}.xlsx"'
    return response


@login_required
@require_POST
def template_import(request, pk):
    template = _template_for(request.user, pk)
    form = TableImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        upload = form.cleaned_data["file"]
        run_service(request, lambda: table_io.import_table(template, upload.read()),
                    _("Criteria table imported."))
    return redirect("scoring:template_edit", pk=template.pk)


@login_required
@require_POST
def cluster_template(request, pk):
    """The secretariat picks the template a cluster's next tables start from."""
    cluster = get_object_or_404(Cluster.objects.select_related("organisation"), pk=pk)
    permissions.check_organisation(request.user, cluster.organisation_id,
                                   Action.MANAGE_REGISTRY)
    form = ClusterTemplateForm(request.POST,
                               templates=selectors.templates_of(cluster.organisation))
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        run_service(request, lambda: services.cluster_template_set(
            cluster=cluster, template=form.cleaned_data["template"]),
            _("Template chosen for %(cluster)s.") % {"cluster": cluster.name})
    return redirect("scoring:template_list")


@login_required
@require_POST
def campaign_launch(request, pk):
    """The head launches the campaign (see services.campaign_launch for why it is here)."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    run_service(request, lambda: services.campaign_launch(campaign=campaign),
                _("Campaign launched: units can now register targets and sign the pledge."))
    return redirect("campaigns:campaign_detail", pk=campaign.pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_next_year(request, pk):
    """Next year's campaign from this closed one: a confirmation page showing what is copied
    (milestones a year on, the criteria table, the targets), then the POST creates it. Next
    year's head (or the secretariat) does it: the rights of the year being created."""
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    permissions.get_cluster_for(request.user, campaign.cluster_id, Action.RUN_CLUSTER,
                                campaign.year + 1)
    if request.method == "POST":
        created = []
        if run_service(request, lambda: created.append(
                services.campaign_next_year(campaign=campaign)),
                _("Next year's campaign is created from this one: check it, then launch it.")):
            return redirect("campaigns:campaign_detail", pk=created[0].pk)
        return redirect("scoring:campaign_next_year", pk=campaign.pk)
    dates = campaign_services.next_year_dates(campaign)
    table = CriteriaTable.objects.filter(campaign=campaign).first()
    return render(request, "scoring/next_year.html", {
        "campaign": campaign, "refusal": campaign_selectors.next_year_refusal(campaign),
        "title": campaign_services.next_year_title(campaign),
        "milestones": [(label, getattr(campaign, name), dates[name])
                       for name, label in campaign.MILESTONES],
        "table": table,
        "criteria": Criterion.objects.filter(group__table=table).count() if table else 0,
        "targets": campaign_services.next_year_targets(campaign)})


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
    form = ReopenForm(request.POST)
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        run_service(request, lambda: services.table_reopen(
            table=table, reason=form.cleaned_data["reason"]),
            _("The criteria table is open for changes again."))
    return redirect("scoring:scoring_table", pk=campaign.pk)


@login_required
def scoring_export(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.VIEW_CAMPAIGN)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    response = HttpResponse(table_io.export_table(table), content_type=XLSX)
    name = file_slug("bang tieu chi", campaign.cluster.name, campaign.year)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_POST
def scoring_import(request, pk):
    campaign, _roles = get_campaign_for(request.user, pk, Action.RUN_CLUSTER)
    table = get_object_or_404(CriteriaTable, campaign=campaign)
    form = TableImportForm(request.POST, request.FILES)
    if not form.is_valid():
        errors_to_messages(request, form)
    else:
        upload = form.cleaned_data["file"]
        run_service(request, lambda: table_io.import_table(table, upload.read()),
                    _("Criteria table imported."))
    return redirect("scoring:scoring_table", pk=campaign.pk)


# --- score sheets ------------------------------------------------------------------------

def _load_sheet(sheet):
    """Everything the sheet page shows, in a fixed number of queries."""
    table = selectors.table_detail(sheet.table_id)
    sheet = selectors.sheets_with_scores(table).get(pk=sheet.pk)
    sheet.table = table
    scores = list(sheet.scores.all())
    for score in scores:
        score.sheet = sheet
    return SimpleNamespace(
        sheet=sheet, table=table, scores=scores,
        claimed={c.adjustment_id: c for c in sheet.claims.all()},
        attachments=list(ReportAttachment.objects.filter(
            report__campaign=table.campaign, report__unit=sheet.unit).select_related("report")))


def _mode(loaded, roles):
    sheet, table = loaded.sheet, loaded.table
    if permissions.allows(Action.ACT_FOR_UNIT, roles) and sheet.status == ScoreSheet.Status.DRAFT \
            and table.locked_at:
        return "self"
    if permissions.allows(Action.VERIFY, roles) and sheet.status in (
            ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.VERIFIED) \
            and not table.verification_closed_at and not table.results_locked_at:
        return "verify"
    return "read"


def _self_form(loaded, data=None):
    return SelfScoreForm(data, scores=loaded.scores, adjustments=loaded.table.adjustments.all(),
                         claims=loaded.claimed, attachments=loaded.attachments)


def _verify_form(loaded, data=None):
    return VerifyForm(data, sheet=loaded.sheet, scores=loaded.scores,
                      adjustments=loaded.table.adjustments.all(), claims=loaded.claimed)


def _sheet_page(request, loaded, roles, form=None, row_form=None):
    """The sheet page. form: the grid posted and refused (its values come back as typed);
    row_form: (score pk, bound ContestForm or ResolveForm) for a row's action refused."""
    sheet, table = loaded.sheet, loaded.table
    mode = _mode(loaded, roles)
    is_rep = permissions.allows(Action.ACT_FOR_UNIT, roles)
    can_run = permissions.allows(Action.RUN_CLUSTER, roles)
    if form is None and mode == "self":
        form = _self_form(loaded)
    elif form is None and mode == "verify":
        form = _verify_form(loaded)
    page_errors = []
    if form is not None and form.is_bound:
        page_errors += list(form.non_field_errors())
        page_errors += [e for field in form.hidden_fields() for e in field.errors]
    now = timezone.now()
    due_dates = DueDates(loaded.table.campaign)
    rows = []
    for score in loaded.scores:
        row = SimpleNamespace(score=score, fields=form.row(score.criterion_id) if form else {},
                              contest=None, resolve=None)
        if is_rep and selectors.contest_refusal(score, now=now, due_dates=due_dates) is None:
            row.contest = ContestForm(score=score)
        if can_run and selectors.resolve_refusal(score) is None:
            row.resolve = ResolveForm(score=score)
        if row_form and row_form[0] == score.pk:
            kind = "contest" if isinstance(row_form[1], ContestForm) else "resolve"
            if getattr(row, kind) is not None:
                setattr(row, kind, row_form[1])
                page_errors += list(row_form[1].non_field_errors())
            else:  # no longer possible: the row offers nothing, so say why at the top
                page_errors += [e for errors in row_form[1].errors.values() for e in errors]
        rows.append(row)
    result = selectors.result_of(sheet, table)
    result.rating = rules.rating_for(result, table.bands)
    return render(request, "scoring/sheet.html", {
        "sheet": sheet, "table": table, "campaign": table.campaign, "mode": mode,
        "form": form, "rows": rows, "page_errors": page_errors,
        "adjustment_rows": [SimpleNamespace(adjustment=a, claim=loaded.claimed.get(a.pk),
                                            fields=form.item(a.pk) if form else {})
                            for a in table.adjustments.all()],
        "result": result, "is_rep": is_rep, "can_run": can_run,
        "verifier": services.verifier_unit(sheet),
        "selfscore_due": due_dates.for_unit(Milestone.SELFSCORE, sheet.unit_id),
        "verification_due": due_dates.for_unit(Milestone.VERIFICATION, sheet.unit_id),
        "date_form": recording.OccurredOnForm(campaign=table.campaign)
        if table.campaign.recording_mode else None,
    })


@login_required
def sheet_detail(request, pk):
    sheet, roles = get_sheet_for(request.user, pk, Action.VIEW_UNIT_WORK)
    return _sheet_page(request, _load_sheet(sheet), roles)


@login_required
@require_POST
def sheet_self_score(request, pk):
    sheet, roles = get_sheet_for(request.user, pk, Action.ACT_FOR_UNIT)
    loaded = _load_sheet(sheet)
    form = _self_form(loaded, request.POST)
    submit = "submit" in request.POST
    occurred_on, date_form = recording.occurred_on_from(request, sheet.table.campaign) \
        if submit else (None, None)
    if date_form is not None and not date_form.is_valid():
        recording.refuse_date(request, date_form)  # nothing saved: the date is part of it
    elif form.is_valid():
        scores, claims = form.service_arguments()
        try:
            # The draft is saved even when submitting it is refused (a score missing, the
            # deadline passed): what was typed is kept either way.
            services.self_score_save(sheet=sheet, scores=scores, claims=claims)
            if submit:
                services.self_score_submit(sheet=sheet, user=request.user,
                                           occurred_on=occurred_on)
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Self-scoring submitted.") if submit
                             else _("Self-scoring saved."))
            return redirect("scoring:sheet_detail", pk=sheet.pk)
    return _sheet_page(request, loaded, roles, form=form)


@login_required
@require_POST
def sheet_verify(request, pk):
    sheet, roles = get_sheet_for(request.user, pk, Action.VERIFY)
    loaded = _load_sheet(sheet)
    form = _verify_form(loaded, request.POST)
    finish = "finish" in request.POST
    occurred_on, date_form = recording.occurred_on_from(request, sheet.table.campaign) \
        if finish else (None, None)
    if date_form is not None and not date_form.is_valid():
        recording.refuse_date(request, date_form)
    elif form.is_valid():
        version, scores, claims = form.service_arguments()
        try:
            services.verify_save(sheet=sheet, version=version, scores=scores, claims=claims,
                                 finish=finish, user=request.user, occurred_on=occurred_on)
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, _("Verification finished.") if finish
                             else _("Verification saved."))
            return redirect("scoring:sheet_detail", pk=sheet.pk)
    return _sheet_page(request, loaded, roles, form=form)


def _score_for(user, pk, action):
    """(score, sheet, roles) through the sheet's fetcher."""
    score = get_object_or_404(CriterionScore.objects.select_related("criterion"), pk=pk)
    sheet, roles = get_sheet_for(user, score.sheet_id, action)
    return score, sheet, roles


def _row_action(request, score, sheet, roles, form, action, success_message):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except (ValidationError, IntegrityError) as error:
            errors_to_form(error, form)
        else:
            messages.success(request, success_message)
            return redirect("scoring:sheet_detail", pk=sheet.pk)
    return _sheet_page(request, _load_sheet(sheet), roles, row_form=(score.pk, form))


@login_required
@require_POST
def score_contest(request, pk):
    score, sheet, roles = _score_for(request.user, pk, Action.ACT_FOR_UNIT)
    return _row_action(
        request, score, sheet, roles, ContestForm(request.POST, score=score),
        lambda data: services.contest(score=score, reason=data["reason"]),
        _("Contest sent to the cluster head."))


@login_required
@require_POST
def score_resolve(request, pk):
    score, sheet, roles = _score_for(request.user, pk, Action.RUN_CLUSTER)
    return _row_action(
        request, score, sheet, roles, ResolveForm(request.POST, score=score),
        lambda data: services.contest_resolve(
            score=score, keep=data["decision"] == "keep", new_score=data["score"],
            reason=data["reason"]),
        _("Contest resolved."))


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
        name = file_slug("ket qua cham diem", campaign.cluster.name, campaign.year)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if table.results_stored_id:
        return stored_response(table.results_stored, fmt)
    document = results_document(table, request.user)
    content = render_pdf(document) if fmt == "pdf" else render_docx(document)
    return document_response(content, document.file_stem, fmt)


