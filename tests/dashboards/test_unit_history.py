import datetime
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from awards import services as awards
from campaigns.models import AwardType
from campaigns.services import award_catalogue_ensure
from clusters.models import Membership
from scoring import services as scoring
from scoring.selectors import results
from tests.conftest import at
from tests.dashboards.test_dashboards import queries
from tests.factories import make_membership, make_user
from tests.scoring.conftest import self_score_and_submit


@pytest.fixture
def scored(world, campaign):
    """Cluster A's year: the member unit self-scored at full marks, nobody else."""
    table = scoring.table_for_campaign(campaign=campaign)
    with time_machine.travel(at(world.year, 11, 30), tick=False):
        scoring.scoring_open(table=table)
    table.refresh_from_db()
    self_score_and_submit(world, table, world.member_unit, world.users["member"])
    return table


def verify_and_lock(world, table):
    sheet = table.sheets.get(unit=world.member_unit)
    with time_machine.travel(at(world.year, 12, 8), tick=False):
        scoring.verify_save(sheet=sheet, version=sheet.version, claims={}, finish=True,
                            scores={s.criterion_id: (s.self_score, "") for s in
                                    sheet.scores.all()}, user=world.users["head"])
    scoring.results_lock(table=table)


def history(client, unit):
    return client.get(reverse("clusters:unit_detail", args=[unit.pk])).text


def test_scores_stay_hidden_until_the_results_are_locked(world, scored, client_for):
    page = history(client_for(world.users["member"]), world.member_unit)
    assert 'data-results="pending"' in page


def test_a_locked_year_shows_total_rank_rating_and_awards(world, scored, client_for):
    verify_and_lock(world, scored)
    award_catalogue_ensure(organisation=world.org)
    flag = AwardType.objects.get(organisation=world.org, level="org_flag")
    awards.decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=world.org, award=flag, year=world.year,
                           number="9/QĐ", signed_on=datetime.date(world.year, 12, 28),
                           issuer="Trung ương Hội", signer="Nguyễn Văn A",
                           units=[world.member_unit], by=make_user())
    page = history(client_for(world.users["secretariat"]), world.member_unit)
    row = page[page.index('id="history-table"'):page.index("</table>", page.index("history"))]
    mine = next(r for r in results(scored) if r.unit == world.member_unit)
    ranked = sum(1 for r in results(scored) if r.rank)
    assert f">{mine.total.normalize():f}<" in row and f">{mine.rank}/{ranked}<" in row
    assert f">{mine.rating}<" in row and flag.name in row


def test_the_trend_chart_and_the_excel_file(world, scored, client_for):
    verify_and_lock(world, scored)
    client = client_for(world.users["member"])
    chart = client.get(reverse("dashboards:unit_history_chart", args=[world.member_unit.pk]))
    assert chart["Content-Type"] == "image/svg+xml" and f"{world.year} (1/3)" in chart.text
    book = client.get(reverse("dashboards:unit_history_xlsx", args=[world.member_unit.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(book.content)).active.values)
    assert rows[0][:5] == ("Năm", "Cụm", "Vai trò", "Tổng điểm", "Xếp hạng")
    assert (world.year - 1, world.cluster_a.name) == rows[1][:2]
    mine = next(r for r in results(scored) if r.unit == world.member_unit)
    assert (world.year, world.cluster_a.name, str(Membership.Role.MEMBER.label), mine.total,
            1) == rows[2][:5]


def test_the_excel_file_escapes_formula_cells(world, client_for):
    world.cluster_a.name = "@SUM(1+1)*cmd|' /C calc'!A0"
    world.cluster_a.save()
    book = client_for(world.users["secretariat"]).get(
        reverse("dashboards:unit_history_xlsx", args=[world.member_unit.pk]))
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(book.content)).active.values
             for c in row]
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in cells


def test_the_history_costs_the_same_queries_for_2_and_6_years(world, client_for):
    client = client_for(world.users["secretariat"])
    url = reverse("clusters:unit_detail", args=[world.member_unit.pk])
    before = queries(client, url)
    for year in range(world.year - 5, world.year - 1):
        make_membership(world.cluster_b, world.member_unit, year)
    assert queries(client, url) == before
