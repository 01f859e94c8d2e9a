"""Writes of nominations and award decisions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import selectors
from awards.models import AwardDecision, AwardGrant, Nomination
from awards.selectors import nomination_quota_refusal
from campaigns import recording
from campaigns.selectors import check_open
from core.audit import audit_action
from documents.storage import freeze
from reports.models import Report
from voting.models import VotingSession
from voting.selectors import nominations as voted_nominations


def draft_achievements(campaign, unit):
    """A first draft of the achievement report, from the unit's year-end report and score."""
    from scoring.models import CriteriaTable
    from scoring.selectors import results

    report = Report.objects.filter(campaign=campaign, unit=unit, period="yearend").first()
    parts = [f"{unit.name} – thành tích năm {campaign.year}."]
    if report and report.results:
        parts.append(report.results)
    table = CriteriaTable.objects.filter(campaign=campaign).first()
    if table is not None and table.results_locked_at:
        row = next((r for r in results(table) if r.unit.pk == unit.pk), None)
        if row is not None:
            parts.append(f"Kết quả chấm điểm thi đua: {row.total} điểm, xếp loại {row.rating}"
                         + (f", xếp hạng {row.rank} trong cụm." if row.rank else "."))
    return "\n".join(parts)


@transaction.atomic
@audit_action("nomination.draft")
def nominations_from_vote(*, campaign):
    """A nomination for every unit the closed vote elected for an award."""
    check_open(campaign)
    session = VotingSession.objects.filter(campaign=campaign, status="closed").first()
    if session is None:
        raise ValidationError(_("Close the vote first: nominations come from its results."))
    created = 0
    for award, units in voted_nominations(session).items():
        for unit in units:
            _nomination, made = Nomination.objects.get_or_create(
                campaign=campaign, award=award, unit=unit,
                defaults={"achievements": draft_achievements(campaign, unit),
                          "award_name": award.name})
            created += made
    return created


@transaction.atomic
@audit_action("nomination.save")
def nomination_save(*, nomination, achievements):
    check_open(nomination.campaign)
    if (refusal := selectors.nomination_edit_refusal(nomination)) is not None:
        raise refusal
    nomination.achievements = achievements.strip()
    nomination.save()
    return nomination


@transaction.atomic
@audit_action("nomination.submit")
def nominations_submit(*, campaign, by, occurred_on=None):
    """Send the cluster's nominations to the council, under a numbered submission (TTr)
    dated the day they are sent (`occurred_on` in recording mode)."""
    check_open(campaign)
    submitted_at = recording.moment(campaign, occurred_on)
    from awards.documents import submission_document
    from reports.services import document_issue

    # Drafts and the nominations the secretariat returned (resubmitted); never one it has.
    pending = Nomination.objects.filter(campaign=campaign, status__in=(
        Nomination.Status.DRAFT, Nomination.Status.RETURNED))
    if not pending.exists():
        raise ValidationError(_("There is no nomination to submit."))
    if pending.filter(achievements="").exists():
        raise ValidationError(_("Every nomination needs its achievement report."))
    refusal = nomination_quota_refusal(campaign)
    if refusal:
        raise ValidationError(refusal, code="nomination_over_quota")
    count = pending.update(status=Nomination.Status.SUBMITTED, submitted_at=submitted_at,
                           return_comment="")
    # Frozen as submitted: the council receives these files, whatever changes afterwards.
    nominations = list(campaign.nominations.select_related("award", "unit"))
    document_issue(cluster=campaign.cluster, year=campaign.year, type_code="TTr",
                   title=f"Tờ trình đề nghị khen thưởng năm {campaign.year}", by=by,
                   build=lambda issued: submission_document(campaign, nominations, by, issued),
                   issued_on=timezone.localdate(submitted_at))
    recording.log(campaign, action="nominations_submit", subject=campaign.cluster,
                  occurred_on=occurred_on, by=by)
    return count


