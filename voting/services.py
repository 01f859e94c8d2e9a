"""Writes of the vote. Ballot secrecy (issue 13, docs/ballot.md): `ballot_cast` accepts only
ciphertexts and proofs, verified before anything is written, and writes exactly one row; the
counts come from the counting board's partial decryptions of the sums, once all are in."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import recording
from campaigns.models import AwardType
from campaigns.selectors import check_open, member_units
from clusters.models import Membership
from core.audit import audit_action
from members.models import Representative
from reports.services import document_issue
from voting import ballot_crypto as bc
from voting import selectors
from voting.documents import minutes_document, vote_count_document
from voting.models import (
    Abstention,
    Attendance,
    Candidate,
    CandidateChange,
    CountingBoardMember,
    EncryptedBallot,
    PartialDecryption,
    Question,
    Tally,
    TrackerCheck,
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
    in rank order), next year's head and deputy (candidates: every member unit). Only from
    locked results (selectors.prepare_refusal); an award with no unit eligible keeps its
    question, shown as such."""
    check_open(campaign)
    existing = VotingSession.objects.filter(campaign=campaign).first()
    if existing is not None:
        return existing
    if (refusal := selectors.prepare_refusal(campaign)) is not None:
        raise refusal
    session = VotingSession.objects.create(
        campaign=campaign, mode=mode, quorum=campaign.cluster.organisation.vote_quorum)
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
                                           user=_user_of(unit), is_chief=order == 0,
                                           order=order)


def _user_of(unit):
    rep = (Representative.objects.filter(unit=unit).select_related("user")
           .order_by("-is_designated_voter", "pk").first()) if unit is not None else None
    return rep.user if rep else None


@transaction.atomic
def session_details_save(*, session, place, chair, secretary, board):
    """The conference's place, chair and secretary, and the counting board (board: [(name,
    unit)], the first its chief), editable until the records are issued (a conference that
    closed the vote before naming its secretary can still have its minutes signed)."""
    check_open(session.campaign)
    if session.minutes_record_id:
        raise ValidationError(_("The conference's records are issued: they can no longer "
                                "change."), code="records_issued")
    members = {u.pk for u in member_units(session.campaign)}
    board = [(name.strip(), unit) for name, unit in board if name.strip()]
    if not board:
        raise ValidationError(_("Name the chief of the counting board."),
                              code="board_chief_required")
    if session.board_members.exclude(public_share="").exists():
        raise ValidationError(_("The counting board has published its key shares: it can no "
                                "longer change."), code="board_keyed")
    if any(unit is not None and unit.pk not in members for _name, unit in board):
        raise ValidationError(_("Members of the counting board come from member units."),
                              code="board_outsider")
    session.place, session.chair, session.secretary = place.strip(), chair.strip(), \
        secretary.strip()
    session.save()
    session.board_members.all().delete()
    for order, (name, unit) in enumerate(board):
        CountingBoardMember.objects.create(session=session, unit=unit, name=name,
                                           user=_user_of(unit), is_chief=order == 0,
                                           order=order)
    return session


def _candidate(question, unit, rank=None, reason=""):
    # No Tally row yet: counts exist only once entered from paper or decrypted by the board.
    return Candidate.objects.create(question=question, unit=unit, rank=rank,
                                    added_reason=reason)


def _preparing(session):
    if session.status != VotingSession.Status.PREPARING:
        raise ValidationError(_("The vote has started: this can no longer change."))


@transaction.atomic
def candidate_add(*, question, unit, reason):
    check_open(question.session.campaign)
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
    check_open(candidate.question.session.campaign)
    _preparing(candidate.question.session)
    if not reason.strip():
        raise ValidationError(_("Give the reason for removing a candidate."),
                              code="removal_reason_required")
    CandidateChange.objects.create(question=candidate.question, unit=candidate.unit,
                                   action="removed", reason=reason.strip())
    candidate.delete()


@transaction.atomic
def attendance_set(*, session, units):
    check_open(session.campaign)
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
    check_open(session.campaign)
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
    check_open(session.campaign)
    session = VotingSession.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(pk=session.pk)
    if (refusal := selectors.open_refusal(session)) is not None:
        raise refusal
    session.status = VotingSession.Status.OPEN
    session.opened_at = _conference_moment(session, session.starts_at, DEFAULT_START)
    # A question nobody can be elected on (an award with no unit eligible) is kept, closed
    # at once: the page and the minutes say so instead of dropping it.
    # Nothing to encrypt or decrypt on it: counted as it closes.
    Question.objects.filter(session=session, candidates__isnull=True).update(
        closed_at=session.opened_at, counted_at=session.opened_at)
    session.held_on = session.held_on or timezone.localdate(session.opened_at)
    session.save()
    return session


def designated_voter_of(unit):
    return Representative.objects.filter(unit=unit, is_designated_voter=True).first()


