"""Reads of scoring: the results table (a fixed number of queries whatever the size), and
whether a contest or its decision is possible."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Milestone
from campaigns.selectors import DueDates, campaign_memberships
from scoring import rules
from scoring.models import (
    AdjustmentClaim,
    CriteriaTable,
    CriterionScore,
    LockedResult,
    ScoreSheet,
)


def default_template(organisation):
    """The template clusters without a choice start from: the one marked default, else
    (an organisation from before several templates) its oldest."""
    return (CriteriaTable.objects.filter(organisation=organisation, campaign=None)
            .order_by("-is_default", "pk").first())


def templates_of(organisation):
    """The organisation's templates, default first, each with the clusters that start from
    it (`chosen_by`) and its criteria count and total, in a fixed number of queries."""
    from django.db.models import Count, Sum

    from core.collation import vietnamese
    from scoring.models import ClusterTemplate

    templates = list(CriteriaTable.objects.filter(organisation=organisation, campaign=None)
                     .annotate(criteria_count=Count("groups__criteria"),
                               criteria_total=Sum("groups__criteria__max_points"))
                     .order_by("-is_default", vietnamese("name"), "pk"))
    chosen = {}
    for choice in ClusterTemplate.objects.filter(template__in=templates).select_related(
            "cluster").order_by(vietnamese("cluster__name")):
        chosen.setdefault(choice.template_id, []).append(choice.cluster)
    for template in templates:
        template.chosen_by = chosen.get(template.pk, [])
    return templates


def table_detail(table_pk):
    return (CriteriaTable.objects.select_related("campaign", "campaign__cluster",
                                                 "tie_break_group")
            .prefetch_related("groups__criteria", "adjustments").get(pk=table_pk))


def _sheets(condition):
    return (ScoreSheet.objects.filter(condition).select_related("unit")
            .prefetch_related(
                Prefetch("scores", queryset=CriterionScore.objects.select_related(
                    "criterion", "criterion__group")),
                Prefetch("claims", queryset=AdjustmentClaim.objects.select_related("adjustment"))))


def sheets_with_scores(table):
    return _sheets(Q(table=table))


def result_of(sheet, table, unit=None, finals=None, claims=None):
    """One unit's Result from its sheet (None: no sheet, so not self-scored). finals: the
    sheet's [(criterion id, criterion group id, final score)] and claims its
    AdjustmentClaims, when already read; else they come from sheet.scores and sheet.claims."""
    result = rules.Result(unit=unit or sheet.unit, sheet=sheet)
    if sheet is None:
        return result
    result.submitted = sheet.status != ScoreSheet.Status.DRAFT
    if finals is None:
        finals = [(s.criterion_id, s.criterion.group_id, s.final) for s in sheet.scores.all()]
    for criterion_id, group_id, final in finals:
        result.scores[criterion_id] = final
        final = final or rules.ZERO
        result.standard += final
        result.has_zero = result.has_zero or final == 0
        result.group_scores[group_id] = result.group_scores.get(group_id, rules.ZERO) + final
    counted = [c for c in (sheet.claims.all() if claims is None else claims) if c.counts]
    result.bonus = rules.capped([c.adjustment.points for c in counted
                                 if c.adjustment.kind == "bonus"], table.bonus_cap)
    result.penalty = rules.capped([c.adjustment.points for c in counted
                                   if c.adjustment.kind == "penalty"], table.penalty_cap)
    result.disqualified = any(c.adjustment.disqualifying for c in counted)
    result.tie_break = result.group_scores.get(table.tie_break_group_id, rules.ZERO)
    return result


def results_by_campaign(tables):
    """{campaign id: ranked Results} for many criteria tables in a fixed number of queries
    whatever the number of clusters: locked tables read their frozen rows (LockedResult),
    the others are computed (computed_results)."""
    tables = [t for t in tables if t.campaign_id]
    locked = [t for t in tables if t.results_locked_at]
    found = computed_results([t for t in tables if not t.results_locked_at])
    found.update({t.campaign_id: [] for t in locked})
    by_table = {t.pk: t.campaign_id for t in locked}
    for row in LockedResult.objects.filter(table__in=locked).select_related("unit", "sheet"):
        found[by_table[row.table_id]].append(_from_locked(row))
    return found


def _from_locked(row):
    return rules.Result(
        unit=row.unit, sheet=row.sheet, standard=row.standard, bonus=row.bonus,
        penalty=row.penalty, has_zero=row.has_zero, disqualified=row.disqualified,
        submitted=row.submitted, tie_break=row.tie_break, rating=row.rating, rank=row.rank,
        tie_note=row.tie_note,
        scores={int(k): None if v is None else Decimal(v) for k, v in row.scores.items()})


def computed_results(tables):
    """{campaign id: ranked Results} computed from the sheets — the one code path before the
    lock (and what the lock freezes). Final scores are read as plain rows, not CriterionScore
    objects: building 12,000 model objects for 1,000 units took most of a second."""
    if not tables:
        return {}
    sheets, finals, claims = _sheets_light(tables)
    members = campaign_memberships([t.campaign_id for t in tables]).select_related("unit")
    by_campaign = {t.campaign_id: t for t in tables}
    found = {t.campaign_id: [] for t in tables}
    for membership in members:
        table = by_campaign[membership.campaign_pk]
        sheet = sheets.get((table.pk, membership.unit_id))
        sheet_finals = finals[sheet.pk] if sheet is not None else None
        sheet_claims = claims[sheet.pk] if sheet is not None else None
        result = result_of(sheet, table, membership.unit, sheet_finals, sheet_claims)
        result.rating = rules.rating_for(result, table.bands)
        found[table.campaign_id].append(result)
    return {campaign_id: rules.rank(rows) for campaign_id, rows in found.items()}


def _sheets_light(tables):
    """Sheets, {sheet id: [(criterion id, group id, final)]} and {sheet id: [claims]} in
    three queries and without a prefetch (which builds a queryset per sheet)."""
    sheets = {(s.table_id, s.unit_id): s for s in ScoreSheet.objects.filter(table__in=tables)}
    finals = {sheet.pk: [] for sheet in sheets.values()}
    claims = {sheet.pk: [] for sheet in sheets.values()}
    for sheet_id, criterion_id, group_id, final in CriterionScore.objects.filter(
            sheet__table__in=tables).values_list(
            "sheet_id", "criterion_id", "criterion__group_id",
            Coalesce("resolved_score", "verified_score", "self_score")):
        finals[sheet_id].append((criterion_id, group_id, final))
    for claim in AdjustmentClaim.objects.filter(sheet__table__in=tables) \
            .select_related("adjustment"):
        claims[claim.sheet_id].append(claim)
    return sheets, finals, claims


def results(table):
    """Every member unit's total, rating and rank (BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM)."""
    return results_by_campaign([table]).get(table.campaign_id, [])


