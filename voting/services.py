"""Writes of the vote. Ballot secrecy: `ballot_cast` records that a unit voted, adds to the
chosen candidates' tallies and stores a receipt code, in one transaction, with nothing that
joins them (see models.py)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import recording
from campaigns.models import AwardType
from campaigns.selectors import member_units
from clusters.models import Membership
from members.models import Representative
from voting import selectors
from voting.models import (
    Attendance,
    BallotCast,
    Candidate,
    CandidateChange,
    CountingBoardMember,
    Question,
    Receipt,
    Tally,
    VotingSession,
)

AWARD_LEVELS = (AwardType.Level.GOVERNMENT_FLAG, AwardType.Level.ORGANISATION_FLAG,
                AwardType.Level.PM_MERIT, AwardType.Level.ORGANISATION_MERIT)
LEADER_THRESHOLD = Decimal("0.5")  # next year's head and deputy: more than half of all units


def _excellent_in_rank_order(campaign):
    """Units rated Xuất sắc, best first (the default candidates for awards)."""
    from scoring.models import CriteriaTable
    from scoring.selectors import results

    table = CriteriaTable.objects.filter(campaign=campaign).first()
    if table is None:
        return []
    return [(r.unit, r.rank) for r in results(table) if r.rating == "Xuất sắc"]


@transaction.atomic
def session_prepare(*, campaign, mode=VotingSession.Mode.ONLINE):
    """The session with its questions: one per award (candidates: the units rated Xuất sắc
    in rank order), next year's head and deputy (candidates: every member unit)."""
    session, created = VotingSession.objects.get_or_create(
        campaign=campaign, defaults={"mode": mode,
                                     "quorum": campaign.cluster.organisation.vote_quorum})
    if not created:
        return session
    excellent = _excellent_in_rank_order(campaign)
    order = 0
    for award in AwardType.objects.in_year(campaign.year).filter(
            organisation=campaign.cluster.organisation, level__in=AWARD_LEVELS):
        question = Question.objects.create(
            session=session, kind=Question.Kind.AWARD, award=award, order=order,
            title=_("Propose for: %(award)s") % {"award": award.name}, quota=award.quota,
            threshold=award.vote_threshold, strictly_above=award.strictly_above)
        for unit, rank in excellent:
            _candidate(question, unit, rank=rank)
        order += 1
    units = member_units(campaign)
    for kind, title in ((Question.Kind.HEAD, _("Head unit for %(year)s")),
                        (Question.Kind.DEPUTY, _("Deputy unit for %(year)s"))):
        question = Question.objects.create(
            session=session, kind=kind, order=order, quota=1, threshold=LEADER_THRESHOLD,
            strictly_above=True, title=title % {"year": campaign.year + 1})
        for unit in units:
            _candidate(question, unit)
        order += 1
    _default_board(session, units)
    return session


def _person_of(unit):
    """The unit's designated voter, else any representative: a name to start from."""
    rep = (Representative.objects.filter(unit=unit).select_related("user")
           .order_by("-is_designated_voter", "pk").first())
    return rep.user.full_name if rep else ""


def _default_board(session, units):
    """The counting board the conference is asked to elect: a person of the head unit (its
    chief), one of the deputy unit and one of another member unit (names editable)."""
    roles = dict(Membership.objects.filter(cluster=session.campaign.cluster,
                                           year=session.campaign.year)
                 .values_list("unit_id", "role"))
    by_role = {role: [u for u in units if roles.get(u.pk) == role] for role in Membership.Role}
    chosen = (by_role[Membership.Role.HEAD][:1] + by_role[Membership.Role.DEPUTY][:1]
              + by_role[Membership.Role.MEMBER][:1])
    for order, unit in enumerate(chosen):
        CountingBoardMember.objects.create(session=session, unit=unit, name=_person_of(unit),
                                           is_chief=order == 0, order=order)


@transaction.atomic
def session_details_save(*, session, place, chair, secretary, board):
    """The conference's place, chair and secretary, and the counting board (board: [(name,
    unit)], the first its chief), editable until the vote closes."""
    if session.status == VotingSession.Status.CLOSED:
        raise ValidationError(_("The vote is closed: its records can no longer change."),
                              code="vote_closed")
    members = {u.pk for u in member_units(session.campaign)}
    board = [(name.strip(), unit) for name, unit in board if name.strip()]
    if not board:
        raise ValidationError(_("Name the chief of the counting board."),
                              code="board_chief_required")
    if any(unit is not None and unit.pk not in members for _name, unit in board):
        raise ValidationError(_("Members of the counting board come from member units."),
                              code="board_outsider")
    session.place, session.chair, session.secretary = place.strip(), chair.strip(), \
        secretary.strip()
    session.save()
    session.board_members.all().delete()
    for order, (name, unit) in enumerate(board):
        CountingBoardMember.objects.create(session=session, unit=unit, name=name,
                                           is_chief=order == 0, order=order)
    return session