INVALID_BALLOT = "invalid_ballot"


def _invalid(message, error, code=INVALID_BALLOT):
    check = getattr(error, "check", "")
    return ValidationError(message + (f" ({check})" if check else ""), code=code)


@transaction.atomic
def board_share_publish(*, member, user, public_share, proof):
    """A board member publishes its public share X (hex) with the Schnorr proof (JSON) that
    it knows x, bound to the session and the member; refused once any ballot is cast (the
    voters' browsers encrypt to the sum of all shares)."""
    member = CountingBoardMember.objects.select_for_update().select_related(
        "session").get(pk=member.pk)
    session = member.session
    if member.user_id is None or member.user_id != user.pk:
        raise ValidationError(_("Only this member of the counting board can publish its "
                                "share."), code="not_board_member")
    if session.mode != VotingSession.Mode.ONLINE or session.status == "closed":
        raise ValidationError(_("This vote takes no key shares."), code="no_shares")
    if member.public_share:
        raise ValidationError(_("This member's share is already published."),
                              code="share_published")
    if EncryptedBallot.objects.filter(question__session=session).exists():
        raise ValidationError(_("Ballots have been cast: the key can no longer change."),
                              code="ballots_cast")
    try:
        share = bytes.fromhex(public_share) if isinstance(public_share, str) else b""
        if len(share) != 32 or share.hex() != public_share:
            raise bc.InvalidProof("encoding", "the share is not 64 lower-case hex digits")
        schnorr = bc.schnorr_from_json(proof)
        bc.verify_share(selectors.crypto_session_id(session), member.crypto_id, share, schnorr)
    except (bc.InvalidProof, ValueError, TypeError) as error:
        raise _invalid(_("The key share is invalid: its proof does not verify."), error,
                       code="invalid_share") from None
    member.public_share = public_share
    member.share_commitment = proof["commitment"]
    member.share_response = proof["response"]
    member.save(update_fields=["public_share", "share_commitment", "share_response"])
    return member


def ballot_cast(*, question, unit, user, ballot):
    """Cast the unit's encrypted ballot (the POSTed JSON: ciphertexts and proofs, no
    candidate) on a question; returns its tracker, the voter's receipt. Every proof is
    verified before anything is written; the write is one INSERT."""
    check_open(question.session.campaign)
    session = question.session
    if session.status != VotingSession.Status.OPEN or question.closed_at:
        raise ValidationError(_("Voting on this question is not open."), code="voting_not_open")
    if session.mode != VotingSession.Mode.ONLINE:
        raise ValidationError(_("This conference votes on paper."))
    if question.legacy:
        raise ValidationError(_("This question was counted under the earlier scheme."),
                              code="legacy")
    if question.voided_at:
        raise ValidationError(_("A counting board member's share was lost: this question is "
                                "voted again on paper."), code="voided")
    voter = designated_voter_of(unit)
    if voter is None or voter.user_id != user.pk:
        raise ValidationError(_("Only the unit's designated voter can cast its ballot."),
                              code="not_designated_voter")
    if not session.attendances.filter(unit=unit).exists():
        raise ValidationError(_("Your unit is not checked in as present."))
    key = selectors.election_key(session)
    if key is None:
        raise ValidationError(_("The counting board has not published every key share yet."),
                              code="no_election_key")
    public = selectors.crypto_question(question, key)
    try:
        with transaction.atomic():
            # Under the question's lock (a SELECT), so that no two ballots share an α; read
            # again under it, as an early close or a lost share may have come meanwhile (a
            # ballot landing after the board fetched the sums would spoil their decryption).
            locked = (Question.objects.select_for_update().filter(pk=question.pk)
                      .values("closed_at", "voided_at").first())
            if locked["closed_at"] or locked["voided_at"]:
                raise ValidationError(_("Voting on this question is not open."),
                                      code="voting_not_open")
            if EncryptedBallot.objects.filter(question=question, unit=unit).exists():
                raise ValidationError(_("Your unit has already voted on this question."),
                                      code="already_voted")
            if Abstention.objects.filter(question=question, unit=unit).exists():
                raise ValidationError(_("Your unit has declared it does not vote on this "
                                        "question about itself: it cannot cast a ballot."),
                                      code="abstained")
            try:
                parsed = bc.ballot_from_json(ballot, unit=unit.code)
                bc.verify_ballot(public, parsed, selectors.session_alphas(session))
                tracker = bc.tracker(public, parsed)
            except (bc.InvalidProof, ValueError, TypeError, ArithmeticError) as error:
                raise _invalid(_("Invalid ballot (phiếu không hợp lệ): it was not accepted."),
                               error) from None
            data = bc.ballot_to_json(parsed)
            del data["unit"]
            EncryptedBallot.objects.create(question=question, unit=unit, ballot=data,
                                           tracker=tracker)
            return tracker
    except IntegrityError:
        raise ValidationError(_("Your unit has already voted on this question."),
                              code="already_voted") from None


