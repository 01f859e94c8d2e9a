"""Writes of reports, activities and summaries. Each checks state and saves in one
transaction; django-auditlog records the report's status changes."""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import recording
from campaigns.models import UnitTarget
from campaigns.selectors import DueDates, check_open
from clusters.models import Cluster, Membership, Organisation
from clusters.seal import organisation_signing_identity
from clusters.selectors import upload_trust_anchors
from core.audit import audit_action
from core.uploads import check_evidence
from documents.images import png_data_url
from documents.signing import check_pdf, cn_absent_from_text, pdf_text
from documents.storage import store_rendered
from reports import reminders
from reports.documents import summary_document
from reports.models import (
    SECTIONS,
    Activity,
    ClusterSummary,
    IssuedDocument,
    Period,
    ReminderLog,
    Report,
    ReportAttachment,
    ReportFigure,
    ReportVersion,
)
from reports.selectors import board, remind_refusal, signed_report_refusal


@transaction.atomic
@audit_action("report.create")
def reports_create(*, campaign):
    """Both reports of every member unit of the campaign's year (the launch calls this;
    existing reports are kept). Figure rows come later, when the unit saves its actuals."""
    check_open(campaign)
    if not campaign.launched_at:
        raise ValidationError(_("The campaign has not been launched yet."),
                              code="not_launched")
    unit_ids = Membership.objects.filter(cluster_id=campaign.cluster_id,
                                         year=campaign.year).values_list("unit_id", flat=True)
    for unit_id in unit_ids:
        for period in Period.values:
            # get_or_create, not bulk_create: django-auditlog records each new report.
            Report.objects.get_or_create(campaign=campaign, unit_id=unit_id, period=period)


@transaction.atomic
@audit_action("report.create")
def report_get_or_create(*, campaign, unit, period):
    """The unit's report for the period: the explicit way to start one the launch did not
    create (a campaign launched before reports were created at launch, a unit that joined
    the cluster afterwards)."""
    check_open(campaign)
    if not campaign.launched_at:
        raise ValidationError(_("The campaign has not been launched yet."),
                              code="not_launched")
    if not Membership.objects.filter(cluster_id=campaign.cluster_id, year=campaign.year,
                                     unit=unit).exists():
        raise ValidationError(_("%(unit)s is not a member this year.") % {"unit": unit},
                              code="not_member")
    report, _created = Report.objects.get_or_create(campaign=campaign, unit=unit, period=period)
    return report


def report_targets(report):
    """The targets the report answers: those of the unit's pledge, in its order."""
    return UnitTarget.objects.filter(pledge__campaign_id=report.campaign_id,
                                     pledge__unit_id=report.unit_id).order_by("order", "pk")


def _editable(report):
    if not report.is_editable:
        raise ValidationError(_("This report has been submitted and can no longer be changed "
                                "unless the head returns it."), code="report_submitted")


@transaction.atomic
@audit_action("report.save")
def report_save(*, report, sections, actuals, free_figures):
    """Save the draft: sections {name: text}, actuals {target id: Decimal|None} (targets of
    the unit's pledge; a target's figure row is created on its first save), free_figures
    [{name, measure, actual}] replacing the previous free figures."""
    check_open(report.campaign)
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    for name, _label in SECTIONS:
        setattr(report, name, sections.get(name, "").strip())
    report.save()
    figures = {f.target_id: f for f in report.figures.filter(target__isnull=False)}
    for target in report_targets(report).filter(pk__in=list(actuals)):
        figure = figures.get(target.pk) or ReportFigure(report=report, target=target)
        if figure.pk is None or figure.actual != actuals[target.pk]:
            figure.actual = actuals[target.pk]
            figure.save()
    report.figures.filter(target__isnull=True).delete()
    for figure in free_figures:
        ReportFigure.objects.create(report=report, **figure)
    return report


