"""Reads for the secretariat: every cluster's nominations, the council cap, eligibility."""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardGrant, EligibilityNote, Nomination
from campaigns.models import AwardType, Campaign

GOVERNMENT_FLAG_CAP = 0.2  # ≤ 20 % of the units rated as leading their cluster (setting)


@dataclass
class NominationRow:
    nomination: object
    warnings: list = field(default_factory=list)


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


def council_view(organisation, year):
    """(rows, cap) — every nomination of the year with its warnings, and the Government
    flag cap: at most 20 % of the units leading their cluster."""
    nominations = list(Nomination.objects.filter(
        campaign__cluster__organisation=organisation, campaign__year=year)
        .exclude(status=Nomination.Status.DRAFT)
        .select_related("campaign__cluster", "award__requires_award", "unit").order_by(
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
    rows = [NominationRow(n, eligibility_warnings(n, notes, ratings, history))
            for n in nominations]
    leaders = Campaign.objects.filter(cluster__organisation=organisation, year=year,
                                      criteria_table__results_locked_at__isnull=False).count()
    cap = int(leaders * GOVERNMENT_FLAG_CAP)
    flags = sum(1 for n in nominations if n.award.level == AwardType.Level.GOVERNMENT_FLAG
                and n.status == Nomination.Status.SUBMITTED)
    return rows, {"leaders": leaders, "cap": cap, "proposed": flags, "over": flags > cap}