@transaction.atomic
@audit_action("vote.abstain")
def abstention_declare(*, question, unit, user):
    """The unit's designated voter declares that the unit does not vote on a question about
    itself (its unit is a candidate): one row, no ciphertext; the unit can no longer cast a
    ballot on it, and the question closes once every other present unit voted."""
    check_open(question.session.campaign)
    # Under the question's lock, as ballot_cast: a ballot and a declaration never both land.
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    voter = designated_voter_of(unit)
    if voter is None or voter.user_id != user.pk:
        raise ValidationError(_("Only the unit's designated voter can cast its ballot."),
                              code="not_designated_voter")
    if (refusal := selectors.abstention_refusal(question, unit)) is not None:
        raise refusal
    return Abstention.objects.create(question=question, unit=unit)


@transaction.atomic
def paper_counts_save(*, question, ballots, counts, invalid=0):
    """Enter a paper vote-count record: valid ballots counted, invalid ones, and yes votes
    per candidate."""
    check_open(question.session.campaign)
    session = question.session
    if not selectors.on_paper(question):
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
        Tally.objects.update_or_create(candidate=candidate, defaults={"yes": yes})
    question.paper_ballots, question.paper_invalid = ballots, invalid
    question.save()
    return question


@transaction.atomic
def question_close(*, question, early=False):
    """End voting on a question. Paper counts become visible at once; encrypted ballots only
    when every present unit voted, or early (`early`) with at least max(3, ⌈quorum ×
    members⌉) ballots, and are counted once every board member decrypted the sums."""
    check_open(question.session.campaign)
    # Read again under a lock (the caller's copy may be stale: the session closed since).
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    if (refusal := selectors.question_close_refusal(question, early)) is not None:
        raise refusal
    encrypted = selectors.encrypted(question)
    question.closed_at = timezone.now()
    question.closed_early = encrypted and early and \
        selectors.counting_refusal(question, early=False) is not None
    if not encrypted or not question.encrypted_ballots.exists():
        question.counted_at = question.closed_at  # paper, or nobody voted: nothing to decrypt
    question.save()
    return question


@transaction.atomic
def partial_decryption_send(*, question, member, user, partial):
    """A board member's partial decryption (JSON) of the question's sums, its proof verified;
    held back until every member's is in, then the counts are read off the table of j·G and
    written (Tally), and the question is counted."""
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    session = question.session
    member = CountingBoardMember.objects.get(pk=member.pk)  # its share as published, not a copy
    if member.session_id != session.pk or member.user_id is None or member.user_id != user.pk:
        raise ValidationError(_("Only a member of the counting board can decrypt."),
                              code="not_board_member")
    if not selectors.encrypted(question) or question.closed_at is None or question.counted_at:
        raise ValidationError(_("This question is not waiting for the counting board."),
                              code="not_counting")
    if PartialDecryption.objects.filter(question=question, member=member).exists():
        raise ValidationError(_("This member has already decrypted."), code="already_sent")
    public = selectors.crypto_question(question)
    ballots = selectors.question_ballots(question)
    sums = bc.sum_ballots(ballots, len(public.candidates))
    try:
        parsed = bc.partial_from_json(partial)
        if parsed.member != member.crypto_id:
            raise bc.InvalidProof("decryption_proof", "the decryption names another member")
        bc.verify_partial(public, bytes.fromhex(member.public_share), sums, parsed)
    except (bc.InvalidProof, ValueError, TypeError, ArithmeticError) as error:
        raise _invalid(_("The partial decryption is invalid: its proof does not verify."),
                       error, code="invalid_partial") from None
    PartialDecryption.objects.create(question=question, member=member,
                                     data=bc.partial_to_json(parsed))
    board = list(session.board_members.all())
    rows = {p.member_id: p for p in PartialDecryption.objects.filter(question=question)}
    if set(rows) != {m.pk for m in board}:
        return None  # held back until every member's is in
    partials = [bc.partial_from_json(rows[m.pk].data) for m in board]
    try:
        counts = bc.read_counts(sums, partials, len(ballots))
    except bc.InvalidProof as error:
        raise _invalid(_("The decryptions do not give a count."), error,
                       code="invalid_partial") from None
    candidates = selectors.ballot_candidates(question)
    Tally.objects.bulk_create([Tally(candidate=c, yes=n)
                               for c, n in zip(candidates, counts, strict=True)])
    question.counted_at = timezone.now()
    question.save(update_fields=["counted_at"])
    return counts