@transaction.atomic
def attachment_add(*, report, upload, user):
    check_open(report.campaign)
    _editable(report)
    kind = check_evidence(upload)
    signature = {}
    if kind == "pdf":  # who signed it, when, and whether it is still as signed
        upload.seek(0)
        roots, others = upload_trust_anchors(report.campaign.cluster.organisation_id)
        content = upload.read()
        check = check_pdf(content, roots=roots, others=others)
        upload.seek(0)
        signature = {"signature_status": check.status, "signature_signer": check.signer[:255],
                     "signature_signed_at": check.signed_at,
                     "signature_subject": check.subject,
                     "signature_name_absent": bool(check.subject_fields) and cn_absent_from_text(
                         check.subject_fields, pdf_text(content))}
    return ReportAttachment.objects.create(report=report, file=upload, kind=kind,
                                           original_name=upload.name[:255], size=upload.size,
                                           uploaded_by=user, **signature)


@transaction.atomic
def attachment_remove(*, attachment):
    check_open(attachment.report.campaign)
    _editable(attachment.report)
    attachment.file.delete(save=False)
    attachment.delete()


def lateness(*, report, today):
    """Days after the unit's effective deadline (0 when on time)."""
    due = DueDates(report.campaign).for_unit(report.period, report.unit_id)
    return max(0, (today - due).days), due


@transaction.atomic
@audit_action("report.submit")
def report_submit(*, report, user, now=None, occurred_on=None):
    """Submit (or resubmit) the report; every submission is kept as a version. In recording
    mode `occurred_on` is the day it was really submitted, and lateness is counted from it."""
    check_open(report.campaign)
    report = Report.objects.select_for_update(of=("self",)).select_related(
        "campaign", "campaign__cluster__organisation", "unit").get(pk=report.pk)
    now = recording.moment(report.campaign, occurred_on, default=now)
    _editable(report)
    if (refusal := signed_report_refusal(report)) is not None:
        raise refusal
    if report.campaign.is_closed_for(report.period):
        raise ValidationError(_("The head has closed this period: reports are no longer taken."),
                              code="period_closed")
    days_late, due = lateness(report=report, today=timezone.localdate(now))
    if days_late and not report.campaign.cluster.organisation.allow_late_reports:
        raise ValidationError(_("The deadline (%(date)s) has passed. Ask the cluster head for "
                                "an extension.") % {"date": due.strftime("%d/%m/%Y")})
    entered = set(report.figures.filter(target__isnull=False, actual__isnull=False)
                  .values_list("target_id", flat=True))
    missing = [t.name for t in report_targets(report) if t.pk not in entered]
    if missing:
        raise ValidationError(_("Enter the actual figure for every target: %(targets)s.")
                              % {"targets": "; ".join(missing)})
    if not report.results.strip():
        raise ValidationError(_("Describe the results achieved."))
    resubmission = report.versions.exists()
    report.status = Report.Status.RESUBMITTED if resubmission else Report.Status.SUBMITTED
    report.submitted_at = now
    report.first_submitted_at = report.first_submitted_at or now
    if not resubmission:
        report.days_late = days_late  # lateness is judged on the first submission
    report.save()
    number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    ReportVersion.objects.create(report=report, number=number, submitted_at=now,
                                 submitted_by=user, days_late=days_late,
                                 content=report_snapshot(report))
    recording.log(report.campaign, action="report_submit",
                  subject=f"{report.get_period_display()} – {report.unit}",
                  occurred_on=occurred_on, by=user)
    return report


def report_snapshot(report):
    """The report's content as submitted, for its version history."""
    return {
        "sections": {name: getattr(report, name) for name, _label in SECTIONS},
        "figures": [{"name": f.label, "measure": f.target.measure if f.target_id else f.measure,
                     "target": str(f.target.target_value) if f.target_id else None,
                     "actual": None if f.actual is None else str(f.actual)}
                    for f in report.figures.select_related("target")],
        "attachments": [a.original_name for a in report.attachments.all()],
    }


