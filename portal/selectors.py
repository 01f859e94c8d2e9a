"""What the home page shows each person: their organisations' state and their units' year."""

from dataclasses import dataclass, field

from django.db.models import Count, F, Max, Q

from campaigns.models import Campaign
from clusters.models import Cluster, Membership, Unit
from clusters.selectors import ROLE_ORDER, with_year_summary
from core.collation import vietnamese
from members import permissions
from members.models import Representative


@dataclass
class OrganisationPanel:
    organisation: object
    is_secretariat: bool
    clusters: list
    unit_count: int = 0
    clusters_without_head: list = field(default_factory=list)
    units_unassigned: int = 0
    units_without_representative: int = 0
    next_year_members: int = 0
    inbox: list = field(default_factory=list)  # portal.inbox items, most urgent first
    figures: object = None  # leadership: portal.inbox.Figures of its scope


@dataclass
class UnitPanel:
    representative: object
    membership: object  # this year's, or None
    campaign: object = None  # the cluster's campaign this year, or None
    peers: list = field(default_factory=list)  # members of the cluster, for head/deputy staff
    peers_without_voter: list = field(default_factory=list)
    inbox: list = field(default_factory=list)  # portal.inbox items, most urgent first

    @property
    def leads(self):
        return self.membership is not None and self.membership.role != Membership.Role.MEMBER


def organisation_panels(user, year):
    panels = []
    for org_id, roles in permissions.staff_roles(user).items():
        organisation = roles[0].organisation
        is_secretariat = any(r.role == r.Role.SECRETARIAT for r in roles)
        limit = permissions.leadership_cluster_limit(user, org_id)
        clusters = Cluster.objects.filter(organisation_id=org_id, is_active=True)
        if limit:
            clusters = clusters.filter(pk=limit)
        clusters = list(with_year_summary(clusters.order_by("code"), year))
        panel = OrganisationPanel(organisation, is_secretariat, clusters)
        panel.clusters_without_head = [
            c for c in clusters if c.member_count and not any(
                m.role == Membership.Role.HEAD for m in c.year_leaders)]
        if is_secretariat:
            _fill_secretariat_figures(panel, year)
        panels.append(panel)
    return sorted(panels, key=lambda p: p.organisation.name)


def _fill_secretariat_figures(panel, year):
    units = Unit.objects.filter(organisation=panel.organisation, successor__isnull=True)
    figures = units.aggregate(
        total=Count("pk", distinct=True),
        unassigned=Count("pk", distinct=True, filter=~Q(
            pk__in=Membership.objects.filter(year=year).values("unit_id"))),
        without_rep=Count("pk", distinct=True, filter=Q(representatives__isnull=True)),
    )
    panel.unit_count = figures["total"]
    panel.units_unassigned = figures["unassigned"]
    panel.units_without_representative = figures["without_rep"]
    panel.next_year_members = Membership.objects.filter(
        cluster__organisation=panel.organisation, year=year + 1).count()


def unit_panels(user, year):
    representations = list(Representative.objects.filter(user=user)
                           .select_related("unit", "unit__organisation"))
    if not representations:
        return []
    memberships = {m.unit_id: m for m in Membership.objects.filter(
        year=year, unit_id__in=[r.unit_id for r in representations]).select_related("cluster")}
    campaigns = {c.cluster_id: c for c in Campaign.objects.filter(
        year=year, cluster_id__in=[m.cluster_id for m in memberships.values()])
        .select_related("cluster").prefetch_related("extensions")}
    panels = []
    for representative in representations:
        membership = memberships.get(representative.unit_id)
        campaign = campaigns.get(membership.cluster_id) if membership else None
        panel = UnitPanel(representative, membership, campaign)
        if panel.leads:
            panel.peers = list(Membership.objects.filter(cluster=membership.cluster, year=year)
                               .select_related("unit", "cluster")
                               .annotate(voters=Count("unit__representatives", filter=Q(
                                   unit__representatives__is_designated_voter=True)))
                               .order_by(vietnamese("unit__name")))
            panel.peers.sort(key=lambda m: ROLE_ORDER[m.role])
            panel.peers_without_voter = [m.unit for m in panel.peers if not m.voters]
        panels.append(panel)
    return panels


def home_year(user, today_year):
    """The year the home page opens on: the latest one up to this year in which one of the
    user's clusters still has an open campaign (a 2026 dossier is still worked on in January
    2027), else this year."""
    units = Representative.objects.filter(user=user).values("unit_id")
    clusters = Q(cluster__memberships__unit_id__in=units,
                 cluster__memberships__year=F("year"))
    for org_id in permissions.staff_roles(user):
        limit = permissions.leadership_cluster_limit(user, org_id)
        clusters |= Q(cluster_id=limit) if limit else Q(cluster__organisation_id=org_id)
    open_years = (Campaign.objects.filter(clusters, closed_at__isnull=True, year__lte=today_year)
                  .aggregate(latest=Max("year")))
    return open_years["latest"] or today_year

