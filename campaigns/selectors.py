"""Reads of the campaign year."""

from django.db.models import Prefetch, Q

from campaigns.models import AwardType, Campaign, UnitPledge, UnitTarget
from clusters.models import Membership
from core.collation import vietnamese
from members import permissions


class DueDates:
    """Effective deadlines of one campaign: the base date, moved by extensions for all units
    and for single units (the latest wins). Loads the campaign's extensions once, or reads
    them from `prefetch_related("extensions")` (pages that show many campaigns)."""

    def __init__(self, campaign):
        self.campaign = campaign
        self._later = {}
        for extension in campaign.extensions.all():
            key = (extension.deadline, extension.unit_id)
            self._later[key] = max(self._later.get(key, extension.new_due), extension.new_due)

    def for_unit(self, deadline, unit_id):
        """The unit's effective date; None only for contesting without an extension."""
        dates = [self.campaign.base_due(deadline), self._later.get((deadline, None)),
                 self._later.get((deadline, unit_id))]
        return max((date for date in dates if date is not None), default=None)


def campaign_pledges(campaign):
    """Every member unit's pledge with targets, titles and signer (fixed query count)."""
    return list(
        UnitPledge.objects.filter(campaign=campaign)
        .select_related("unit__organisation", "signed_by")
        .prefetch_related(Prefetch("targets", queryset=UnitTarget.objects.order_by("order")),
                          "titles")
        .order_by(vietnamese("unit__name")))


def member_units(campaign):
    return [m.unit for m in Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year).select_related("unit").order_by(
        vietnamese("unit__name"))]


def head_unit(campaign):
    membership = Membership.objects.filter(cluster=campaign.cluster, year=campaign.year,
                                           role=Membership.Role.HEAD).select_related("unit")
    membership = membership.first()
    return membership.unit if membership else None


def campaigns_for_calendar(organisation, year, *, user, cluster=None):
    """The year's campaigns of the organisation (or of one cluster) the user may read."""
    campaigns = permissions.within_cluster_limit(
        Campaign.objects.filter(cluster__organisation=organisation, year=year), user,
        organisation.pk)
    if cluster is not None:
        campaigns = campaigns.filter(cluster=cluster)
    return campaigns.select_related("cluster").prefetch_related("extensions__unit")


def award_catalogue(organisation, *, search="", status=""):
    """The organisation's awards for the catalogue page, filtered by name or code."""
    awards = AwardType.objects.filter(organisation=organisation).select_related(
        "requires_award")
    if search:
        awards = awards.filter(Q(name__icontains=search) | Q(code__icontains=search))
    if status == "active":
        awards = awards.filter(is_active=True)
    elif status == "inactive":
        awards = awards.filter(is_active=False)
    return awards.order_by("order", "name")
