"""The home page as an inbox: what each person has to do next, with its state, most urgent
first. Selectors only (reads); one function per rule:

- a member unit: its pledge, its two reports, its self-scoring, its ballot;
- the head: reports to review, contests to resolve, units behind a deadline;
- any verifying unit (head, deputy, cross-checker): sheets to verify;
- the secretariat: nominations received, clusters behind;
- leadership: the key figures and the alerts of its scope (one cluster for a limited leader).

Each rule reads in batches (one query per kind of row for all panels), so the home page's
query count does not grow with the number of units, reports, sheets or ballots.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Nomination
from campaigns.models import Campaign, Deadline, UnitPledge
from campaigns.selectors import DueDates, campaign_memberships
from clusters.models import Membership
from dashboards.selectors import organisation_overview, totals
from members import permissions
from reports.models import Report
from reports.reminders import open_deadlines
from reports.selectors import REVIEWABLE, board
from scoring.models import CriteriaTable, CriterionScore, CrossCheck, ScoreSheet
from scoring.selectors import resolve_refusal
from voting.models import (
    Attendance,
    CountingBoardMember,
    EncryptedBallot,
    PartialDecryption,
    Question,
    VotingSession,
)

TODO, OVERDUE, RETURNED, VOTING, DONE = "todo", "overdue", "returned", "voting", "done"
URGENCY = {OVERDUE: 0, RETURNED: 1, VOTING: 2, TODO: 3, DONE: 4}
BEHIND_SHOWN = 10  # clusters behind listed by name; the board lists the rest


@dataclass
class InboxItem:
    label: str
    url: str
    state: str = TODO
    icon: str = "bi-circle"
    due: datetime.date | None = None
    days_overdue: int = 0
    comment: str = ""  # the head's comment on a returned report
    done_label: str = ""  # "đã gửi", "đã ký", … shown with the tick
    detail: str = ""  # a count or a list of names

    @property
    def is_done(self):
        return self.state == DONE

    @property
    def sort_key(self):
        # Undated work (reports waiting for review, contests) can be done now: before
        # what is due later.
        return (URGENCY[self.state], -self.days_overdue, self.due is not None,
                self.due or datetime.date.min)


def _dated(label, url, due, today, icon, **extra):
    """Something to do by `due`: overdue once that day has passed."""
    late = max(0, (today - due).days)
    return InboxItem(label, url, OVERDUE if late else TODO, icon, due=due, days_overdue=late,
                     **extra)


def _done(label, url, icon, done_label):
    return InboxItem(label, url, DONE, icon, done_label=done_label)


def urgent_first(items):
    return sorted(items, key=lambda item: item.sort_key)


# --- unit panels ----------------------------------------------------------------------

@dataclass
class _UnitData:
    """Rows of every panel's campaign, read once for all panels."""

    today: datetime.date
    due_dates: dict
    pledges: dict
    reports: dict
    tables: dict
    sheets: dict
    sessions: dict
    open_questions: dict
    casts: set
    present: set
    board: dict  # (session pk, user pk) → the user's CountingBoardMember
    to_decrypt: dict  # session pk → [question pk closed and waiting for the board]
    decrypted: set  # (question pk, member pk) sent


def fill_unit_inboxes(panels, today):
    """Set panel.inbox on each home UnitPanel (the panel's campaign must be launched)."""
    active = [p for p in panels if p.campaign is not None and p.campaign.launched_at]
    if not active:
        return
    data = _unit_data(active, today)
    leading = [p for p in active if p.membership.role == Membership.Role.HEAD]
    to_review = _reviewable_counts([p.campaign for p in leading])
    contests = _open_contests([data.tables[p.campaign.pk] for p in leading
                               if p.campaign.pk in data.tables])
    to_verify = _sheets_to_verify(active, data)
    for panel in active:
        items = _member_items(panel, data)
        items += to_verify.get(panel.representative.unit_id, [])
        if panel in leading:
            items += _head_items(panel, data, to_review, contests)
        panel.inbox = urgent_first(items)