@transaction.atomic
@audit_action("vote.share_lost")
def board_share_lost_declare(*, member):
    """A board member's share is declared lost (by the head or the member): the election
    key can never decrypt again, so every question of the session not yet counted is void
    online (its encrypted ballots are never counted, no counts are shown for it) and is
    voted again on paper, its counts entered from the vote-count record; the minutes record
    it. Refused by selectors.share_lost_refusal."""
    check_open(member.session.campaign)
    session = VotingSession.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(pk=member.session_id)
    member = CountingBoardMember.objects.select_related("session").get(pk=member.pk)
    member.session = session
    if (refusal := selectors.share_lost_refusal(member)) is not None:
        raise refusal
    now = timezone.now()
    session.share_lost_member, session.share_lost_at = member, now
    session.save(update_fields=["share_lost_member", "share_lost_at"])
    # Closed questions waiting for the board open again, on paper.
    voided = Question.objects.filter(session=session, counted_at__isnull=True)
    # Partial decryptions already sent would let the members who sent them and a database
    # administrator read the void counts: they go with the question's online count.
    PartialDecryption.objects.filter(question__in=voided).delete()
    voided.update(voided_at=now, closed_at=None, closed_early=False)
    return session


@transaction.atomic
@audit_action("vote.tracker_check")
def tracker_check_record(*, session, units_checked, missing_units, note):
    """The secretary records the tracker check in the room: how many present units checked
    their trackers on the bulletin, the units reporting a missing one (they must explain it
    in the note) and a note; recorded again until the minutes are issued."""
    check_open(session.campaign)
    session = VotingSession.objects.select_for_update(of=("self",)).select_related(
        "campaign").get(pk=session.pk)
    if (refusal := selectors.tracker_check_refusal(session)) is not None:
        raise refusal
    present = {a.unit_id: a.unit for a in session.attendances.select_related("unit")}
    if not 0 <= units_checked <= len(present):
        raise ValidationError(_("Units that checked must be between 0 and the %(n)s units "
                                "present.") % {"n": len(present)}, code="bad_units_checked")
    missing = list(missing_units)
    if any(unit.pk not in present for unit in missing):
        raise ValidationError(_("Only a unit present can report a missing tracker."),
                              code="missing_not_present")
    if len(missing) > units_checked:
        raise ValidationError(_("A unit reporting a missing tracker has checked: more units "
                                "report one than checked."), code="missing_above_checked")
    note = note.strip()
    if missing and not note:
        raise ValidationError(_("Say in the note what the units reporting a missing tracker "
                                "found, and what the conference decided."),
                              code="note_required")
    check, _created = TrackerCheck.objects.update_or_create(
        session=session, defaults={"units_checked": units_checked, "note": note})
    check.missing_units.set(missing)
    return check


@transaction.atomic
def runoff_open(*, question):
    """A new round between the candidates tied at the cut-off, for the seats left."""
    check_open(question.session.campaign)
    # Read again under a lock (the caller's copy may be stale: the session closed since).
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    result = selectors.question_result(question)
    if (refusal := selectors.runoff_refusal(question, result)) is not None:
        raise refusal
    runoff = Question.objects.create(
        session=question.session, kind=question.kind, award=question.award,
        title=_("%(title)s — run-off") % {"title": question.title}, order=question.order,
        quota=question.quota - len(result.elected), threshold=question.threshold,
        strictly_above=question.strictly_above, round=question.round + 1, runoff_of=question,
        # After a lost share nothing more can be counted online: the run-off is on paper.
        voided_at=question.session.share_lost_at)
    for unit in result.tied:
        _candidate(runoff, unit.unit)
    return runoff


@transaction.atomic
def session_close(*, session):
    """Close the vote and move the rotation: next year's membership with the elected head
    and deputy (their staff get the head's and deputy's rights for that year)."""
    check_open(session.campaign)
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


@transaction.atomic
@audit_action("vote.records_issue")
def vote_records_issue(*, session, by):
    """Number and freeze the vote-count record, then the minutes (which cite it), both dated
    by the conference; every later download serves the files stored here."""
    session = VotingSession.objects.select_for_update(of=("self",)).select_related(
        "campaign__cluster").get(pk=session.pk)
    if (refusal := selectors.records_issue_refusal(session)) is not None:
        raise refusal
    campaign = session.campaign
    day = selectors.conference_facts(session).day
    session.count_record = document_issue(
        cluster=campaign.cluster, year=campaign.year, type_code="BB",
        title=f"Biên bản kiểm phiếu năm {campaign.year}", by=by, issued_on=day,
        build=lambda issued: vote_count_document(session, by, issued=issued))
    session.minutes_record = document_issue(
        cluster=campaign.cluster, year=campaign.year, type_code="BB",
        title=f"Biên bản họp bình xét, suy tôn năm {campaign.year}", by=by, issued_on=day,
        build=lambda issued: minutes_document(session, by, issued=issued))
    session.save(update_fields=["count_record", "minutes_record"])
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
