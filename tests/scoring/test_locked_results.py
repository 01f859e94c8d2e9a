"""Locking results freezes them as rows: the pages read the rows, and show the same figures
the recomputation gave; a score changed after the lock changes nothing."""

import importlib
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from clusters.models import Organisation, Unit
from dashboards import selectors as dashboards
from scoring import selectors
from scoring.models import CriteriaTable, CriterionScore, LockedResult


@pytest.fixture
def scale(db):
    call_command("seed_scale", clusters=2, units_per_cluster=4, years=2, last_year=2026,
                 stdout=io.StringIO())
    return CriteriaTable.objects.filter(results_locked_at__isnull=False).select_related(
        "campaign", "campaign__cluster")


def figures(tables):
    """What the results table, both dashboards and every unit's history show."""
    organisation = Organisation.objects.get(code="quy-mo")
    overview, _grants = dashboards.organisation_overview(organisation, 2025)
    cluster = {t.pk: [(row.unit.pk, row.result and (row.result.total, row.result.rank,
                                                   row.result.rating), [h[0] for h in row.heat])
                      for row in dashboards.cluster_overview(t.campaign)[0]] for t in tables}
    history = {u.pk: [(y.year, y.result and (y.result.total, y.result.rank), y.ranked)
                      for y in dashboards.unit_years(u, [u])] for u in Unit.objects.all()}
    return ({t.pk: [(r.unit.pk, r.standard, r.bonus, r.penalty, r.total, r.rating, r.rank)
                    for r in selectors.results(t)] for t in tables},
            [(row.campaign.pk, dict(row.ratings), row.leader) for row in overview],
            cluster, history)


def test_pages_show_the_same_figures_from_the_rows_as_recomputed(scale, monkeypatch):
    tables = list(scale)
    assert LockedResult.objects.count() == 8
    frozen = figures(tables)

    def recompute(found_tables):
        return selectors.computed_results([t for t in found_tables if t.campaign_id])

    monkeypatch.setattr(selectors, "results_by_campaign", recompute)
    monkeypatch.setattr(dashboards, "results_by_campaign", recompute)
    assert figures(tables) == frozen


def test_a_score_changed_after_the_lock_does_not_change_the_locked_figures(scale):
    table = scale.first()
    before = [(r.unit.pk, r.total, r.rank) for r in selectors.results(table)]
    CriterionScore.objects.filter(sheet__table=table).update(verified_score=0)
    assert [(r.unit.pk, r.total, r.rank) for r in selectors.results(table)] == before
    assert selectors.computed_results([table])[table.campaign_id][0].total == 0


def test_the_data_migration_fills_rows_for_tables_locked_before_and_empties_them(scale):
    written = list(LockedResult.objects.values_list("table", "unit", "total", "rank",
                                                    "rating", "position"))
    LockedResult.objects.all().delete()
    migration = importlib.import_module("scoring.migrations.0003_fill_locked_results")
    migration.fill(apps, None)
    assert list(LockedResult.objects.values_list("table", "unit", "total", "rank", "rating",
                                                 "position")) == written
    migration.empty(apps, None)
    assert not LockedResult.objects.exists()
