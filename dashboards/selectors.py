"""The organisation's year at a glance, in a fixed number of queries however many clusters."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q

from awards.models import AwardGrant, Nomination
from campaigns.models import Campaign, UnitPledge
from clusters.models import Membership
from core.collation import vietnamese
from reports.models import Report
from reports.selectors import compile_summary
from scoring.models import CriteriaTable, RecordedResult
from scoring.selectors import results, results_by_campaign

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
    def nominations_by_unit(self):
        """[(unit, [award names])]: each nominated unit once, its awards together."""
        grouped = {}
        for nomination in self.nominations:
            grouped.setdefault(nomination.unit, []).append(nomination.award_title)
        return list(grouped.items())

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
        return [], _grants(organisation, year, cluster_id)
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
    for campaign_id, found in results_by_campaign(tables).items():
        row = rows[campaign_id]
        row.ratings = Counter(r.rating for r in found if r.sheet is not None)
        row.leader = next((r.unit for r in found if r.rank == 1), None)
    for nomination in Nomination.objects.filter(campaign__in=rows).exclude(status="draft") \
            .select_related("award", "unit"):
        rows[nomination.campaign_id].nominations.append(nomination)
    return list(rows.values()), _grants(organisation, year, cluster_id)


def _grants(organisation, year, cluster_id):
    grants = AwardGrant.objects.filter(decision__organisation=organisation, decision__year=year)
    if cluster_id:  # only the awards of that cluster's units (a limited leader sees no more)
        grants = grants.filter(unit__memberships__cluster_id=cluster_id,
                               unit__memberships__year=year)
    return list(grants.select_related("unit", "decision__award"))


def totals(rows):
    """Organisation-wide sums for the summary cards."""
    return {
        "clusters": len(rows), "units": sum(r.members for r in rows),
        "signed": sum(r.signed for r in rows),
        "reports": {p: Counter({k: sum(r.reports[p][k] for r in rows)
                                for k in ("on_time", "late", "missing")}) for p in PERIODS},
        "ratings": sum((r.ratings for r in rows), Counter()),
    }


@dataclass
class UnitYear:
    """One year of a unit's history. Scores show only once the cluster locked its results:
    before that they may still change, and peers may not see them."""

    membership: object
    result: object = None  # rules.Result when the year's results are locked
    ranked: int = 0  # how many units the rank is out of
    awards: list = field(default_factory=list)
    # The council's answer to the year's nominations not (yet) awarded: (award, status, decision)
    nominations: list = field(default_factory=list)

    @property
    def year(self):
        return self.membership.year


def unit_years(unit, lineage):
    """The unit's years side by side, oldest first, including its predecessors' years
    (lineage: the unit and the units that merged into it) — a fixed number of queries."""
    memberships = list(Membership.objects.filter(unit__in=lineage)
                       .select_related("unit", "cluster")
                       .order_by("year", vietnamese("unit__name")))
    years = [UnitYear(m) for m in memberships]
    tables = CriteriaTable.objects.filter(
        results_locked_at__isnull=False,
        campaign__cluster_id__in={m.cluster_id for m in memberships},
        campaign__year__in={m.year for m in memberships}).select_related("campaign")
    ranked = {(t.campaign.cluster_id, t.campaign.year): found
              for t, found in _results_by_table(tables)}
    # Years before the portal ran the cluster: the results the secretariat imported.
    recorded = _recorded_by_cluster_year(memberships)
    for entry in years:
        key = (entry.membership.cluster_id, entry.year)
        found = ranked.get(key) or recorded.get(key, [])
        entry.result = next((r for r in found if r.unit.pk == entry.membership.unit_id), None)
        # Out of how many: an imported year may list fewer units than its ranks reach.
        entry.ranked = max(sum(1 for r in found if r.rank),
                           max((r.rank or 0 for r in found), default=0))
    grants = AwardGrant.objects.filter(unit__in=lineage).select_related("decision__award")
    by_year = {entry.year: entry for entry in years}
    for grant in grants:
        if grant.decision.year in by_year:
            by_year[grant.decision.year].awards.append(grant.decision.award_title)
    # Awarded nominations are the grants above; the others say where the council left them.
    nominations = Nomination.objects.filter(unit__in=lineage).exclude(status__in=(
        Nomination.Status.DRAFT, Nomination.Status.AWARDED)).select_related(
        "award", "campaign", "decision")
    for nomination in nominations:
        if nomination.campaign.year in by_year:
            by_year[nomination.campaign.year].nominations.append(nomination)
    return years


def _recorded_by_cluster_year(memberships):
    """{(cluster id, year): [RecordedResult]} of the memberships' clusters and years."""
    found = {}
    for result in RecordedResult.objects.filter(
            cluster_id__in={m.cluster_id for m in memberships},
            year__in={m.year for m in memberships}).select_related("unit"):
        found.setdefault((result.cluster_id, result.year), []).append(result)
    return found


def _results_by_table(tables):
    tables = list(tables)
    found = results_by_campaign(tables)
    return [(t, found.get(t.campaign_id, [])) for t in tables]


@dataclass
class UnitRow:
    """One unit on the cluster dashboard."""

    unit: object
    semiannual: object  # reports.selectors.BoardRow
    yearend: object
    result: object = None  # rules.Result (None before scoring opens)
    completion: object = None  # mean completion of the year-end figures, in %
    heat: list = field(default_factory=list)  # (value, css class) per criterion

    @property
    def sort_key(self):
        rank = self.result.rank if self.result and self.result.rank else 999
        return rank, self.unit.name


def cluster_overview(campaign):
    """(unit rows ranked, criteria in table order) for one campaign, in a fixed number of
    queries whatever the number of units."""
    summary = {period: {row.unit.pk: row for row in compile_summary(campaign, period).rows}
               for period in PERIODS}
    table = CriteriaTable.objects.filter(campaign=campaign).select_related("campaign").first()
    ranked = {r.unit.pk: r for r in results(table)} if table else {}
    criteria = [c for g in table.groups.prefetch_related("criteria") for c in g.criteria.all()] \
        if table else []
    rows = []
    for unit_id, yearend in summary["yearend"].items():
        result = ranked.get(unit_id)
        scores = result.scores if result else {}
        rows.append(UnitRow(unit=yearend.unit, semiannual=summary["semiannual"][unit_id],
                            yearend=yearend, result=result, completion=_completion(yearend),
                            heat=[_heat(scores.get(c.pk), c) for c in criteria]))
    return sorted(rows, key=lambda row: row.sort_key), criteria


def _completion(board_row):
    """Mean completion (%) of the figures of a report that is in, or None."""
    report = board_row.report
    values = [f.completion for f in (report.figures.all() if report and report.is_in else [])
              if f.completion is not None]
    return sum(values) / len(values) if values else None


def _heat(value, criterion):
    """(value, css class) for one heat-map cell: share of the criterion's maximum."""
    if value is None:
        return None, "heat-none"
    ratio = value / criterion.max_points
    level = "heat-4" if ratio >= 1 else "heat-3" if ratio >= 0.9 else \
        "heat-2" if ratio >= 0.75 else "heat-1" if ratio > 0 else "heat-0"
    return value, level
