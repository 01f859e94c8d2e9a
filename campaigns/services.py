"""Writes of the campaign year. Each validates state, saves in one transaction, and is audited
(django-auditlog records the changed rows)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import recording
from campaigns.documents import build_pledge_document
from campaigns.models import (
    AwardType,
    Campaign,
    CampaignFile,
    Deadline,
    DeadlineExtension,
    UnitPledge,
    UnitTarget,
)
from campaigns.selectors import check_open, close_refusal, default_place, next_year_refusal
from clusters.models import Membership
from core.audit import audit_action
from core.uploads import check_evidence
from documents.storage import freeze

DEFAULT_AWARDS = [
    # Law 06/2022/QH15 defaults; each organisation edits its own catalogue.
    ("co-chinh-phu", "Cờ thi đua của Chính phủ", AwardType.Level.GOVERNMENT_FLAG),
    ("co-to-chuc", "Cờ thi đua của bộ, ngành, tỉnh, tổ chức", AwardType.Level.ORGANISATION_FLAG),
    ("bang-khen-ttg", "Bằng khen của Thủ tướng Chính phủ", AwardType.Level.PM_MERIT),
    ("bang-khen", "Bằng khen của bộ trưởng, chủ tịch", AwardType.Level.ORGANISATION_MERIT),
    ("tap-the-xuat-sac", "Tập thể lao động xuất sắc", AwardType.Level.INTERNAL),
    ("tap-the-tien-tien", "Tập thể lao động tiên tiến", AwardType.Level.INTERNAL),
]


# The kind each level implies; an internal level may be a title or a certificate.
LEVEL_KINDS = {
    AwardType.Level.GOVERNMENT_FLAG: AwardType.Kind.FLAG,
    AwardType.Level.ORGANISATION_FLAG: AwardType.Kind.FLAG,
    AwardType.Level.PM_MERIT: AwardType.Kind.MERIT,
    AwardType.Level.ORGANISATION_MERIT: AwardType.Kind.MERIT,
    AwardType.Level.INTERNAL: AwardType.Kind.TITLE,
}


@audit_action("award_catalogue.ensure")
def award_catalogue_ensure(*, organisation):
    """Give an organisation the default award catalogue when it has none yet."""
    if AwardType.objects.filter(organisation=organisation).exists():
        return
    flags = (AwardType.Level.GOVERNMENT_FLAG, AwardType.Level.ORGANISATION_FLAG)
    for order, (code, name, level) in enumerate(DEFAULT_AWARDS):
        is_flag = level in flags
        AwardType.objects.create(
            organisation=organisation, code=code, name=name, level=level, order=order,
            kind=LEVEL_KINDS[level],
            quota=1 if is_flag else 2, vote_threshold=Decimal("0.8") if is_flag else Decimal("0.5"),
            strictly_above=not is_flag)


def award_problems(award):
    """{field: message} of what the catalogue's own rules refuse in this entry."""
    problems = {}
    implied = LEVEL_KINDS.get(award.level)
    if implied and award.level != AwardType.Level.INTERNAL and award.kind != implied:
        problems["kind"] = _("A %(level)s is a %(kind)s.") % {
            "level": award.get_level_display(), "kind": AwardType.Kind(implied).label}
    if AwardType.objects.filter(organisation=award.organisation_id, code=award.code).exclude(
            pk=award.pk).exists():
        problems["code"] = _("Another award of your organisation has this code.")
    if award.requires_award_id and award.requires_award_id == award.pk:
        problems["requires_award"] = _("An award cannot require itself.")
    if award.active_from and award.active_until and award.active_until < award.active_from:
        problems["active_until"] = _("The last year cannot come before the first.")
    return problems


@transaction.atomic
def award_save(*, award):
    """Create or edit a catalogue entry (audited by django-auditlog). Names already given
    to nominations and decisions stay as they were."""
    problems = award_problems(award)
    if problems:
        raise ValidationError({field: ValidationError(message, code="award_invalid")
                               for field, message in problems.items()})
    award.full_clean()
    award.save()
    return award


def award_delete_refusal(award):
    """Why the entry cannot be deleted, or None. Once used — in a pledge, a vote, a nomination
    or a decision (higher apps protect their references) — it can only be deactivated."""
    if UnitPledge.titles.through.objects.filter(awardtype=award).exists():
        return _("Units registered this award in a pledge: deactivate it instead.")
    try:
        Collector(using=router.db_for_write(AwardType)).collect([award])
    except models.ProtectedError:
        return _("This award is used in a vote, a nomination or a decision: deactivate it "
                 "instead.")
    return None


@transaction.atomic
def award_set_active(*, award, active):
    award.is_active = active
    award.save(update_fields=["is_active"])
    return award


@transaction.atomic
def award_delete(*, award):
    refusal = award_delete_refusal(award)
    if refusal:
        raise ValidationError(refusal, code="award_in_use")
    award.delete()


