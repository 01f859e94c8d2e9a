import io
import itertools

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.forms import default_dates
from campaigns.models import Campaign
from campaigns.services import campaign_launch, campaign_save
from scoring import services as scoring
from tests.factories import make_cluster, make_membership, make_rep, make_unit

_numbers = itertools.count(1)


def grow(world, clusters, units=3):
    """Add clusters with launched campaigns, member units and open score sheets."""
    for _ in range(clusters):
        cluster = make_cluster(world.org)
        for index in range(units):
            unit = make_unit(world.org)
            make_membership(cluster, unit, world.year, "head" if index == 0 else "member")
            make_rep(unit)
        campaign = campaign_save(campaign=Campaign(cluster=cluster, year=world.year,
                                                   title=f"c{next(_numbers)}",
                                                   **default_dates(world.year)))
        campaign_launch(campaign=campaign)
        scoring.scoring_open(table=scoring.table_for_campaign(campaign=campaign))


def queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_the_organisation_dashboard_runs_the_same_queries_for_5_and_50_clusters(
        world, client_for):
    client = client_for(world.users["leadership"])
    url = reverse("dashboards:organisation_dashboard")
    grow(world, 5)
    five = queries(client, url)
    grow(world, 45)
    assert queries(client, url) == five


@pytest.mark.parametrize("kind", ["semiannual", "ratings"])
def test_charts_are_svg_and_constant_in_queries(world, client_for, kind):
    client = client_for(world.users["secretariat"])
    url = reverse("dashboards:dashboard_chart", args=[kind])
    grow(world, 5)
    before = queries(client, url)
    grow(world, 20)
    response = client.get(url)
    assert response["Content-Type"] == "image/svg+xml" and b"<svg" in response.content
    assert queries(client, url) == before


def test_the_cluster_dashboard_runs_the_same_queries_for_5_and_50_units(world, campaign,
                                                                        client_for):
    client = client_for(world.users["head"])
    url = reverse("dashboards:cluster_dashboard", args=[campaign.pk])
    scoring.scoring_open(table=scoring.table_for_campaign(campaign=campaign))
    before = queries(client, url)
    for _ in range(47):
        unit = make_unit(world.org)
        make_membership(world.cluster_a, unit, world.year)
    table = campaign.criteria_table
    table.locked_at = None
    table.save()
    scoring.scoring_open(table=table)
    assert queries(client, url) == before


def test_the_dashboard_export_escapes_formula_cells(world, client_for):
    grow(world, 1)
    cluster = world.org.clusters.order_by("-pk").first()
    cluster.name = "=cmd|' /C calc'!A0"
    cluster.save()
    response = client_for(world.users["secretariat"]).get(
        reverse("dashboards:organisation_dashboard"), {"format": "xlsx"})
    cells = [c.value for row in openpyxl.load_workbook(io.BytesIO(response.content))
             .worksheets[0].iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in cells


def test_a_cluster_limited_leader_sees_only_their_cluster(world, client_for):
    from members.models import StaffRole
    from tests.factories import make_staff

    grow(world, 2)
    limited = make_staff(world.org, StaffRole.Role.LEADERSHIP, cluster=world.cluster_b)
    page = client_for(limited).get(reverse("dashboards:organisation_dashboard")).text
    others = [c.name for c in world.org.clusters.exclude(pk=world.cluster_b.pk)]
    assert not any(f">{name}<" in page for name in others)
    assert 'id="year-files"' not in page  # the organisation-wide files are not theirs
    assert 'id="year-files"' in client_for(world.users["leadership"]).get(
        reverse("dashboards:organisation_dashboard")).text


def test_the_cluster_dashboard_export_has_both_tables_and_escapes_formulas(world, campaign,
                                                                           client_for):
    scoring.scoring_open(table=scoring.table_for_campaign(campaign=campaign))
    world.member_unit.name = "-2+3+cmd|' /C calc'!A0"
    world.member_unit.save()
    response = client_for(world.users["head"]).get(
        reverse("dashboards:cluster_dashboard", args=[campaign.pk]), {"format": "xlsx"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Đơn vị", "Điểm theo tiêu chí"]
    units = [row[1] for row in book["Đơn vị"].values]
    assert "'-2+3+cmd|' /C calc'!A0" in units and len(units) == 4
    criteria = campaign.criteria_table.groups.values_list("criteria__code", flat=True)
    assert len(next(book["Điểm theo tiêu chí"].values)) == 1 + len(criteria)


def test_a_cluster_filter_also_narrows_the_awards_decided(world, client_for):
    import datetime

    from awards.services import decision_record
    from campaigns.models import AwardType
    from campaigns.services import award_catalogue_ensure
    from tests.factories import make_user

    award_catalogue_ensure(organisation=world.org)
    decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=world.org, award=AwardType.objects.filter(
        organisation=world.org).first(), year=world.year, number="7/QĐ",
        signed_on=datetime.date(world.year, 12, 30), issuer="Hội đồng", signer="Nguyễn Văn A",
        units=[world.member_unit, world.other_unit], by=make_user())
    client = client_for(world.users["leadership"])
    page = client.get(reverse("dashboards:organisation_dashboard"), {"cluster": world.cluster_b.pk})
    assert [g.unit for g in page.context["grants"]] == [world.other_unit]
    assert len(client.get(reverse("dashboards:organisation_dashboard")).context["grants"]) == 2


def test_the_cluster_dashboard_drills_down_to_each_units_history(world, campaign, client_for):
    page = client_for(world.users["leadership"]).get(
        reverse("dashboards:cluster_dashboard", args=[campaign.pk])).text
    for unit in (world.head_unit, world.deputy_unit, world.member_unit):
        assert f'href="{reverse("clusters:unit_detail", args=[unit.pk])}#history"' in page


def _export_cells(client, **params):
    response = client.get(reverse("dashboards:organisation_dashboard"),
                          {"format": "xlsx", **params})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return {str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row}


def test_a_cluster_limited_leaders_export_has_only_their_cluster(world, campaign, client_for):
    assert world.cluster_a.name in _export_cells(client_for(world.users["secretariat"]))
    cells = _export_cells(client_for(world.users["leader_b"]), cluster=world.cluster_a.pk)
    assert world.cluster_a.name not in cells