def _unit_data(panels, today):
    campaigns = {p.campaign.pk: p.campaign for p in panels}
    unit_ids = {p.representative.unit_id for p in panels}
    tables = {t.campaign_id: t for t in CriteriaTable.objects.filter(campaign_id__in=campaigns)}
    sessions = {s.campaign_id: s for s in VotingSession.objects.filter(
        campaign_id__in=campaigns, status=VotingSession.Status.OPEN)}
    questions = {}
    for question in Question.objects.filter(session__in=sessions.values(),
                                            closed_at__isnull=True).order_by("order", "pk"):
        questions.setdefault(question.session_id, []).append(question)
    open_ids = [q.pk for qs in questions.values() for q in qs]
    board = {(m.session_id, m.user_id): m for m in CountingBoardMember.objects.filter(
        session__in=sessions.values(), user_id__in={p.representative.user_id for p in panels})}
    to_decrypt = {}
    for session_id, pk in Question.objects.filter(
            session__in=sessions.values(), closed_at__isnull=False, counted_at__isnull=True,
            candidates__isnull=False).distinct().values_list("session_id", "pk"):
        to_decrypt.setdefault(session_id, []).append(pk)
    return _UnitData(
        today=today,
        due_dates={pk: DueDates(c) for pk, c in campaigns.items()},
        pledges={(p.campaign_id, p.unit_id): p for p in UnitPledge.objects.filter(
            campaign_id__in=campaigns, unit_id__in=unit_ids)},
        reports={(r.campaign_id, r.unit_id, r.period): r for r in Report.objects.filter(
            campaign_id__in=campaigns, unit_id__in=unit_ids)},
        tables=tables,
        sheets={(s.table_id, s.unit_id): s for s in ScoreSheet.objects.filter(
            table__in=tables.values(), unit_id__in=unit_ids)},
        sessions=sessions, open_questions=questions,
        casts=set(EncryptedBallot.objects.filter(question_id__in=open_ids, unit_id__in=unit_ids)
                  .values_list("question_id", "unit_id")),
        present=set(Attendance.objects.filter(session__in=sessions.values(),
                                              unit_id__in=unit_ids)
                    .values_list("session_id", "unit_id")),
        board=board, to_decrypt=to_decrypt,
        decrypted=set(PartialDecryption.objects.filter(member__in=board.values())
                      .values_list("question_id", "member_id")),
    )


def _member_items(panel, data):
    items = [_pledge_item(panel, data)]
    items += [_report_item(panel, data, period) for period in (Deadline.SEMIANNUAL,
                                                              Deadline.YEAREND)]
    items += [_self_scoring_item(panel, data)]
    if panel.representative.is_designated_voter:
        items += _ballot_items(panel, data)
    items += _board_items(panel, data)
    return [item for item in items if item is not None]


def _pledge_item(panel, data):
    campaign, unit = panel.campaign, panel.representative.unit
    label = _("Targets and pledge signature")
    url = reverse("campaigns:pledge_edit", args=[campaign.pk, unit.pk])
    pledge = data.pledges.get((campaign.pk, unit.pk))
    if pledge is not None and pledge.signed_at:
        return _done(label, url, "bi-pen", _("signed"))
    if campaign.pledge_finalised_at:
        return None  # the head has closed the signing: nothing the unit can still do
    due = data.due_dates[campaign.pk].for_unit(Deadline.PLEDGE, unit.pk)
    return _dated(label, url, due, data.today, "bi-pen")


def _report_item(panel, data, period):
    campaign, unit = panel.campaign, panel.representative.unit
    label = _("Semi-annual report") if period == Deadline.SEMIANNUAL else _("Year-end report")
    url = reverse("reports:report_edit", args=[campaign.pk, unit.pk, period])
    report = data.reports.get((campaign.pk, unit.pk, period))
    if report is not None and report.status == Report.Status.ACCEPTED:
        return _done(label, url, "bi-file-earmark-text", _("accepted"))
    if report is not None and report.is_reviewable:
        return _done(label, url, "bi-file-earmark-text", _("sent"))
    if report is not None and report.status == Report.Status.RETURNED:
        return InboxItem(label, url, RETURNED, "bi-reply", comment=report.return_comment)
    if campaign.is_closed_for(period):
        return None  # the period is closed: no more reports are taken
    due = data.due_dates[campaign.pk].for_unit(period, unit.pk)
    return _dated(label, url, due, data.today, "bi-file-earmark-text")


def _self_scoring_item(panel, data):
    """Shown once the head opens self-scoring, until the results are locked."""
    campaign, unit = panel.campaign, panel.representative.unit
    table = data.tables.get(campaign.pk)
    if table is None or not table.locked_at or table.results_locked_at:
        return None
    sheet = data.sheets.get((table.pk, unit.pk))
    label = _("Self-score the criteria")
    url = reverse("scoring:sheet_detail", args=[sheet.pk]) if sheet else \
        reverse("scoring:scoring_table", args=[campaign.pk])
    if sheet is not None and sheet.status != ScoreSheet.Status.DRAFT:
        return _done(label, url, "bi-clipboard-check", _("sent"))
    return _dated(label, url, campaign.selfscore_due, data.today, "bi-clipboard-check")