@transaction.atomic
@audit_action("report.return")
def report_return(*, report, comment):
    check_open(report.campaign)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if not report.is_reviewable:
        raise ValidationError(_("Only a submitted report can be returned."),
                              code="not_reviewable")
    if not comment.strip():
        raise ValidationError(_("Say what the unit must correct."), code="return_comment_required")
    report.status = Report.Status.RETURNED
    report.return_comment = comment.strip()
    report.save()
    return report


@transaction.atomic
@audit_action("report.accept")
def report_accept(*, report, occurred_on=None, by=None):
    """Accept a submitted report; in recording mode on the day it really was accepted."""
    check_open(report.campaign)
    report = Report.objects.select_for_update(of=("self",)).select_related(
        "campaign", "unit").get(pk=report.pk)
    if not report.is_reviewable:
        raise ValidationError(_("Only a submitted report can be accepted."),
                              code="not_reviewable")
    accepted_at = recording.moment(report.campaign, occurred_on)
    if report.submitted_at and accepted_at < report.submitted_at:
        raise ValidationError(_("A report cannot be accepted before it was submitted (%(date)s).")
                              % {"date": timezone.localdate(report.submitted_at)
                                 .strftime("%d/%m/%Y")}, code="accepted_before_submitted")
    report.status = Report.Status.ACCEPTED
    report.accepted_at = accepted_at
    report.save()
    recording.log(report.campaign, action="report_accept",
                  subject=f"{report.get_period_display()} – {report.unit}",
                  occurred_on=occurred_on, by=by)
    return report


@transaction.atomic
def activity_add(*, unit, user, upload=None, **fields):
    activity = Activity(unit=unit, created_by=user, **fields)
    if upload is not None:
        check_evidence(upload)
        activity.file, activity.original_name = upload, upload.name[:255]
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_remove(*, activity):
    """Remove a logged activity (its file stays in storage, as before this was a service)."""
    activity.delete()


@transaction.atomic
def document_number_allocate(*, cluster, year, type_code, title, by, issued_on=None):
    """The cluster's next document number of the year (one sequence per cluster and year)."""
    Cluster.objects.select_for_update().get(pk=cluster.pk)  # serialise allocations
    last = IssuedDocument.objects.filter(cluster=cluster, year=year).aggregate(n=Max("number"))
    return IssuedDocument.objects.create(
        cluster=cluster, year=year, number=(last["n"] or 0) + 1, type_code=type_code,
        title=title, issued_on=issued_on or timezone.localdate(), issued_by=by)


@transaction.atomic
def document_issue(*, cluster, year, type_code, title, by, build, replaces=None, reason="",
                   issued_on=None):
    """Number a document and freeze it: build(issued) returns the Document carrying that
    number; its PDF and Word files are rendered once and stored with their hashes, and every
    later download serves them. With `replaces`, a correction of an issued document.
    `issued_on`: the date it is signed and issued (default today)."""
    reason = reason.strip()
    if replaces is not None:
        replaces = IssuedDocument.objects.select_for_update().get(pk=replaces.pk)
        if replaces.is_replaced:
            raise ValidationError(_("This document has already been replaced."))
        if not reason:
            raise ValidationError(_("Give the reason for the correction."),
                                  code="correction_reason_required")
    issued = document_number_allocate(cluster=cluster, year=year, type_code=type_code,
                                      title=title, by=by, issued_on=issued_on)
    document = build(issued)
    signature = document.signature
    if signature is not None:
        issued.signer_name = signature.name
        issued.signer_title = " ".join(  # as printed: in capitals
            filter(None, [signature.authority, signature.title])).upper()
    identity = organisation_signing_identity(cluster.organisation_id)
    if identity is not None and signature is not None:
        # The organisation's seal signs: its image over the signer's (Decree 30/2020).
        organisation = Organisation.objects.get(pk=cluster.organisation_id)
        document = dataclasses.replace(document, signature=dataclasses.replace(
            signature, seal=png_data_url(organisation.seal_image)))
    issued.stored = store_rendered(document, folder=f"issued/{year}/{cluster.code}",
                                   name=f"{issued.number:02d}-{document.file_stem}",
                                   identity=identity)
    issued.replaces, issued.replace_reason = replaces, reason
    issued.save()
    return issued


