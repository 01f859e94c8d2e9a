"""Reads of the campaign year."""

from django.db.models import Prefetch

from campaigns.models import Campaign, DeadlineExtension, UnitPledge, UnitTarget
from clusters.models import Membership
from members import permissions


class DueDates:
    """Effective deadlines of one campaign: the base date, moved by extensions for all units
    and for single units (the latest wins). Loads the campaign's extensions once."""

    def __init__(self, campaign):
        self.campaign = campaign
        self._later = {}
        for extension in DeadlineExtension.objects.filter(campaign=campaign):
            key = (extension.deadline, extension.unit_id)
            self._later[key] = max(self._later.get(key, extension.new_due), extension.new_due)

    def for_unit(self, deadline, unit_id):
        dates = [self.campaign.base_due(deadline), self._later.get((deadline, None)),
                 self._later.get((deadline, unit_id))]
        return max(date for date in dates if date is not None)


def campaign_pledges(campaign):
    """Every member unit's pledge with targets, titles and signer (fixed query count)."""
    return list(
        UnitPledge.objects.filter(campaign=campaign)
        .select_related("unit__organisation", "signed_by")
        .prefetch_related(Prefetch("targets", queryset=UnitTarget.objects.order_by("order")),
                          "titles")
        .order_by("unit__name"))


def member_units(campaign):
    return [m.unit for m in Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year).select_related("unit").order_by(
        "unit__name")]


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