def _ballot_items(panel, data):
    """The designated voter's open questions: one item each, ticked once the unit voted."""
    campaign, unit = panel.campaign, panel.representative.unit
    session = data.sessions.get(campaign.pk)
    if session is None:
        return []
    if (session.pk, unit.pk) not in data.present:
        return [InboxItem(_("Voting is open: your unit is not checked in as present yet"),
                          reverse("voting:voting_session", args=[campaign.pk]), VOTING,
                          "bi-check2-square")]
    items = []
    for question in data.open_questions.get(session.pk, []):
        label = _("Ballot: %(question)s") % {"question": question.title}
        url = reverse("voting:ballot", args=[question.pk])
        if (question.pk, unit.pk) in data.casts:
            items.append(_done(label, url, "bi-check2-square", _("voted")))
        else:
            items.append(InboxItem(label, url, VOTING, "bi-check2-square"))
    return items


def _board_items(panel, data):
    """A counting board member's task in an open online vote: publish the key share, then
    decrypt each question that closed (its page, voting:board, does both in the browser)."""
    session = data.sessions.get(panel.campaign.pk)
    member = data.board.get((session.pk, panel.representative.user_id)) if session else None
    if member is None or session.mode != VotingSession.Mode.ONLINE:
        return []
    url = reverse("voting:board", args=[panel.campaign.pk])
    if not member.public_share:
        return [InboxItem(_("Counting board: draw and publish your key share"), url, VOTING,
                          "bi-key")]
    waiting = [pk for pk in data.to_decrypt.get(session.pk, [])
               if (pk, member.pk) not in data.decrypted]
    if waiting:
        return [InboxItem(_("Counting board: verify and decrypt the closed questions"), url,
                          VOTING, "bi-key", detail=str(len(waiting)))]
    return [_done(_("Counting board: your key share"), url, "bi-key", _("published"))]


# --- the head's and the verifiers' work -------------------------------------------------

def _reviewable_counts(campaigns):
    counts = {}
    for campaign_id in Report.objects.filter(campaign__in=campaigns, status__in=REVIEWABLE) \
            .values_list("campaign_id", flat=True):
        counts[campaign_id] = counts.get(campaign_id, 0) + 1
    return counts


def _open_contests(tables):
    """{campaign id: contests the head can decide now} (scoring.selectors.resolve_refusal)."""
    found = {}
    for score in CriterionScore.objects.filter(
            sheet__table__in=tables, contested_at__isnull=False, resolved_at__isnull=True) \
            .select_related("sheet__table"):
        if resolve_refusal(score) is None:
            campaign_id = score.sheet.table.campaign_id
            found[campaign_id] = found.get(campaign_id, 0) + 1
    return found


def _sheets_to_verify(panels, data):
    """{unit id: [item]} for units that verify submitted sheets: in head mode the head unit
    (every sheet but its own) and the deputy (the head's); in cross-check mode the assigned
    checker. The same rule as scoring.services.verifier_unit, read for all sheets at once."""
    tables = [t for t in data.tables.values()
              if t.locked_at and not t.verification_closed_at and not t.results_locked_at]
    if not tables:
        return {}
    submitted = {}
    for sheet in ScoreSheet.objects.filter(table__in=tables, status=ScoreSheet.Status.SUBMITTED):
        submitted.setdefault(sheet.table_id, {})[sheet.unit_id] = sheet
    heads = {(m.cluster_id, m.year): m.unit_id for m in campaign_memberships(
        [t.campaign_id for t in tables]).filter(role=Membership.Role.HEAD)} if submitted else {}
    unit_ids = {p.representative.unit_id for p in panels}
    checks = {}
    for check in CrossCheck.objects.filter(table__in=tables, checker_id__in=unit_ids):
        checks.setdefault((check.table_id, check.checker_id), set()).add(check.checked_id)
    found = {}
    for panel in panels:
        table = data.tables.get(panel.campaign.pk)
        if table not in tables:
            continue
        unit_id, campaign = panel.representative.unit_id, panel.campaign
        head_id = heads.get((campaign.cluster_id, campaign.year))
        sheets = submitted.get(table.pk, {})
        if table.mode == CriteriaTable.Mode.CROSS:
            mine = [s for u, s in sheets.items() if u in checks.get((table.pk, unit_id), ())]
        elif panel.membership.role == Membership.Role.HEAD:
            mine = [s for u, s in sheets.items() if u != unit_id]
        elif panel.membership.role == Membership.Role.DEPUTY:
            mine = [s for u, s in sheets.items() if u == head_id]
        else:
            mine = []
        if mine:
            url = reverse("scoring:sheet_detail", args=[min(mine, key=lambda s: s.pk).pk]) \
                if len(mine) == 1 else reverse("scoring:scoring_table", args=[campaign.pk])
            found.setdefault(unit_id, []).append(_dated(
                _("Score sheets to verify: %(n)s") % {"n": len(mine)}, url,
                campaign.verification_due, data.today, "bi-clipboard-data"))
    return found


