"""The progress board sorts, filters and pages in SQL (issue 19): the status it computes in
SQL is the one each row shows (BoardRow.status), extensions and time zone included."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Campaign, DeadlineExtension, UnitPledge
from core.years import current_year
from demo.scale import TZ, seed_scale
from members.models import User
from reports.selectors import board_queryset, board_rows
from tests.conftest import at

YEAR = current_year()


@pytest.fixture
def seeded(db):
    """Two clusters of 9 units this year (one semi-annual report missing per cluster, a few
    late), seen on 1 August: the missing ones are overdue unless extended."""
    seed_scale(clusters=2, units_per_cluster=9, years=1, last_year=YEAR, out=lambda _: None)
    campaigns = Campaign.objects.filter(year=YEAR).order_by("cluster__code")
    first = campaigns[0]
    pledges = list(UnitPledge.objects.filter(campaign=first).order_by("unit__code"))
    # 23:30 on the due day is on time, 00:30 the next day late, in the portal's time zone.
    pledges[0].signed_at = datetime.datetime(YEAR, 4, 15, 23, 30, tzinfo=TZ)
    pledges[1].signed_at = datetime.datetime(YEAR, 4, 16, 0, 30, tzinfo=TZ)
    UnitPledge.objects.bulk_update(pledges[:2], ["signed_at"])
    by = User.objects.get(username="qm.thuky")
    missing = pledges[8].unit  # the 9th unit's semi-annual report is missing
    DeadlineExtension.objects.create(campaign=first, deadline="semiannual", unit=missing,
                                     new_due=datetime.date(YEAR, 8, 20), reason="Lũ", created_by=by)
    DeadlineExtension.objects.create(campaign=first, deadline="pledge", unit=None,
                                     new_due=datetime.date(YEAR, 4, 10), reason="x", created_by=by)
    return campaigns


@pytest.mark.parametrize("deadline", ["pledge", "semiannual", "yearend"])
def test_the_sql_status_and_due_date_are_the_rows_own(seeded, deadline):
    with time_machine.travel(at(YEAR, 8, 1), tick=False):
        memberships = list(board_queryset(seeded, deadline))
        rows = board_rows(memberships, deadline)
        assert [(m.board_status, m.board_due) for m in memberships] == \
            [(r.status, r.due) for r in rows]


def test_the_board_finds_every_status_and_filters_in_sql(seeded):
    with time_machine.travel(at(YEAR, 8, 1), tick=False):
        semiannual = {m.board_status for m in board_queryset(seeded, "semiannual")}
        pledge = [m.board_status for m in board_queryset(seeded, "pledge")]
        owing = board_queryset(seeded, "semiannual", status="owing")
        assert semiannual == {"on_time", "late", "missing", "overdue"}
        assert pledge.count("late") == 1
        assert {m.board_status for m in owing} == {"missing", "overdue"} and owing.count() == 2


def test_the_board_page_lists_the_overdue_first_in_each_cluster(seeded, client):
    client.force_login(User.objects.get(username="qm.thuky"))
    with time_machine.travel(at(YEAR, 8, 1), tick=False):
        page = client.get(reverse("reports:organisation_board"), {"page": 1}).context["page"]
        overdue = client.get(reverse("reports:organisation_board"),
                             {"status": "overdue"}).context["page"]
    second = [row.status for row in page if row.campaign == seeded[1]]  # not extended
    assert second[0] == "overdue" and "overdue" not in second[1:]
    assert len(page) == 18 and [row.status for row in overdue] == ["overdue"]
