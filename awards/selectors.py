"""Reads for the council: every cluster's nominations, the council cap, eligibility, the
decisions — narrowed to one cluster for a cluster-limited leader."""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardDecision, AwardGrant, EligibilityNote, Nomination
from campaigns.models import AwardType, Campaign
from members import permissions

GOVERNMENT_FLAG_CAP = 0.2  # ≤ 20 % of the units rated as leading their cluster (setting)


@dataclass
class NominationRow:
    nomination: object
    warnings: list = field(default_factory=list)
    can_approve: bool = False  # nomination_approve_refusal is None
    can_return: bool = False


def eligibility_warnings(nomination, notes, ratings, history=None):
    """Why this unit may not be proposed: an open discipline, inspection or complaint, or
    missing prior results the award requires."""
    warnings = [_("%(kind)s since %(date)s") % {"kind": note.get_kind_display(),
                                                 "date": note.since.strftime("%d/%m/%Y")}
                for note in notes.get(nomination.unit_id, [])]
    required = nomination.award.requires_award
    if required is not None and (nomination.unit_id, required.pk) not in (history or set()):
        warnings.append(_("has never received %(award)s") % {"award": required.name})
    needed = nomination.award.prior_excellent_years
    year = nomination.campaign.year
    for previous in range(year - needed, year):
        if ratings.get((nomination.unit_id, previous)) != "Xuất sắc":
            warnings.append(_("not rated Xuất sắc in %(year)s") % {"year": previous})
    return warnings


def _ratings(unit_ids, years):
    """{(unit id, year): rating} from the locked results of those years."""
    from scoring.models import CriteriaTable
    from scoring.selectors import results

    found = {}
    tables = CriteriaTable.objects.filter(
        campaign__year__in=years, results_locked_at__isnull=False,
        campaign__cluster__memberships__unit_id__in=unit_ids).distinct().select_related(
        "campaign")
    for table in tables:
        for row in results(table):
            found[(row.unit.pk, table.campaign.year)] = row.rating
    return found


def council_view(organisation, year, *, user):
    """(rows, cap) — every nomination of the year the user may read, with its warnings, and
    the Government flag cap: at most 20 % of the units leading their cluster. The cap is an
    organisation-wide count, so a cluster-limited leader gets None instead."""
    nominations = permissions.within_cluster_limit(Nomination.objects.filter(
        campaign__cluster__organisation=organisation, campaign__year=year), user,
        organisation.pk, cluster="campaign__cluster")
    nominations = list(nominations.exclude(status=Nomination.Status.DRAFT)
        .select_related("campaign__cluster", "award__requires_award", "unit", "decision")
        .order_by(
            "award__order", "campaign__cluster__code", "unit__name"))
    unit_ids = {n.unit_id for n in nominations}
    today = timezone.localdate()
    notes = {}
    for note in EligibilityNote.objects.filter(unit_id__in=unit_ids).filter(
            Q(until__isnull=True) | Q(until__gte=today)):
        notes.setdefault(note.unit_id, []).append(note)
    most_needed = max((n.award.prior_excellent_years for n in nominations), default=0)
    ratings = _ratings(unit_ids, range(year - most_needed, year)) if most_needed else {}
    history = set(AwardGrant.objects.filter(unit_id__in=unit_ids, decision__year__lt=year)
                  .values_list("unit_id", "decision__award_id"))
    rows = [NominationRow(n, eligibility_warnings(n, notes, ratings, history),
                          can_approve=nomination_approve_refusal(n) is None,
                          can_return=nomination_return_refusal(n) is None)
            for n in nominations]
    if permissions.leadership_cluster_limit(user, organisation.pk):
        return rows, None
    leaders = Campaign.objects.filter(cluster__organisation=organisation, year=year,
                                      criteria_table__results_locked_at__isnull=False).count()
    cap = int(leaders * GOVERNMENT_FLAG_CAP)
    flags = sum(1 for n in nominations if n.award.level == AwardType.Level.GOVERNMENT_FLAG
                and n.status in (Nomination.Status.SUBMITTED, Nomination.Status.APPROVED,
                                 Nomination.Status.AWARDED))
    return rows, {"leaders": leaders, "cap": cap, "proposed": flags, "over": flags > cap}