def _candidate(question, unit, rank=None, reason=""):
    candidate = Candidate.objects.create(question=question, unit=unit, rank=rank,
                                         added_reason=reason)
    Tally.objects.create(candidate=candidate)
    return candidate


def _preparing(session):
    if session.status != VotingSession.Status.PREPARING:
        raise ValidationError(_("The vote has started: this can no longer change."))


@transaction.atomic
def candidate_add(*, question, unit, reason):
    _preparing(question.session)
    if not reason.strip():
        raise ValidationError(_("Give the reason for adding a candidate."))
    if unit.pk not in {u.pk for u in member_units(question.session.campaign)}:
        raise ValidationError(_("Only member units can be candidates."))
    if question.candidates.filter(unit=unit).exists():
        raise ValidationError(_("%(unit)s is already a candidate.") % {"unit": unit})
    CandidateChange.objects.create(question=question, unit=unit, action="added",
                                   reason=reason.strip())
    return _candidate(question, unit, reason=reason.strip())


@transaction.atomic
def candidate_remove(*, candidate, reason):
    _preparing(candidate.question.session)
    if not reason.strip():
        raise ValidationError(_("Give the reason for removing a candidate."),
                              code="removal_reason_required")
    CandidateChange.objects.create(question=candidate.question, unit=candidate.unit,
                                   action="removed", reason=reason.strip())
    candidate.delete()


@transaction.atomic
def attendance_set(*, session, units):
    _preparing(session)
    members = {u.pk for u in member_units(session.campaign)}
    session.attendances.all().delete()
    for unit in units:
        if unit.pk in members:
            Attendance.objects.create(session=session, unit=unit)


DEFAULT_START = datetime.time(8, 0)
DEFAULT_END = datetime.time(11, 30)


@transaction.atomic
def session_conference_set(*, session, place, starts_at=None, ends_at=None, held_on=None,
                           by=None):
    """The conference's date, start and end times and place, as both minutes state them.
    The date is given only in recording mode (checked in the campaign's bounds); otherwise
    it is the day the vote opens."""
    session = VotingSession.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(pk=session.pk)
    campaign = session.campaign
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(_("The conference must end after it starts."),
                              code="ends_before_start")
    if held_on is not None:
        recording.moment(campaign, held_on)  # the one check of a recorded date
        if session.status != VotingSession.Status.PREPARING and session.held_on != held_on:
            raise ValidationError(_("The vote has started: its date can no longer change."),
                                  code="started")
        session.held_on = held_on
    elif campaign.recording_mode:
        raise ValidationError(_("Enter the date the conference was held."),
                              code="conference_date_required")
    session.place, session.starts_at, session.ends_at = place.strip(), starts_at, ends_at
    session.save()
    recording.log(campaign, action="conference", subject=session.place or campaign.place,
                  occurred_on=held_on, by=by)
    return session


def _conference_moment(session, time, default):
    """In recording mode the vote opens and closes on the recorded conference day."""
    campaign = session.campaign
    if not campaign.recording_mode:
        return timezone.now()
    if session.held_on is None:
        raise ValidationError(_("Enter the date the conference was held first."),
                              code="conference_date_required")
    return recording.moment(campaign, session.held_on, at=time or default)


@transaction.atomic
def session_open(*, session):
    session = VotingSession.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(pk=session.pk)
    if (refusal := selectors.open_refusal(session)) is not None:
        raise refusal
    # A question nobody can be elected on (an award with no candidate) is not put to the vote.
    Question.objects.filter(session=session, candidates__isnull=True).delete()
    session.status = VotingSession.Status.OPEN
    session.opened_at = _conference_moment(session, session.starts_at, DEFAULT_START)
    session.held_on = session.held_on or timezone.localdate(session.opened_at)
    session.save()
    return session


def designated_voter_of(unit):
    return Representative.objects.filter(unit=unit, is_designated_voter=True).first()