@transaction.atomic
@audit_action("campaign.save")
def campaign_save(*, campaign):
    if campaign.pk:
        check_open(campaign)
    if not campaign.place.strip():
        campaign.place = default_place(campaign.cluster, campaign.year)
    campaign.full_clean()
    campaign.save()
    award_catalogue_ensure(organisation=campaign.cluster.organisation)
    return campaign


@transaction.atomic
@audit_action("campaign.launch")
def campaign_launch(*, campaign):
    """Open the campaign: every member unit of that year gets its (empty) part of the pledge.

    The campaign's own part of the launch: the head's launch (scoring.services.campaign_launch)
    calls it and then creates the reports and the criteria table, which this layer cannot."""
    check_open(campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.launched_at:
        raise ValidationError(_("The campaign has already been launched."))
    units = Membership.objects.filter(cluster=campaign.cluster, year=campaign.year)
    if not units.exists():
        raise ValidationError(_("The cluster has no members this year: set them first."))
    campaign.launched_at = timezone.now()
    campaign.save()
    for membership in units:
        UnitPledge.objects.get_or_create(campaign=campaign, unit_id=membership.unit_id)
    return campaign


@transaction.atomic
def campaign_file_add(*, campaign, kind, upload, user):
    """Attach the plan, the operating rules or another file, checked by its content."""
    check_open(campaign)
    check_evidence(upload)
    return CampaignFile.objects.create(campaign=campaign, kind=kind, file=upload,
                                       original_name=upload.name[:255], size=upload.size,
                                       uploaded_by=user)


@transaction.atomic
@audit_action("campaign.close_period")
def campaign_close_period(*, campaign, deadline):
    """Close a report period: no more submissions, late or not. (The year: campaign_close.)"""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    check_open(campaign)
    field = {Deadline.SEMIANNUAL: "semiannual_closed_at",
             Deadline.YEAREND: "yearend_closed_at"}[deadline]
    if getattr(campaign, field):
        raise ValidationError(_("This is already closed."))
    setattr(campaign, field, timezone.now())
    campaign.save()
    return campaign


@transaction.atomic
@audit_action("campaign.close")
def campaign_close(*, campaign, occurred_on=None, by=None):
    """Close the year (the head, or the secretariat) at the dossier stage: the campaign is
    locked, every write of its data is refused from then on (selectors.check_open)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if (refusal := close_refusal(campaign)) is not None:
        raise refusal
    campaign.closed_at = recording.moment(campaign, occurred_on)
    campaign.save(update_fields=["closed_at"])
    return campaign


def next_year_dates(campaign):
    """{milestone field: the same day a year on} — 29 February becomes 28 February."""
    moved = {}
    for name, _label in Campaign.MILESTONES:
        day = getattr(campaign, name)
        try:
            moved[name] = day.replace(year=day.year + 1)
        except ValueError:  # 29 February in a leap year
            moved[name] = day.replace(year=day.year + 1, day=28)
    return moved


def next_year_title(campaign):
    return campaign.title.replace(str(campaign.year), str(campaign.year + 1))


def next_year_targets(campaign):
    """{unit: [targets]} this year's registered targets of the units that are members of the
    cluster next year too: each gets them as the start of next year's pledge."""
    next_members = set(Membership.objects.filter(
        cluster=campaign.cluster, year=campaign.year + 1).values_list("unit_id", flat=True))
    found = {}
    for pledge in campaign.pledges.filter(unit_id__in=next_members).select_related(
            "unit").prefetch_related("targets"):
        if pledge.targets.all():
            found[pledge.unit] = list(pledge.targets.all())
    return found


@transaction.atomic
@audit_action("campaign.copy_next_year")
def campaign_copy_next_year(*, campaign):
    """Next year's campaign from this closed one: its texts and place, every milestone a year
    on, and each continuing unit's targets as the start of its pledge. (The criteria table
    is the scoring layer's: scoring.services.campaign_next_year copies it.)"""
    if (refusal := next_year_refusal(campaign)) is not None:
        raise refusal
    copy = Campaign(cluster=campaign.cluster, year=campaign.year + 1,
                    title=next_year_title(campaign), place=campaign.place,
                    plan_text=campaign.plan_text, rules_text=campaign.rules_text,
                    pledge_text=campaign.pledge_text, **next_year_dates(campaign))
    copy.full_clean()
    copy.save()
    for unit, targets in next_year_targets(campaign).items():
        pledge = UnitPledge.objects.create(campaign=copy, unit=unit)
        UnitTarget.objects.bulk_create([UnitTarget(
            pledge=pledge, name=t.name, measure=t.measure, target_value=t.target_value,
            note=t.note, order=t.order) for t in targets])
    return copy


@transaction.atomic
@audit_action("deadline.extend")
def deadline_extend(*, campaign, deadline, unit, new_due, reason, by):
    """Move a milestone later (any of Milestone: reports, self-scoring, verification,
    contesting, dossier) for one unit or all units (unit=None), with a reason."""
    check_open(campaign)
    if not reason.strip():
        raise ValidationError(_("Give the reason for the extension."),
                              code="extension_reason_required")
    base = campaign.base_due(deadline)
    if base is not None and new_due <= base:
        raise ValidationError(_("The new deadline must be after the current one (%(date)s).")
                              % {"date": base.strftime("%d/%m/%Y")},
                              code="extension_not_later")
    if campaign.is_closed_for(deadline):
        raise ValidationError(_("This deadline is closed and can no longer be extended."),
                              code="extension_closed")
    if unit is not None and not Membership.objects.filter(
            cluster=campaign.cluster, year=campaign.year, unit=unit).exists():
        raise ValidationError(_("%(unit)s is not a member this year.") % {"unit": unit},
                              code="extension_not_member")
    return DeadlineExtension.objects.create(campaign=campaign, deadline=deadline, unit=unit,
                                            new_due=new_due, reason=reason.strip(), created_by=by)


def _pledge_is_open(pledge):
    campaign = pledge.campaign
    if not campaign.launched_at:
        raise ValidationError(_("The campaign has not been launched yet."))
    if campaign.pledge_finalised_at:
        raise ValidationError(_("The pledge has been finalised and is locked."),
                              code="pledge_finalised")
    if pledge.signed_at:
        raise ValidationError(_("Your unit has signed: its part of the pledge is locked."),
                              code="pledge_signed")


@transaction.atomic
@audit_action("pledge.save")
def pledge_save(*, pledge, targets, titles):
    """Replace the unit's targets ([{name, measure, target_value, note}]) and titles."""
    check_open(pledge.campaign)
    pledge = (UnitPledge.objects.select_for_update(of=("self",))
              .select_related("campaign").get(pk=pledge.pk))
    _pledge_is_open(pledge)
    allowed = set(AwardType.objects.in_year(pledge.campaign.year).filter(
        organisation_id=pledge.campaign.cluster.organisation_id)
        .values_list("pk", flat=True))
    if any(title.pk not in allowed for title in titles):
        raise ValidationError(_("Choose titles from your organisation's catalogue."),
                              code="title_not_in_catalogue")
    pledge.targets.all().delete()
    for order, target in enumerate(targets):
        UnitTarget.objects.create(pledge=pledge, order=order, **target)
    pledge.titles.set(titles)
    return pledge


@transaction.atomic
@audit_action("pledge.sign")
def pledge_sign(*, pledge, user, address, now=None, occurred_on=None):
    """The representative's explicit signature: who, when, from which address. In recording
    mode `occurred_on` is the day the unit really signed."""
    check_open(pledge.campaign)
    pledge = (UnitPledge.objects.select_for_update(of=("self",))
              .select_related("campaign").get(pk=pledge.pk))
    _pledge_is_open(pledge)
    if not pledge.targets.exists():
        raise ValidationError(_("Register at least one target before signing."), code="no_targets")
    pledge.signed_at = recording.moment(pledge.campaign, occurred_on, default=now)
    pledge.signed_by = user
    pledge.signed_from = address
    pledge.save()
    recording.log(pledge.campaign, action="pledge_sign", subject=pledge.unit,
                  occurred_on=occurred_on, by=user)
    return pledge


@transaction.atomic
@audit_action("pledge.finalise")
def pledge_finalise(*, campaign, occurred_on=None, by=None):
    """Lock the whole pledge (the head does this once units have signed). Its date is the
    signing conference's, which dates the pledge document; `occurred_on` in recording mode."""
    check_open(campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not campaign.launched_at:
        raise ValidationError(_("The campaign has not been launched yet."))
    if campaign.pledge_finalised_at:
        raise ValidationError(_("The pledge has already been finalised."))
    if not campaign.pledges.filter(signed_at__isnull=False).exists():
        raise ValidationError(_("No unit has signed yet."))
    campaign.pledge_finalised_at = recording.moment(campaign, occurred_on)
    last_signature = campaign.pledges.aggregate(last=models.Max("signed_at"))["last"]
    last_day = timezone.localdate(last_signature) if last_signature else None
    if occurred_on is not None and last_day and last_day > occurred_on:
        raise ValidationError(_("The pledge cannot be concluded before the last signature "
                                "(%(date)s).") % {"date": last_day.strftime("%d/%m/%Y")},
                              code="finalised_before_signature")
    campaign.pledge_stored = freeze(build_pledge_document(campaign),
                                    folder=f"issued/{campaign.year}/{campaign.cluster.code}")
    campaign.save()
    recording.log(campaign, action="pledge_finalise", subject=campaign, occurred_on=occurred_on,
                  by=by)
    return campaign


@transaction.atomic
def campaign_recording_set(*, campaign, on):
    """Switch recording after the fact on or off (the secretariat; django-auditlog records
    the change with who made it)."""
    check_open(campaign)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.recording_mode == on:
        raise ValidationError(_("Recording mode is already on.") if on else
                              _("Recording mode is already off."), code="recording_unchanged")
    campaign.recording_mode = on
    campaign.save(update_fields=["recording_mode"])
    return campaign