def nomination_quota_refusal(campaign):
    """Why the cluster's nominations cannot go to the council: more units for an award than
    the catalogue's quota per cluster allows (e.g. after the quota was lowered), or None."""
    counts = Counter(n.award for n in campaign.nominations.select_related("award"))
    over = [award for award, count in counts.items() if count > award.quota]
    if not over:
        return None
    return _("At most %(quota)s units per cluster may be proposed for %(award)s.") % {
        "quota": over[0].quota, "award": over[0].name}


def visible_grants(organisation_id, user):
    """The grants of an organisation's decisions the user may read: a cluster-limited leader
    only those of units that were members of their cluster in the decision's year."""
    return permissions.within_cluster_limit(
        AwardGrant.objects.filter(decision__organisation_id=organisation_id), user,
        organisation_id, cluster="unit__memberships__cluster",
        unit__memberships__year=F("decision__year"))


def decisions_for_year(organisation, year, *, user):
    """The year's decisions the user may read, each with its readable grants prefetched: a
    cluster-limited leader sees only the decisions that award one of their cluster's units."""
    decisions = permissions.within_cluster_limit(
        AwardDecision.objects.filter(organisation=organisation, year=year), user,
        organisation.pk, cluster="grants__unit__memberships__cluster",
        grants__unit__memberships__year=year)
    grants = visible_grants(organisation.pk, user)
    return (decisions.select_related("award")
            .prefetch_related(Prefetch("grants", queryset=grants.select_related("unit"),
                                       to_attr="visible_grants")))


def decision_grants(decision, user):
    """(grants, excerpt): the decision's grants the user may read, and whether that is only
    part of them (a cluster-limited leader's excerpt of a decision about several clusters)."""
    grants = list(visible_grants(decision.organisation_id, user).filter(decision=decision)
                  .select_related("unit"))
    limited = permissions.leadership_cluster_limit(user, decision.organisation_id)
    return grants, bool(limited) and len(grants) < decision.grants.count()


# --- the council's workflow: one place decides each transition -----------------------------
# received (submitted) → approved, or returned with a comment (the cluster may resubmit) →
# decided: awarded by a decision, or not awarded when a decision leaves it out. The council's
# page offers a button exactly when its refusal is None; the services raise what they return.

def nomination_approve_refusal(nomination):
    """Why the secretariat cannot approve this nomination now (a ValidationError), or None."""
    if nomination.status != Nomination.Status.SUBMITTED:
        return ValidationError(
            _("Only a nomination received by the council can be approved; this one is: "
              "%(status)s.") % {"status": nomination.get_status_display()},
            code="not_received")
    return None


def nomination_return_refusal(nomination, comment=None):
    """Why the secretariat cannot return this nomination now (comment None: the page asks
    before a comment is typed), or None."""
    if nomination.status != Nomination.Status.SUBMITTED:
        return ValidationError(
            _("Only a nomination received by the council can be returned; this one is: "
              "%(status)s.") % {"status": nomination.get_status_display()},
            code="not_received")
    if nomination.campaign.closed_at:
        return ValidationError(_("The cluster has closed its year: a returned nomination could "
                                 "not be submitted again. Approve it or leave it out of the "
                                 "decision."), code="campaign_closed")
    if comment is not None and not comment.strip():
        return ValidationError(_("Say why the nomination is returned."),
                               code="return_comment_required")
    return None


def nomination_edit_refusal(nomination):
    """Why the cluster cannot change this nomination now: once sent, only a returned one."""
    if nomination.status not in (Nomination.Status.DRAFT, Nomination.Status.RETURNED):
        return ValidationError(_("This nomination is with the council: it can be changed "
                                 "only if the secretariat returns it."), code="with_council")
    return None


def approved_nominations(organisation, year, award=None):
    """The approved nominations a decision for `award` and `year` offers (all awards of the
    year when award is None)."""
    found = Nomination.objects.filter(
        campaign__cluster__organisation=organisation, campaign__year=year,
        status=Nomination.Status.APPROVED)
    if award is not None:
        found = found.filter(award=award)
    return found.select_related("unit", "award", "campaign__cluster").order_by(
        "award__order", "campaign__cluster__code", "unit__name")


def decision_outside_refusal(outside_units, reason):
    """Why units the council did not approve for the award cannot be in the decision: only
    with a reason, which the grants keep."""
    if outside_units and not (reason or "").strip():
        return ValidationError(
            _("%(units)s: not approved for this award. Give the reason for awarding them.")
            % {"units": ", ".join(u.name for u in outside_units)},
            code="outside_reason_required")
    return None
