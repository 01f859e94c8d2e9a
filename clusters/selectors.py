"""Reads of the registry, shaped for pages; each runs a fixed number of queries."""

from django.db.models import Count, Prefetch, Q

from clusters.models import Cluster, Membership, TrustRoot, Unit
from core.collation import vietnamese
from members import permissions
from members.models import Representative

ROLE_ORDER = {Membership.Role.HEAD: 0, Membership.Role.DEPUTY: 1, Membership.Role.MEMBER: 2}


def clusters_visible_to(user, *, organisation=None):
    """Clusters the user may open: their organisations' (narrowed for cluster-limited
    leaders) plus those their units have been members of."""
    visible = Q(pk__in=[])
    for org_id in permissions.staff_roles(user):
        limit = permissions.leadership_cluster_limit(user, org_id)
        visible |= Q(organisation_id=org_id, pk=limit) if limit else Q(organisation_id=org_id)
    unit_ids = permissions.represented_unit_ids(user)
    if unit_ids:
        visible |= Q(memberships__unit_id__in=unit_ids)
    clusters = Cluster.objects.filter(visible).distinct().select_related("organisation")
    if organisation is not None:
        clusters = clusters.filter(organisation=organisation)
    return clusters.order_by("organisation__name", "code")


def with_year_summary(clusters, year):
    """Annotate member count and attach head/deputy memberships of `year` (2 queries)."""
    clusters = clusters.annotate(
        member_count=Count("memberships", filter=Q(memberships__year=year), distinct=True))
    leaders = Membership.objects.filter(year=year).exclude(role=Membership.Role.MEMBER) \
        .select_related("unit")
    return clusters.prefetch_related(Prefetch("memberships", queryset=leaders,
                                              to_attr="year_leaders"))


def cluster_members(cluster, year):
    """Members of a cluster in a year, head first, with their representatives."""
    memberships = list(
        Membership.objects.filter(cluster=cluster, year=year)
        .select_related("unit", "cluster")
        .prefetch_related(Prefetch("unit__representatives",
                                   queryset=Representative.objects.select_related("user")))
    )
    return sorted(memberships, key=lambda m: (ROLE_ORDER[m.role], m.unit.name))


def cluster_history(cluster):
    """{year: [memberships]} of every year, newest first (for the history table)."""
    history = {}
    memberships = (Membership.objects.filter(cluster=cluster).select_related("unit", "cluster")
                   .order_by("-year", "role", vietnamese("unit__name")))
    for membership in memberships:
        history.setdefault(membership.year, []).append(membership)
    return history


def units_available_for(cluster, year):
    """Units of the organisation that may join `cluster` in `year`: not in another cluster
    that year and not merged before it."""
    busy = Membership.objects.filter(year=year).exclude(cluster=cluster).values("unit_id")
    units = Unit.objects.filter(organisation_id=cluster.organisation_id).exclude(pk__in=busy)
    return [unit for unit in units.order_by(vietnamese("name")) if unit.accepts_membership_in(year)]


def predecessors_of(unit):
    """The units that merged into this one, and theirs in turn (the unit's history includes
    their years)."""
    found, frontier = [], [unit]
    while frontier:
        frontier = list(Unit.objects.filter(successor__in=frontier))
        found.extend(frontier)
    return found


def units_for_list(organisation, *, search="", cluster_id=None, year=None, status=""):
    units = Unit.objects.filter(organisation=organisation).select_related("successor")
    if search:
        units = units.filter(Q(name__icontains=search) | Q(short_name__icontains=search)
                             | Q(code__icontains=search))
    if cluster_id:
        units = units.filter(memberships__cluster_id=cluster_id,
                             **({"memberships__year": year} if year else {}))
    if status == "merged":
        units = units.filter(successor__isnull=False)
    elif status == "unassigned" and year:
        units = units.filter(successor__isnull=True).exclude(memberships__year=year)
    current = Membership.objects.filter(year=year).select_related("cluster") if year else \
        Membership.objects.none()
    return units.distinct().order_by(vietnamese("name")).prefetch_related(
        Prefetch("memberships", queryset=current, to_attr="year_memberships"))


def portal_trust_roots():
    """The portal's own roots (its signing identity's): [(name, 'AB:CD:…')]."""
    import hashlib

    from documents.signing import trust_roots

    roots, _others = trust_roots()
    rows = []
    for cert in roots:
        subject = cert.subject.native
        name = ", ".join(filter(None, [subject.get("common_name"),
                                       subject.get("organization_name")]))
        upper = hashlib.sha256(cert.dump()).hexdigest().upper()
        rows.append((name, ":".join(upper[i:i + 2] for i in range(0, len(upper), 2))))
    return rows


def upload_trust_anchors(organisation_id):
    """(roots, other certificates) a signature on this organisation's uploads may lead to:
    the portal's own and those its secretariat added (asn1crypto certificates)."""
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    from documents.signing import trust_roots

    roots, others = trust_roots()
    for pem_text in TrustRoot.objects.filter(organisation_id=organisation_id).values_list(
            "certificate_pem", flat=True):
        _type, _headers, der = pem.unarmor(pem_text.encode())
        roots.append(asn1_x509.Certificate.load(der))
    return roots, others
