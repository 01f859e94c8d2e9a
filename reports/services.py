"""Writes of reports, activities and summaries. Each checks state and saves in one
transaction; django-auditlog records the report's status changes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import UnitPledge
from campaigns.selectors import DueDates
from clusters.models import Cluster
from core.uploads import check_evidence
from reports.models import (
    SECTIONS,
    Activity,
    ClusterSummary,
    IssuedDocument,
    Report,
    ReportAttachment,
    ReportFigure,
    ReportVersion,
)


@transaction.atomic
def report_get_or_create(*, campaign, unit, period):
    """The unit's report for the period, with a figure row for every pledged target."""
    if not campaign.launched_at:
        raise ValidationError(_("The campaign has not been launched yet."))
    report, _created = Report.objects.get_or_create(campaign=campaign, unit=unit, period=period)
    pledge = UnitPledge.objects.filter(campaign=campaign, unit=unit).first()
    if pledge is not None and report.is_editable:
        have = set(report.figures.exclude(target=None).values_list("target_id", flat=True))
        for target in pledge.targets.exclude(pk__in=have):
            ReportFigure.objects.create(report=report, target=target)
    return report


def _editable(report):
    if not report.is_editable:
        raise ValidationError(_("This report has been submitted and can no longer be changed "
                                "unless the head returns it."), code="report_submitted")


@transaction.atomic
def report_save(*, report, sections, actuals, free_figures):
    """Save the draft: sections {name: text}, actuals {figure id: Decimal|None},
    free_figures [{name, measure, actual}] replacing the previous free figures."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    _editable(report)
    for name, _label in SECTIONS:
        setattr(report, name, sections.get(name, "").strip())
    report.save()
    for figure in report.figures.filter(target__isnull=False):
        if figure.pk in actuals:
            figure.actual = actuals[figure.pk]
            figure.save()
    report.figures.filter(target__isnull=True).delete()
    for figure in free_figures:
        ReportFigure.objects.create(report=report, **figure)
    return report


@transaction.atomic
def attachment_add(*, report, upload, user):
    _editable(report)
    kind = check_evidence(upload)
    return ReportAttachment.objects.create(report=report, file=upload, kind=kind,
                                           original_name=upload.name[:255], size=upload.size,
                                           uploaded_by=user)


@transaction.atomic
def attachment_remove(*, attachment):
    _editable(attachment.report)
    attachment.file.delete(save=False)
    attachment.delete()


def lateness(*, report, today):
    """Days after the unit's effective deadline (0 when on time)."""
    due = DueDates(report.campaign).for_unit(report.period, report.unit_id)
    return max(0, (today - due).days), due


@transaction.atomic
def report_submit(*, report, user, now=None):
    """Submit (or resubmit) the report; every submission is kept as a version."""
    now = now or timezone.now()
    report = Report.objects.select_for_update(of=("self",)).select_related(
        "campaign", "campaign__cluster__organisation", "unit").get(pk=report.pk)
    _editable(report)
    if report.campaign.is_closed_for(report.period):
        raise ValidationError(_("The head has closed this period: reports are no longer taken."),
                              code="period_closed")
    days_late, due = lateness(report=report, today=timezone.localdate(now))
    if days_late and not report.campaign.cluster.organisation.allow_late_reports:
        raise ValidationError(_("The deadline (%(date)s) has passed. Ask the cluster head for "
                                "an extension.") % {"date": due.strftime("%d/%m/%Y")})
    missing = [f.label for f in report.figures.select_related("target")
               if f.target_id and f.actual is None]
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
def report_return(*, report, comment):
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in (Report.Status.SUBMITTED, Report.Status.RESUBMITTED):
        raise ValidationError(_("Only a submitted report can be returned."))
    if not comment.strip():
        raise ValidationError(_("Say what the unit must correct."), code="return_comment_required")
    report.status = Report.Status.RETURNED
    report.return_comment = comment.strip()
    report.save()
    return report


@transaction.atomic
def report_accept(*, report):
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status not in (Report.Status.SUBMITTED, Report.Status.RESUBMITTED):
        raise ValidationError(_("Only a submitted report can be accepted."))
    report.status = Report.Status.ACCEPTED
    report.save()
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
def document_number_allocate(*, cluster, year, type_code, title, by, issued_on=None):
    """The cluster's next document number of the year (one sequence per cluster and year)."""
    Cluster.objects.select_for_update().get(pk=cluster.pk)  # serialise allocations
    last = IssuedDocument.objects.filter(cluster=cluster, year=year).aggregate(n=Max("number"))
    return IssuedDocument.objects.create(
        cluster=cluster, year=year, number=(last["n"] or 0) + 1, type_code=type_code,
        title=title, issued_on=issued_on or timezone.localdate(), issued_by=by)


@transaction.atomic
def summary_save(*, campaign, period, narrative):
    summary, _created = ClusterSummary.objects.select_for_update().get_or_create(
        campaign=campaign, period=period)
    if summary.issued_at:
        raise ValidationError(_("This summary has been issued and is locked."))
    summary.narrative = narrative.strip()
    summary.save()
    return summary


@transaction.atomic
def summary_issue(*, campaign, period, by):
    """Number and lock the period's summary report."""
    summary, _created = ClusterSummary.objects.select_for_update().get_or_create(
        campaign=campaign, period=period)
    if summary.issued_at:
        raise ValidationError(_("This summary has already been issued."))
    if not summary.narrative:
        raise ValidationError(_("Write the assessment before issuing the summary."))
    title = _("Semi-annual summary") if period == "semiannual" else _("Year-end summary")
    summary.document = document_number_allocate(
        cluster=campaign.cluster, year=campaign.year, type_code="BC",
        title=f"{title} {campaign.year}", by=by)
    summary.issued_at = timezone.now()
    summary.issued_by = by
    summary.save()
    return summary