# --- what may be done now: one rule for the page that offers it and the service that does it

def self_score_late_refusal(sheet, *, now, due_dates=None):
    """Why the unit can no longer submit its self-scoring at `now`: the self-scoring date,
    moved by any extension for the unit or all units, has passed. States the fact; the
    rating is the conference's decision, not this message's."""
    campaign = sheet.table.campaign
    due = (due_dates or DueDates(campaign)).for_unit(Milestone.SELFSCORE, sheet.unit_id)
    late = (timezone.localdate(now) - due).days
    if late > 0:
        return ValidationError(
            _("The self-scoring was due on %(date)s: it is %(days)s day(s) overdue. Ask the "
              "head of the cluster for an extension.")
            % {"date": due.strftime("%d/%m/%Y"), "days": late}, code="self_score_overdue")
    return None


def contest_refusal(score, *, now, due_dates=None):
    """Why the unit cannot contest this verified score at `now` (a ValidationError with a
    code), or None. The sheet page offers the contest exactly when this is None, and
    services.contest raises it. The window is the table's contest days from verification,
    or until an extension's date when that is later (pass the campaign's DueDates when
    asking for many scores)."""
    sheet, table = score.sheet, score.sheet.table
    if sheet.status != ScoreSheet.Status.VERIFIED or table.results_locked_at:
        return ValidationError(_("Only a verified, unlocked score can be contested."),
                               code="not_contestable")
    if score.contested_at:
        return ValidationError(_("This criterion has already been contested."),
                               code="already_contested")
    if not score.differs:
        return ValidationError(_("The verifier kept your score: there is nothing to contest."),
                               code="nothing_to_contest")
    if (now - sheet.verified_at).days >= table.contest_days:
        extended_until = (due_dates or DueDates(table.campaign)).for_unit(
            Milestone.CONTEST, sheet.unit_id)
        if extended_until is None or timezone.localdate(now) > extended_until:
            return ValidationError(_("The %(days)s days to contest have passed.")
                                   % {"days": table.contest_days}, code="contest_window_passed")
    return None


def resolve_refusal(score):
    """Why the head cannot decide a contest on this score (a ValidationError), or None."""
    if not score.contested_at or score.resolved_at:
        return ValidationError(_("There is no open contest on this criterion."),
                               code="no_open_contest")
    if score.sheet.table.results_locked_at:
        return ValidationError(_("Results are locked."), code="results_locked")
    return None
