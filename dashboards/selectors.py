"""The organisation's year at a glance, in a fixed number of queries however many clusters."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from awards.models import AwardGrant, Nomination
from campaigns.models import Campaign, UnitPledge
from clusters.models import Membership
from reports.models import Report
from scoring.models import CriteriaTable
from scoring.selectors import results_by_campaign

RATINGS = ["Xuất sắc", "Tốt", "Hoàn thành", "Không hoàn thành"]
PERIODS = ["semiannual", "yearend"]


@dataclass
class ClusterRow:
    campaign: object
    members: int = 0
    signed: int = 0
    reports: dict = field(default_factory=dict)  # period → {"on_time", "late", "missing"}
    ratings: Counter = field(default_factory=Counter)
    leader: object = None
    nominations: list = field(default_factory=list)

    @property
    def cluster(self):
        return self.campaign.cluster

    @property
    def phase(self):
        return self.campaign.phase()

    @property
    def rating_counts(self):
        """Counts in RATINGS order (templates cannot call Counter.items: "items" is a key)."""
        return [self.ratings.get(rating, 0) for rating in RATINGS]


def organisation_overview(organisation, year, cluster_id=None):
    campaigns = Campaign.objects.filter(cluster__organisation=organisation, year=year) \
        .select_related("cluster").order_by("cluster__code")
    if cluster_id:
        campaigns = campaigns.filter(cluster_id=cluster_id)
    rows = {c.pk: ClusterRow(c) for c in campaigns}
    if not rows:
        return [], []
    cluster_ids = [row.campaign.cluster_id for row in rows.values()]
    by_cluster = {row.campaign.cluster_id: row for row in rows.values()}
    for cluster, count in Membership.objects.filter(cluster_id__in=cluster_ids, year=year) \
            .values_list("cluster_id").annotate(n=Count("pk")):
        by_cluster[cluster].members = count
    for campaign, count in UnitPledge.objects.filter(campaign__in=rows, signed_at__isnull=False) \
            .values_list("campaign_id").annotate(n=Count("pk")):
        rows[campaign].signed = count
    submitted = Report.objects.filter(campaign__in=rows, first_submitted_at__isnull=False) \
        .values("campaign_id", "period").annotate(n=Count("pk"),
                                                  late=Count("pk", filter=Q(days_late__gt=0)))
    for row in rows.values():
        row.reports = {p: {"on_time": 0, "late": 0, "missing": row.members} for p in PERIODS}
    for item in submitted:
        counts = rows[item["campaign_id"]].reports[item["period"]]
        counts.update(on_time=item["n"] - item["late"], late=item["late"],
                      missing=max(0, counts["missing"] - item["n"]))
    tables = CriteriaTable.objects.filter(campaign__in=rows).select_related("campaign")
    for campaign_id, results in results_by_campaign(tables).items():
        row = rows[campaign_id]
        row.ratings = Counter(r.rating for r in results if r.sheet is not None)
        row.leader = next((r.unit for r in results if r.rank == 1), None)
    for nomination in Nomination.objects.filter(campaign__in=rows).exclude(status="draft") \
            .select_related("award", "unit"):
        rows[nomination.campaign_id].nominations.append(nomination)
    grants = list(AwardGrant.objects.filter(decision__organisation=organisation,
                                            decision__year=year)
                  .select_related("unit", "decision__award"))
    return list(rows.values()), grants


def totals(rows):
    """Organisation-wide sums for the summary cards."""
    return {
        "clusters": len(rows), "units": sum(r.members for r in rows),
        "signed": sum(r.signed for r in rows),
        "reports": {p: Counter({k: sum(r.reports[p][k] for r in rows)
                                for k in ("on_time", "late", "missing")}) for p in PERIODS},
        "ratings": sum((r.ratings for r in rows), Counter()),
    }