def ballot_cast(*, question, unit, user, candidate_ids):
    """Cast the unit's ballot on a question; returns the receipt code."""
    session = question.session
    if session.status != VotingSession.Status.OPEN or question.closed_at:
        raise ValidationError(_("Voting on this question is not open."), code="voting_not_open")
    if session.mode != VotingSession.Mode.ONLINE:
        raise ValidationError(_("This conference votes on paper."))
    voter = designated_voter_of(unit)
    if voter is None or voter.user_id != user.pk:
        raise ValidationError(_("Only the unit's designated voter can cast its ballot."),
                              code="not_designated_voter")
    if not session.attendances.filter(unit=unit).exists():
        raise ValidationError(_("Your unit is not checked in as present."))
    chosen = list(question.candidates.filter(pk__in=candidate_ids))
    if len(chosen) != len(set(candidate_ids)):
        raise ValidationError(_("Choose among the question's candidates."))
    if len(chosen) > question.quota:
        raise ValidationError(_("Choose at most %(n)s.") % {"n": question.quota},
                              code="too_many_choices")
    try:
        with transaction.atomic():
            BallotCast.objects.create(question=question, unit=unit)
            Tally.objects.filter(candidate__in=chosen).update(yes=F("yes") + 1)
            return Receipt.objects.create(question=question).code
    except IntegrityError:
        raise ValidationError(_("Your unit has already voted on this question."),
                              code="already_voted") from None


@transaction.atomic
def paper_counts_save(*, question, ballots, counts, invalid=0):
    """Enter a paper vote-count record: valid ballots counted, invalid ones, and yes votes
    per candidate."""
    session = question.session
    if session.mode != VotingSession.Mode.PAPER:
        raise ValidationError(_("This conference votes online."))
    if session.status != VotingSession.Status.OPEN or question.closed_at:
        raise ValidationError(_("Counts can be entered only while the vote is open."))
    present = session.attendances.count()
    if not 0 <= ballots <= present:
        raise ValidationError(_("Ballots counted must be between 0 and the %(n)s units "
                                "present.") % {"n": present})
    if not 0 <= invalid <= present - ballots:
        raise ValidationError(_("Valid and invalid ballots together cannot exceed the %(n)s "
                                "ballots issued.") % {"n": present}, code="too_many_ballots")
    for candidate in question.candidates.all():
        yes = counts.get(candidate.pk, 0)
        if not 0 <= yes <= ballots:
            raise ValidationError(_("%(unit)s: the count must be between 0 and the number of "
                                    "ballots.") % {"unit": candidate.unit})
        Tally.objects.filter(candidate=candidate).update(yes=yes)
    question.paper_ballots, question.paper_invalid = ballots, invalid
    question.save()
    return question


@transaction.atomic
def question_close(*, question):
    """Close voting on a question: its counts become visible."""
    # Read again under a lock (the caller's copy may be stale: the session closed since).
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    if (refusal := selectors.question_close_refusal(question)) is not None:
        raise refusal
    question.closed_at = timezone.now()
    question.save()
    return question


@transaction.atomic
def runoff_open(*, question):
    """A new round between the candidates tied at the cut-off, for the seats left."""
    # Read again under a lock (the caller's copy may be stale: the session closed since).
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    result = selectors.question_result(question)
    if (refusal := selectors.runoff_refusal(question, result)) is not None:
        raise refusal
    runoff = Question.objects.create(
        session=question.session, kind=question.kind, award=question.award,
        title=_("%(title)s — run-off") % {"title": question.title}, order=question.order,
        quota=question.quota - len(result.elected), threshold=question.threshold,
        strictly_above=question.strictly_above, round=question.round + 1, runoff_of=question)
    for unit in result.tied:
        _candidate(runoff, unit.unit)
    return runoff


@transaction.atomic
def session_close(*, session):
    """Close the vote and move the rotation: next year's membership with the elected head
    and deputy (their staff get the head's and deputy's rights for that year)."""
    session = VotingSession.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(pk=session.pk)
    if (refusal := selectors.close_refusal(session)) is not None:
        raise refusal
    session.status = VotingSession.Status.CLOSED
    session.closed_at = _conference_moment(session, session.ends_at, DEFAULT_END)
    session.save()
    heads = selectors.elected(session, Question.Kind.HEAD)
    deputies = selectors.elected(session, Question.Kind.DEPUTY)
    rotate(session.campaign, heads[0] if heads else None, deputies[0] if deputies else None)
    return session


def rotate(campaign, head, deputy):
    """Next year's membership of the cluster: this year's members (those not merged), with
    the elected head and deputy; a membership already set for next year keeps its members."""
    from clusters.services import membership_set

    year = campaign.year + 1
    existing = [m.unit for m in Membership.objects.filter(
        cluster=campaign.cluster, year=year).select_related("unit")]
    units = existing or [u for u in member_units(campaign) if u.accepts_membership_in(year)]
    unit_ids = {u.pk for u in units}
    if head is not None and head.pk not in unit_ids:
        head = None
    if deputy is not None and (deputy.pk not in unit_ids or head and deputy.pk == head.pk):
        deputy = None
    membership_set(cluster=campaign.cluster, year=year, units=units, head=head, deputy=deputy)