def _head_items(panel, data, to_review, contests):
    campaign = panel.campaign
    items = []
    if count := to_review.get(campaign.pk):
        items.append(InboxItem(_("Reports to review: %(n)s") % {"n": count},
                               reverse("reports:review_queue", args=[campaign.pk]), TODO,
                               "bi-inboxes"))
    if count := contests.get(campaign.pk):
        items.append(InboxItem(_("Contested scores to decide: %(n)s") % {"n": count},
                               reverse("scoring:scoring_table", args=[campaign.pk]), TODO,
                               "bi-exclamation-diamond"))
    items += _units_behind(campaign, data.today)
    return items


DEADLINE_BEHIND = {
    Deadline.PLEDGE: gettext_lazy("Units that have not signed the pledge: %(n)s"),
    Deadline.SEMIANNUAL: gettext_lazy("Units that have not submitted the semi-annual report: "
                                      "%(n)s"),
    Deadline.YEAREND: gettext_lazy("Units that have not submitted the year-end report: %(n)s"),
}


def _units_behind(campaign, today):
    """Per open deadline, the member units past their due date without signing or
    submitting (reports.selectors.board), for the head to chase (remind now)."""
    items = []
    for deadline in open_deadlines(campaign):
        overdue = [row for row in board([campaign], deadline) if row.status == "overdue"]
        if overdue:
            items.append(InboxItem(
                DEADLINE_BEHIND[deadline] % {"n": len(overdue)},
                reverse("campaigns:campaign_detail", args=[campaign.pk]) + f"#board-{deadline}",
                OVERDUE, "bi-alarm", days_overdue=max((today - r.due).days for r in overdue),
                detail=", ".join(r.unit.display_name for r in overdue)))
    return items


# --- organisation panels ------------------------------------------------------------------

@dataclass
class Figures:
    """Leadership's key figures of its scope."""

    clusters: int
    units: int
    signed: int
    semiannual_in: int
    yearend_in: int


def fill_organisation_inboxes(panels, user, year, today):
    for panel in panels:
        organisation = panel.organisation
        limit = permissions.leadership_cluster_limit(user, organisation.pk)
        items = clusters_behind(organisation, year, today, user=user)
        if panel.is_secretariat:
            items += _nominations_received(organisation, year)
        else:
            rows, _grants = organisation_overview(organisation, year, limit)
            figures = totals(rows)
            panel.figures = Figures(
                clusters=figures["clusters"], units=figures["units"], signed=figures["signed"],
                semiannual_in=sum(figures["reports"]["semiannual"][k] for k in ("on_time",
                                                                                 "late")),
                yearend_in=sum(figures["reports"]["yearend"][k] for k in ("on_time", "late")))
        panel.inbox = urgent_first(items)


def clusters_behind(organisation, year, today, *, user):
    """Clusters of the year (of the leader's one cluster, if limited) with member units past
    a deadline, worst first; beyond BEHIND_SHOWN, one item pointing to the board."""
    campaigns = list(permissions.within_cluster_limit(
        Campaign.objects.filter(cluster__organisation=organisation, year=year,
                                launched_at__isnull=False, closed_at__isnull=True),
        user, organisation.pk).select_related("cluster").prefetch_related("extensions"))
    behind = {}
    for deadline in Deadline.values:
        still_open = [c for c in campaigns if deadline in open_deadlines(c)]
        for row in board(still_open, deadline):
            if row.status == "overdue":
                entry = behind.setdefault(row.campaign.pk, [row.campaign, set(), 0])
                entry[1].add(row.unit.pk)
                entry[2] = max(entry[2], (today - row.due).days)
    worst = sorted(behind.values(), key=lambda e: (-len(e[1]), -e[2], e[0].cluster.code))
    items = [InboxItem(
        _("%(cluster)s: %(n)s units behind a deadline") % {"cluster": campaign.cluster.name,
                                                           "n": len(units)},
        reverse("campaigns:campaign_detail", args=[campaign.pk]), OVERDUE, "bi-alarm",
        days_overdue=days) for campaign, units, days in worst[:BEHIND_SHOWN]]
    if len(worst) > BEHIND_SHOWN:
        items.append(InboxItem(
            _("%(n)s more clusters behind") % {"n": len(worst) - BEHIND_SHOWN},
            reverse("reports:organisation_board") + f"?year={year}&status=overdue", OVERDUE,
            "bi-alarm"))
    return items


def _nominations_received(organisation, year):
    count = Nomination.objects.filter(campaign__cluster__organisation=organisation,
                                      campaign__year=year,
                                      status=Nomination.Status.SUBMITTED).count()
    if not count:
        return []
    return [InboxItem(_("Nominations received from the clusters: %(n)s") % {"n": count},
                      reverse("awards:council_page") + f"?year={year}", TODO, "bi-award")]