def _summary_issue_document(summary, by, replaces=None, reason="", issued_on=None):
    campaign = summary.campaign
    if issued_on is not None:
        # The head dates the summary the day it is signed: inside the year or its dossier
        # window (the one check of recorded dates), never in the future.
        recording.check_occurred_on(campaign, issued_on)
    title = _("Semi-annual summary") if summary.period == "semiannual" else \
        _("Year-end summary")
    summary.document = document_issue(
        cluster=campaign.cluster, year=campaign.year, type_code="BC",
        title=f"{title} {campaign.year}", by=by, replaces=replaces, reason=reason,
        build=lambda issued: summary_document(summary, by, issued=issued), issued_on=issued_on)
    recording.log(campaign, action="document_issue",
                  subject=f"{summary.document.number_label} {title}", occurred_on=issued_on,
                  by=by)
    summary.issued_at = timezone.now()
    summary.issued_by = by
    summary.save()
    return summary


@transaction.atomic
@audit_action("summary.save")
def summary_save(*, campaign, period, narrative):
    check_open(campaign)
    summary, _created = ClusterSummary.objects.select_for_update().get_or_create(
        campaign=campaign, period=period)
    if summary.issued_at:
        raise ValidationError(_("This summary has been issued and is locked."))
    summary.narrative = narrative.strip()
    summary.save()
    return summary


@transaction.atomic
@audit_action("summary.issue")
def summary_issue(*, campaign, period, by, issued_on=None):
    """Number and lock the period's summary report, dated `issued_on` (default today)."""
    check_open(campaign)
    summary, _created = ClusterSummary.objects.select_for_update().get_or_create(
        campaign=campaign, period=period)
    if summary.issued_at:
        raise ValidationError(_("This summary has already been issued."))
    if not summary.narrative:
        raise ValidationError(_("Write the assessment before issuing the summary."))
    return _summary_issue_document(summary, by, issued_on=issued_on)


@transaction.atomic
@audit_action("summary.correct")
def summary_correct(*, campaign, period, narrative, reason, by):
    """Issue a corrected summary under a new number; the old issue stays, marked replaced."""
    check_open(campaign)
    # of=("self",): PostgreSQL cannot lock the nullable side of the join to the document.
    summary = ClusterSummary.objects.select_for_update(of=("self",)).select_related(
        "document").get(campaign=campaign, period=period)
    if not summary.issued_at or summary.document is None:
        raise ValidationError(_("Only an issued summary can be corrected."))
    if not narrative.strip():
        raise ValidationError(_("Write the assessment before issuing the summary."))
    summary.narrative = narrative.strip()
    return _summary_issue_document(summary, by, replaces=summary.document, reason=reason)




@transaction.atomic
def reminder_send_now(*, campaign, unit, deadline, today=None):
    """The head's "remind now": the unit's reminder e-mail for a deadline, at most once a day
    per unit and deadline (selectors.remind_refusal); the ReminderLog row it writes fills
    the boards' "last reminder" column and the audit trail."""
    check_open(campaign)
    today = today or timezone.localdate()
    row = next((r for r in board([campaign], deadline) if r.unit.pk == unit.pk), None)
    if row is None:
        raise ValidationError(_("%(unit)s is not a member this year.") % {"unit": unit},
                              code="not_member")
    if (refusal := remind_refusal(row, deadline, today=today)) is not None:
        raise refusal
    if not reminders.recipients_of(unit):
        raise ValidationError(_("Nobody of %(unit)s has an e-mail address to write to.")
                              % {"unit": unit}, code="no_recipients")
    if not reminders.remind_unit_now(campaign, deadline, row, today):
        raise ValidationError(_("%(unit)s was already reminded today.") % {"unit": unit},
                              code="reminded_today")
    return ReminderLog.objects.filter(campaign=campaign, deadline=deadline, unit=unit) \
        .order_by("-sent_at").first()
