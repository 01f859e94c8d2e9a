import io
from decimal import Decimal

from django.core.management import call_command
from django.utils import timezone

from scoring.models import AdjustmentClaim, CriteriaTable, CriterionScore
from scoring.selectors import results_by_campaign


def summary(found):
    return {campaign: [(r.unit.pk, r.total, r.rating, r.rank, r.disqualified) for r in rows]
            for campaign, rows in found.items()}


def test_totals_read_as_rows_agree_with_totals_read_as_objects(db):
    """The organisation overview reads scores as rows; the pages read objects. Same results,
    including bonus and penalty claims, a refused claim and a resolved contest."""
    call_command("seed_scale", clusters=2, units_per_cluster=4, years=2, last_year=2026,
                 stdout=io.StringIO())
    tables = list(CriteriaTable.objects.filter(campaign__year=2025).select_related("campaign"))
    sheets = list(tables[0].sheets.order_by("unit__code"))
    bonus = tables[0].adjustments.filter(kind="bonus").first()
    penalty = tables[0].adjustments.filter(kind="penalty").first()
    AdjustmentClaim.objects.create(sheet=sheets[3], adjustment=bonus, accepted=True)
    AdjustmentClaim.objects.create(sheet=sheets[2], adjustment=bonus, accepted=False)
    AdjustmentClaim.objects.create(sheet=sheets[1], adjustment=penalty, accepted=True)
    CriterionScore.objects.filter(pk=sheets[0].scores.first().pk).update(
        contested_at=timezone.now(), resolved_at=timezone.now(), resolved_score=Decimal(0))
    light = summary(results_by_campaign(tables, with_scores=False))
    assert light == summary(results_by_campaign(tables))
    ranks = [rank for rows in light.values() for _unit, _t, _r, rank, _d in rows]
    assert None not in ranks and len(ranks) == 8
