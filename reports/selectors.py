"""Reads of reports: the submission board and the compiled summary of a period."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import (
    Case,
    DateField,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import MILESTONE_FIELDS, Campaign, DeadlineExtension, UnitPledge
from campaigns.selectors import DueDates, campaign_memberships
from core.collation import vietnamese
from documents.signing import INTACT, LATER_SIGNATURE
from reports.models import Activity, IssuedDocument, Period, ReminderLog, Report

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
    """One row per member unit per campaign for a deadline (pledge, semiannual or yearend),
    by cluster, the overdue first, then by unit name. For pages: board_queryset (sorted and
    filtered in SQL, to paginate) and board_rows (the rows of one page)."""
    return board_rows(board_queryset(campaigns, deadline), deadline)


def board_queryset(campaigns, deadline, *, status="", today=None):
    """The board as memberships, one per member unit per campaign, each annotated in SQL with
    `campaign_pk`, its effective date `board_due` (extensions included, the latest wins) and
    `board_status` (the same rule as BoardRow.status), sorted as the board shows them.

    `campaigns`: a queryset (read as a subquery) or a list. `status`: '', 'owing' (missing or
    overdue) or one status. A constant number of queries however many campaigns: no term per
    campaign (a national organisation has 1,300), so it can be paginated in SQL."""
    today = today or timezone.localdate()
    base = Subquery(Campaign.objects.filter(pk=OuterRef("campaign_pk"))
                    .values(MILESTONE_FIELDS[deadline])[:1], output_field=DateField())

    def extended(**unit):
        return Subquery(DeadlineExtension.objects.filter(
            campaign_id=OuterRef("campaign_pk"), deadline=deadline, **unit)
            .values("campaign_id").annotate(last=Max("new_due")).values("last")[:1],
            output_field=DateField())

    ids = campaigns if hasattr(campaigns, "values") else [c.pk for c in campaigns]
    rows = (campaign_memberships(ids).annotate(board_base=base)
            .annotate(board_due=Greatest(
                "board_base", Coalesce(extended(unit__isnull=True), "board_base"),
                Coalesce(extended(unit_id=OuterRef("unit_id")), "board_base"))))
    if deadline == "pledge":
        signed = UnitPledge.objects.filter(campaign_id=OuterRef("campaign_pk"),
                                           unit_id=OuterRef("unit_id")).values("signed_at")[:1]
        rows = rows.annotate(board_at=Subquery(signed)).annotate(
            board_late=Q(board_at__date__gt=F("board_due")))
    else:
        report = Report.objects.filter(campaign_id=OuterRef("campaign_pk"),
                                       unit_id=OuterRef("unit_id"), period=deadline)
        rows = rows.annotate(board_at=Subquery(report.values("first_submitted_at")[:1]),
                             board_late=Exists(report.filter(days_late__gt=0)))
    rows = rows.annotate(board_status=Case(
        When(board_at__isnull=False, board_late=True, then=Value("late")),
        When(board_at__isnull=False, then=Value("on_time")),
        When(board_due__lt=today, then=Value("overdue")),
        default=Value("missing")))
    if status == "owing":
        rows = rows.filter(board_status__in=["missing", "overdue"])
    elif status:
        rows = rows.filter(board_status=status)
    overdue_first = Case(When(board_status="overdue", then=Value(0)), default=Value(1))
    return rows.select_related("unit", "cluster").order_by(
        "cluster__code", overdue_first, vietnamese("unit__name"), "pk")


def board_rows(memberships, deadline):
    """BoardRows for memberships from board_queryset (a page of them), in their order.

    Queries: the memberships, their campaigns with extensions, their reports or pledges,
    their reminders — not per campaign or unit."""
    memberships = list(memberships)
    campaign_ids = {m.campaign_pk for m in memberships}
    unit_ids = {m.unit_id for m in memberships}
    campaigns = {c.pk: c for c in Campaign.objects.filter(pk__in=campaign_ids)
                 .select_related("cluster").prefetch_related("extensions")}
    # A unit belongs to one cluster a year: these IN lists find exactly the page's rows.
    if deadline == "pledge":
        done = {(p.campaign_id, p.unit_id): p for p in UnitPledge.objects.filter(
            campaign_id__in=campaign_ids, unit_id__in=unit_ids)}
    else:
        done = {(r.campaign_id, r.unit_id): r for r in Report.objects.filter(
            campaign_id__in=campaign_ids, unit_id__in=unit_ids, period=deadline)}
    reminders = {(r["campaign_id"], r["unit_id"]): r["last"] for r in
                 ReminderLog.objects.filter(campaign_id__in=campaign_ids, unit_id__in=unit_ids,
                                            deadline=deadline)
                 .values("campaign_id", "unit_id").annotate(last=Max("sent_at"))}
    due_dates = {pk: DueDates(c) for pk, c in campaigns.items()}
    rows = []
    for membership in memberships:
        campaign = campaigns[membership.campaign_pk]
        key = (campaign.pk, membership.unit_id)
        row = BoardRow(campaign=campaign, unit=membership.unit,
                       due=due_dates[campaign.pk].for_unit(deadline, membership.unit_id),
                       last_reminder=reminders.get(key))
        if deadline == "pledge":
            row.pledge = done.get(key) or UnitPledge(campaign=campaign, unit=membership.unit)
        else:
            row.report = done.get(key)
        rows.append(row)
    return rows


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
    return (Report.objects.select_related("campaign", "campaign__cluster__organisation", "unit")
            .prefetch_related(Prefetch("figures"), "figures__target", "attachments",
                              "versions__submitted_by")
            .get(pk=report_pk))




def signed_report_refusal(report):
    """Why the report cannot be submitted for want of a signed file (a ValidationError), or
    None: the organisation may require year-end reports to carry a PDF whose signature is
    intact and trusted (documents.signing, checked on upload). The report page offers
    "submit" exactly when this is None, and services.report_submit raises it."""
    if report.period != Period.YEAREND or \
            not report.campaign.cluster.organisation.signed_yearend_reports_required:
        return None
    if any(a.signature_status in (INTACT, LATER_SIGNATURE) for a in report.attachments.all()):
        return None
    return ValidationError(_("Your organisation requires a signed year-end report: attach "
                             "the report as a digitally signed PDF whose signature is intact "
                             "and trusted, then submit."), code="signed_report_required")


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


def issued_by_token(token):
    """The issued document whose QR code carries `token` (public: /verify/<token>)."""
    return (IssuedDocument.objects.select_related("stored", "cluster__organisation")
            .filter(stored__verify_token=token).first())