def _locked(nomination):
    return Nomination.objects.select_for_update(of=("self",)).select_related(
        "award", "unit", "campaign__cluster").get(pk=nomination.pk)


@transaction.atomic
@audit_action("nomination.approve")
def nomination_approve(*, nomination):
    """The secretariat approves a received nomination: the decision form then offers it."""
    nomination = _locked(nomination)
    if (refusal := selectors.nomination_approve_refusal(nomination)) is not None:
        raise refusal
    nomination.status = Nomination.Status.APPROVED
    nomination.return_comment = ""
    nomination.reviewed_at = timezone.now()
    nomination.save()
    return nomination


@transaction.atomic
@audit_action("nomination.return")
def nomination_return(*, nomination, comment):
    """The secretariat returns a received nomination with a comment the cluster sees; the
    cluster may correct it and submit it again."""
    check_open(nomination.campaign)
    nomination = _locked(nomination)
    if (refusal := selectors.nomination_return_refusal(nomination, comment)) is not None:
        raise refusal
    nomination.status = Nomination.Status.RETURNED
    nomination.return_comment = comment.strip()
    nomination.reviewed_at = timezone.now()
    nomination.save()
    return nomination


@transaction.atomic
@audit_action("decision.record")
def decision_record(*, organisation, award, year, number, signed_on, issuer, signer, units,
                    by, place="", first_register_number=None, outside_reason=""):
    """Record a QUYẾT ĐỊNH; its units enter their award history. The award's name of today
    is kept with it; register numbers (số sổ vàng) follow on from the first one given.

    The council's step: units with an approved nomination for this award and year are
    awarded by it; any other unit only with `outside_reason`, kept on its grant. The
    approved nominations left out become "not awarded", with this decision."""
    if award.organisation_id != organisation.pk:
        raise ValidationError(_("Choose an award of your organisation."))
    if not award.given_in(year):
        raise ValidationError(_("The catalogue does not give %(award)s for %(year)s.")
                              % {"award": award.name, "year": year}, code="award_not_in_year")
    if not units:
        raise ValidationError(_("Choose the units awarded."))
    if not (signer or "").strip():
        raise ValidationError(_("Give the full name of the person who signed the decision."),
                              code="signer_required")
    if any(unit.organisation_id != organisation.pk for unit in units):
        raise ValidationError(_("Every unit must belong to your organisation."))
    if AwardDecision.objects.filter(organisation=organisation, number=number.strip()).exists():
        raise ValidationError(_("A decision with this number is already recorded."),
                              code="decision_number_taken")
    approved = {n.unit_id: n for n in selectors.approved_nominations(organisation, year, award)
                .select_for_update(of=("self",))}
    outside = [unit for unit in units if unit.pk not in approved]
    if (refusal := selectors.decision_outside_refusal(outside, outside_reason)) is not None:
        raise refusal
    decision = AwardDecision.objects.create(
        organisation=organisation, award=award, award_name=award.name, year=year,
        number=number.strip(), signed_on=signed_on, issuer=issuer.strip(),
        signer=signer.strip(), place=place.strip(), recorded_by=by)
    for offset, unit in enumerate(units):
        register = "" if first_register_number is None else str(first_register_number + offset)
        AwardGrant.objects.create(decision=decision, unit=unit, register_number=register,
                                  outside_reason="" if unit.pk in approved
                                  else outside_reason.strip())
    awarded = {unit.pk for unit in units}
    for nomination in approved.values():
        nomination.status = (Nomination.Status.AWARDED if nomination.unit_id in awarded
                             else Nomination.Status.NOT_AWARDED)
        nomination.decision = decision
        nomination.save()
    from awards.documents import build_decision_document

    # The whole decision, frozen as recorded (a cluster's excerpt is rendered from it live).
    grants = list(decision.grants.select_related("unit"))
    decision.stored = freeze(build_decision_document(decision, grants),
                             folder=f"decisions/{year}/{organisation.code}")
    decision.save(update_fields=["stored"])
    return decision
