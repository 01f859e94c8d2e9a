import io

from django.core.management import call_command

from awards.models import AwardGrant, Nomination
from campaigns.models import Campaign, UnitPledge
from clusters.models import Membership, Unit
from members.models import User
from reports.models import Report
from scoring.models import CriteriaTable
from scoring.selectors import results
from voting.models import BallotCast, VotingSession

COUNTED = [Unit, User, Membership, Campaign, UnitPledge, Report, CriteriaTable, VotingSession,
           BallotCast, Nomination, AwardGrant]


def seed():
    call_command("seed_scale", clusters=3, units_per_cluster=4, years=2, last_year=2026,
                 stdout=io.StringIO())


def test_a_small_scale_is_complete_and_plausible(db):
    seed()
    assert Unit.objects.filter(organisation__code="quy-mo").count() == 12
    assert Membership.objects.filter(year=2025, role="head").count() == 3
    assert Campaign.objects.filter(year=2025).count() == 3
    assert Report.objects.filter(campaign__year=2025, status="accepted").count() == 24
    assert Report.objects.filter(campaign__year=2026, period="yearend").count() == 0
    past = CriteriaTable.objects.get(campaign__year=2025, campaign__cluster__code="C001")
    ranked = results(past)
    assert past.results_locked_at and all(r.submitted for r in ranked)
    assert ranked[0].rank == 1 and ranked[0].total > ranked[-1].total
    assert VotingSession.objects.filter(status="closed").count() == 3
    assert Nomination.objects.filter(campaign__year=2025, status="submitted").exists()
    assert AwardGrant.objects.filter(decision__year=2025).exists()
    assert all(u.name.startswith("Chi hội Luật gia") for u in Unit.objects.all())
    assert User.objects.get(username="qm.c001-u01").check_password("ThiDua@2026")


def test_running_it_again_adds_nothing(db):
    seed()
    before = [model.objects.count() for model in COUNTED]
    seed()
    assert [model.objects.count() for model in COUNTED] == before


def test_more_clusters_later_adds_only_those(db):
    seed()
    call_command("seed_scale", clusters=4, units_per_cluster=4, years=2, last_year=2026,
                 stdout=io.StringIO())
    assert Campaign.objects.count() == 8 and Unit.objects.count() == 16
