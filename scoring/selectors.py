"""Reads of scoring: the results table (a fixed number of queries whatever the size)."""

from django.db.models import Prefetch, Q

from clusters.models import Membership
from scoring import rules
from scoring.models import AdjustmentClaim, CriteriaTable, CriterionScore, ScoreSheet


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


def result_of(sheet, table, unit=None):
    """One unit's Result from its sheet (None: no sheet, so not self-scored)."""
    result = rules.Result(unit=unit or sheet.unit, sheet=sheet)
    if sheet is None:
        return result
    result.submitted = sheet.status != ScoreSheet.Status.DRAFT
    for score in sheet.scores.all():
        final = score.final or rules.ZERO
        result.standard += final
        result.has_zero = result.has_zero or final == 0
        group = score.criterion.group
        result.group_scores[group.pk] = result.group_scores.get(group.pk, rules.ZERO) + final
    counted = [c for c in sheet.claims.all() if c.counts]
    result.bonus = rules.capped([c.adjustment.points for c in counted
                                 if c.adjustment.kind == "bonus"], table.bonus_cap)
    result.penalty = rules.capped([c.adjustment.points for c in counted
                                   if c.adjustment.kind == "penalty"], table.penalty_cap)
    result.disqualified = any(c.adjustment.disqualifying for c in counted)
    result.tie_break = result.group_scores.get(table.tie_break_group_id, rules.ZERO)
    return result


def results_by_campaign(tables):
    """{campaign id: ranked Results} for many criteria tables in a fixed number of queries
    (sheets, scores, claims, memberships), whatever the number of clusters."""
    tables = [t for t in tables if t.campaign_id]
    if not tables:
        return {}
    sheets = {}
    for sheet in _sheets(Q(table__in=tables)):
        sheets[(sheet.table_id, sheet.unit_id)] = sheet
    campaigns = {t.campaign_id: t for t in tables}
    members = Membership.objects.filter(
        Q(*[Q(cluster_id=t.campaign.cluster_id, year=t.campaign.year) for t in tables],
          _connector=Q.OR)).select_related("unit")
    by_cluster_year = {(t.campaign.cluster_id, t.campaign.year): t for t in tables}
    found = {campaign_id: [] for campaign_id in campaigns}
    for membership in members:
        table = by_cluster_year[(membership.cluster_id, membership.year)]
        result = result_of(sheets.get((table.pk, membership.unit_id)), table, membership.unit)
        result.rating = rules.rating_for(result, table.bands)
        found[table.campaign_id].append(result)
    return {campaign_id: rules.rank(rows) for campaign_id, rows in found.items()}


def results(table):
    """Every member unit's total, rating and rank (BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM)."""
    return results_by_campaign([table]).get(table.campaign_id, [])
