"""Reads of the campaign year."""

from django.core.exceptions import ValidationError
from django.db.models import F, FilteredRelation, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

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


def campaign_memberships(campaign_ids):
    """The memberships of the campaigns' clusters in the campaigns' years, each annotated with
    `campaign_pk`. `campaign_ids`: ids or a queryset of campaigns (read as a subquery).

    One join on (cluster, year), not one OR term per campaign (a national organisation has
    1,300 campaigns a year, past SQLite's expression-depth limit) nor a correlated subquery per
    membership (PostgreSQL, planning it from an empty table's statistics, ran it as nested
    loops: half a minute for 800 memberships)."""
    if hasattr(campaign_ids, "values"):
        campaign_ids = campaign_ids.values("pk")
    # A cluster has one campaign a year: the relation pairs each membership with at most one.
    its_campaign = FilteredRelation("cluster__campaigns",
                                    condition=Q(cluster__campaigns__year=F("year")))
    return (Membership.objects.annotate(its_campaign=its_campaign)
            .filter(its_campaign__pk__in=campaign_ids)
            .annotate(campaign_pk=F("its_campaign__pk")))


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


def default_place(cluster, year):
    """The place a campaign's documents print before their date: where that year's head unit
    is based, else where the organisation is; empty (to be typed) when neither is set."""
    head = Membership.objects.filter(cluster=cluster, year=year, role=Membership.Role.HEAD) \
        .select_related("unit").first()
    return (head.unit.place if head else "") or cluster.organisation.place


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


# --- closing the year ------------------------------------------------------------------------

def closed_refusal(campaign):
    """Why nothing more can be written in this campaign — its year is closed — or None. Read
    from the database: a copy loaded before the head closed the year must not slip through."""
    if Campaign.objects.filter(pk=campaign.pk, closed_at__isnull=False).exists():
        return ValidationError(
            _("The emulation year %(year)s of %(cluster)s is closed: nothing in it can change "
              "any more.") % {"year": campaign.year, "cluster": campaign.cluster.name},
            code="campaign_closed")
    return None


def check_open(campaign):
    """Every write of a campaign's data calls this first (the closed year is locked)."""
    if (refusal := closed_refusal(campaign)) is not None:
        raise refusal


def close_refusal(campaign, *, today=None):
    """Why the head (or the secretariat) cannot close the year now, or None: only at the
    nomination dossier stage, once the conference is over."""
    if campaign.closed_at:
        return ValidationError(_("This year is already closed."), code="already_closed")
    phase = campaign.phase(today or timezone.localdate())
    if phase != Campaign.Phase.DOSSIER:
        return ValidationError(
            _("The year can be closed after the conference, at the nomination dossier stage; "
              "it is now at: %(phase)s.") % {"phase": phase.label}, code="not_at_dossier")
    return None


def next_year_refusal(campaign):
    """Why next year's campaign cannot be created from this one, or None."""
    if not campaign.closed_at:
        return ValidationError(_("Close this year first: next year's campaign is created from "
                                 "a closed one."), code="not_closed")
    if Campaign.objects.filter(cluster=campaign.cluster, year=campaign.year + 1).exists():
        return ValidationError(_("%(cluster)s already has a campaign for %(year)s.") % {
            "cluster": campaign.cluster.name, "year": campaign.year + 1},
            code="next_year_exists")
    return None
