"""Reads of scoring: the results table (a fixed number of queries whatever the size)."""

from django.db.models import Prefetch

from clusters.models import Membership
from scoring import rules
from scoring.models import AdjustmentClaim, CriteriaTable, CriterionScore, ScoreSheet


def table_detail(table_pk):
    return (CriteriaTable.objects.select_related("campaign", "campaign__cluster",
                                                 "tie_break_group")
            .prefetch_related("groups__criteria", "adjustments").get(pk=table_pk))


def sheets_with_scores(table):
    return (ScoreSheet.objects.filter(table=table).select_related("unit")
            .prefetch_related(
                Prefetch("scores", queryset=CriterionScore.objects.select_related(
                    "criterion", "criterion__group")),
                Prefetch("claims", queryset=AdjustmentClaim.objects.select_related("adjustment"))))


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


def results(table):
    """Every member unit's total, rating and rank (BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM)."""
    campaign = table.campaign
    sheets = {s.unit_id: s for s in sheets_with_scores(table)}
    units = [m.unit for m in Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year).select_related("unit")]
    all_results = [result_of(sheets.get(unit.pk), table, unit) for unit in units]
    for result in all_results:
        result.rating = rules.rating_for(result, table.bands)
    return rules.rank(all_results)
