"""Reads of reports: the submission board and the compiled summary of a period."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import UnitPledge
from campaigns.selectors import DueDates
from clusters.models import Membership
from reports.models import Activity, IssuedDocument, ReminderLog, Report

# The statuses Report.is_reviewable accepts, for queries (one rule, read from the model).
REVIEWABLE = [status for status in Report.Status if Report(status=status).is_reviewable]


@dataclass
class BoardRow:
    """Where one unit stands on one deadline of a campaign."""

    campaign: object
    unit: object
    due: object
    report: object = None
    pledge: object = None
    last_reminder: object = None
    can_remind: bool = False  # set by pages that offer "remind now" (remind_refusal is None)

    @property
    def status(self):
        """'on_time', 'late', 'missing' (not yet in) or 'overdue' (missing after the due date)."""
        if self.pledge is not None:
            done = self.pledge.signed_at is not None
            late = done and timezone.localdate(self.pledge.signed_at) > self.due
        else:
            done = self.report is not None and self.report.is_in
            late = done and self.report.days_late > 0
        if done:
            return "late" if late else "on_time"
        return "overdue" if timezone.localdate() > self.due else "missing"


def board(campaigns, deadline):
    """One row per member unit per campaign for a deadline (pledge, semiannual or yearend).

    Queries: memberships, reports or pledges, reminders, extensions per campaign — not per unit.
    """
    campaigns = list(campaigns)
    by_id = {c.pk: c for c in campaigns}
    memberships = (Membership.objects.filter(
        Q(*[Q(cluster_id=c.cluster_id, year=c.year) for c in campaigns], _connector=Q.OR)
        if campaigns else Q(pk__in=[])).select_related("unit"))
    campaign_of = {(c.cluster_id, c.year): c for c in campaigns}
    if deadline == "pledge":
        done = {(p.campaign_id, p.unit_id): p for p in
                UnitPledge.objects.filter(campaign__in=campaigns)}
    else:
        done = {(r.campaign_id, r.unit_id): r for r in
                Report.objects.filter(campaign__in=campaigns, period=deadline)}
    reminders = {(r["campaign_id"], r["unit_id"]): r["last"] for r in
                 ReminderLog.objects.filter(campaign__in=campaigns, deadline=deadline,
                                            unit__isnull=False)
                 .values("campaign_id", "unit_id").annotate(last=Max("sent_at"))}
    due_dates = {c.pk: DueDates(c) for c in campaigns}
    rows = []
    for membership in memberships:
        campaign = campaign_of[(membership.cluster_id, membership.year)]
        key = (campaign.pk, membership.unit_id)
        row = BoardRow(campaign=by_id[campaign.pk], unit=membership.unit,
                       due=due_dates[campaign.pk].for_unit(deadline, membership.unit_id),
                       last_reminder=reminders.get(key))
        if deadline == "pledge":
            row.pledge = done.get(key) or UnitPledge(campaign=campaign, unit=membership.unit)
        else:
            row.report = done.get(key)
        rows.append(row)
    return sorted(rows, key=lambda r: (r.campaign.cluster.code, r.status != "overdue",
                                       r.unit.name))


@dataclass
class TargetTotal:
    name: str
    measure: str
    target: Decimal = Decimal(0)
    actual: Decimal = Decimal(0)
    units: int = 0

    @property
    def completion(self):
        return (self.actual / self.target * 100).quantize(Decimal("0.1")) if self.target else None


@dataclass
class Compiled:
    rows: list  # BoardRow per member unit
    totals: list = field(default_factory=list)  # TargetTotal per (target name, measure)

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    @property
    def on_time(self):
        return self.count("on_time")

    @property
    def late(self):
        return self.count("late")

    @property
    def not_in(self):
        return self.count("missing") + self.count("overdue")


def compile_summary(campaign, period):
    """Every unit's status for the period and the figures added up per target."""
    rows = board([campaign], period)
    submitted = {r.pk: r for r in Report.objects.filter(
        pk__in=[row.report.pk for row in rows if row.report is not None and row.report.is_in])
        .prefetch_related("figures__target")}
    for row in rows:
        if row.report is not None and row.report.pk in submitted:
            row.report = submitted[row.report.pk]  # the copy with its figures loaded
    totals = {}
    for report in submitted.values():
        for figure in report.figures.all():
            if not figure.target_id or figure.actual is None:
                continue
            key = (figure.target.name.strip().casefold(), figure.target.measure.strip().casefold())
            total = totals.setdefault(key, TargetTotal(figure.target.name, figure.target.measure))
            total.target += figure.target.target_value
            total.actual += figure.actual
            total.units += 1
    return Compiled(rows=rows, totals=sorted(totals.values(), key=lambda t: t.name))


def period_activities(campaign, unit, period):
    start, end = campaign.period_bounds[period]
    return Activity.objects.filter(unit=unit, date__range=(start, end)).order_by("date")


def report_detail(report_pk):
    return (Report.objects.select_related("campaign", "campaign__cluster", "unit")
            .prefetch_related(Prefetch("figures"), "figures__target", "attachments",
                              "versions__submitted_by")
            .get(pk=report_pk))




def issue_chain(issued):
    """The issue and every issue it replaced, newest first (one query per correction: few)."""
    chain = []
    while issued is not None:
        chain.append(issued)
        issued = (IssuedDocument.objects.select_related("cluster", "replaces").filter(
            pk=issued.replaces_id).first() if issued.replaces_id else None)
    return chain


# --- the head's review queue and reminders: one rule for the page and the service ---------

def review_queue(campaign):
    """The campaign's reports waiting for the head, the longest waiting first."""
    return (Report.objects.filter(campaign=campaign, status__in=REVIEWABLE)
            .select_related("unit").order_by("submitted_at", "pk"))


def remind_refusal(row, deadline, *, today):
    """Why the head cannot remind this board row's unit now (a ValidationError with a code),
    or None: the page offers "remind now" exactly when this is None, and
    services.reminder_send_now raises it. At most one reminder a day per unit and deadline,
    whether the job or a person sent it."""
    campaign = row.campaign
    if not campaign.launched_at or campaign.closed_at or campaign.is_closed_for(deadline):
        return ValidationError(_("This deadline is closed: there is nothing to remind."),
                               code="deadline_closed")
    if row.status not in ("missing", "overdue"):
        return ValidationError(_("%(unit)s has already done it.") % {"unit": row.unit},
                               code="already_done")
    if row.last_reminder and timezone.localdate(row.last_reminder) == today:
        return ValidationError(_("%(unit)s was already reminded today.") % {"unit": row.unit},
                               code="reminded_today")
    return None


def offer_reminders(rows, deadline, *, today):
    """Mark the rows whose unit may be reminded now (for a user allowed to remind)."""
    for row in rows:
        row.can_remind = remind_refusal(row, deadline, today=today) is None
    return rows
