"""Reads of the vote. Counts are read only for closed questions (sealed until then). The
*_refusal functions are the one place that says whether an action is possible now: the
session page offers a button exactly when they return None, and the services raise what
they return."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.selectors import member_units
from clusters.models import Membership
from voting import ballot_crypto as bc
from voting import bulletin as board
from voting import results
from voting.models import (
    Abstention,
    BallotCast,
    Candidate,
    EncryptedBallot,
    PartialDecryption,
    Question,
    Tally,
    VotingSession,
)


def members_count(session):
    campaign = session.campaign
    return Membership.objects.filter(cluster=campaign.cluster, year=campaign.year).count()


def encrypted(question):
    """Voted online under the encrypted ballot (not on paper, not counted the earlier way,
    not voided by a lost share)."""
    return question.session.mode == VotingSession.Mode.ONLINE and not question.legacy \
        and question.voided_at is None


def on_paper(question):
    """Voted on paper, its counts entered from the vote-count record: a paper conference's
    questions, and those voided online by a lost share (voted again on paper)."""
    return question.session.mode == VotingSession.Mode.PAPER or question.voided_at is not None


def ballots_count(question):
    """Ballots received: entered from paper, else counted (SessionResults annotates the
    counts of all its questions at once)."""
    if question.paper_ballots is not None:
        return question.paper_ballots
    if question.legacy:
        if hasattr(question, "casts_count"):
            return question.casts_count or 0
        return question.casts.count()
    if hasattr(question, "encrypted_count"):
        return question.encrypted_count or 0
    return question.encrypted_ballots.count()


def question_result(question, members=None):
    """The decided result of a counted question (None until then: counts are sealed; an
    encrypted question is counted once every board member decrypted its sums)."""
    if question.counted_at is None:
        return None
    members = members_count(question.session) if members is None else members
    yes = dict(Tally.objects.filter(candidate__question=question)
               .values_list("candidate_id", "yes"))
    candidates = question.candidates.select_related("unit")
    return results.decide(question, [(c, yes.get(c.pk, 0)) for c in candidates], members,
                          ballots_count(question))


# --- The encrypted ballot (issue 13, docs/ballot.md): what every proof is bound to. ---------

def crypto_session_id(session):
    return f"S{session.pk}"


def crypto_question_id(question):
    return f"Q{question.pk}"


def ballot_candidates(question):
    """The candidates in ballot order (one ciphertext each, in this order)."""
    return list(question.candidates.select_related("unit").order_by("pk"))


def board_shares(session):
    """[(member, public share bytes, SchnorrProof)] of the members who published theirs."""
    found = []
    for member in session.board_members.all():
        if member.public_share:
            found.append((member, bytes.fromhex(member.public_share), bc.SchnorrProof(
                bytes.fromhex(member.share_commitment),
                int.from_bytes(bytes.fromhex(member.share_response), "little"))))
    return found


def election_key(session):
    """Y = Σ X_i once every board member published a share, else None."""
    members = list(session.board_members.all())
    if not members or any(not m.public_share for m in members):
        return None
    return bc.combine_key([bytes.fromhex(m.public_share) for m in members])


def crypto_question(question, key=None):
    session = question.session
    key = election_key(session) if key is None else key
    return bc.Question(crypto_session_id(session), crypto_question_id(question), question.round,
                       key, tuple(c.unit.code for c in ballot_candidates(question)),
                       question.quota)


def question_ballots(question):
    """The accepted ballots (ballot_crypto.Ballot), in tracker order."""
    return [bc.ballot_from_json(row.ballot, unit=row.unit.code) for row in
            EncryptedBallot.objects.filter(question=question).select_related("unit")
            .order_by("tracker")]


def session_alphas(session):
    """Every α on the session's board: a ballot reusing one is a copy or a replay."""
    return frozenset(bytes.fromhex(ct["alpha"]) for ballot in EncryptedBallot.objects.filter(
        question__session=session).values_list("ballot", flat=True)
        for ct in ballot["ciphertexts"])


def question_sums(question):
    return bc.sum_ballots(question_ballots(question), question.candidates.count())


def partials_sent(question):
    return PartialDecryption.objects.filter(question=question)


def session_questions(session):
    return (Question.objects.filter(session=session).select_related("award")
            .prefetch_related(Prefetch("candidates",
                                       queryset=Candidate.objects.select_related("unit")),
                              "changes__unit")
            .order_by("order", "round", "pk"))


class SessionResults:
    """Every decided result of a session, read once: the vote-count record and the minutes
    read each question's result several times (its table, the elected units, the awards),
    and reading it per use cost a dozen queries a question. A fixed number of queries for
    the whole session; question_result's rule, applied to rows read together."""

    def __init__(self, session):
        self.session = session
        self.members = members_count(session)
        ballots = EncryptedBallot.objects.filter(question=OuterRef("pk")).values("question")
        casts = BallotCast.objects.filter(question=OuterRef("pk")).values("question")
        self.questions = list(
            Question.objects.filter(session=session).select_related("award")
            .annotate(encrypted_count=Subquery(ballots.annotate(n=Count("pk")).values("n")),
                      casts_count=Subquery(casts.annotate(n=Count("pk")).values("n")))
            .prefetch_related(Prefetch("candidates",
                                       queryset=Candidate.objects.select_related("unit"))))
        self._yes = dict(Tally.objects.filter(candidate__question__session=session)
                         .values_list("candidate_id", "yes"))
        self._by_pk = {question.pk: question for question in self.questions}
        self._runoffs = {}
        for question in self.questions:  # in Question's order: .first() of its run-offs
            if question.runoff_of_id is not None:
                self._runoffs.setdefault(question.runoff_of_id, question)
        self._results = {}

    def result(self, question):
        """question_result(question), from the rows read at the start."""
        if question.pk not in self._results:
            own = self._by_pk[question.pk]
            self._results[question.pk] = None if own.counted_at is None else results.decide(
                own, [(c, self._yes.get(c.pk, 0)) for c in own.candidates.all()],
                self.members, ballots_count(own))
        return self._results[question.pk]

    def elected(self, kind, award=None):
        """Units elected on a question and its run-offs (the latest round decides ties)."""
        units = []
        for question in self.questions:
            if question.kind != kind or question.runoff_of_id is not None or (
                    award is not None and question.award_id != award.pk):
                continue
            current = question
            while current is not None:
                result = self.result(current)
                if result is None:
                    break
                units += [candidate.unit for candidate in result.elected]
                current = self._runoffs.get(current.pk)
        return units

    def nominations(self):
        """{award: [units]} elected for each award question."""
        return {question.award: self.elected(Question.Kind.AWARD, question.award)
                for question in self.questions
                if question.kind == Question.Kind.AWARD and question.runoff_of_id is None}


def elected(session, kind, award=None):
    """Units elected on a question and its run-offs (the latest round decides ties)."""
    return SessionResults(session).elected(kind, award)


def nominations(session):
    """{award: [units]} elected for each award question."""
    return SessionResults(session).nominations()


def quorum_reached(session, members=None):
    members = len(member_units(session.campaign)) if members is None else members
    present = session.attendances.count()
    return members > 0 and Decimal(present) / Decimal(members) >= session.quorum


def prepare_refusal(campaign):
    """Why the vote cannot be prepared now (a ValidationError with a code), or None. Its
    candidates come from the ranking, so only locked results will do: the message says what
    is still missing."""
    from scoring.models import CriteriaTable, CriterionScore, ScoreSheet

    if VotingSession.objects.filter(campaign=campaign).exists():
        return ValidationError(_("The vote is already prepared."), code="prepared")
    table = CriteriaTable.objects.filter(campaign=campaign).first()
    if table is None:
        return ValidationError(_("The vote is prepared from the locked scoring results, and "
                                 "this campaign has no criteria table yet."), code="no_table")
    if table.results_locked_at:
        return None
    missing = []
    unverified = table.sheets.filter(status=ScoreSheet.Status.SUBMITTED).count()
    if unverified:
        missing.append(_("self-scorings not verified: %(n)s") % {"n": unverified})
    contests = CriterionScore.objects.filter(sheet__table=table, contested_at__isnull=False,
                                             resolved_at__isnull=True).count()
    if contests:
        missing.append(_("contests not resolved: %(n)s") % {"n": contests})
    missing.append(_("the head has not locked the results"))
    return ValidationError(_("The vote is prepared from the locked scoring results only. "
                             "Still missing: %(missing)s.") % {"missing": "; ".join(missing)},
                           code="results_not_locked")


def _not_open(session):
    if session.status != VotingSession.Status.OPEN:
        return ValidationError(_("The vote is not open."), code="not_open")
    return None


def open_refusal(session):
    """Why the vote cannot open now (a ValidationError with a code), or None."""
    if session.status != VotingSession.Status.PREPARING:
        return ValidationError(_("The vote has started: this can no longer change."),
                               code="started")
    members = len(member_units(session.campaign))
    if not quorum_reached(session, members):
        return ValidationError(_("The quorum is not reached: %(present)s of %(members)s member "
                                 "units are present.") % {
            "present": session.attendances.count(), "members": members}, code="no_quorum")
    # Questions without candidates stay on the page, closed when the vote opens ("no unit
    # eligible"); one with candidates must remain to vote on.
    if not session.questions.filter(candidates__isnull=False).exists():
        return ValidationError(_("There is no question with candidates to vote on."),
                               code="no_question")
    return None


def question_close_refusal(question, early=False):
    """Why voting on this question cannot close now (early: the head ends it before every
    present unit voted), or None."""
    session = question.session
    if (refusal := _not_open(session)) is not None:
        return refusal
    if question.closed_at:
        return ValidationError(_("This question is already closed."), code="closed")
    if on_paper(question) and question.paper_ballots is None:
        return ValidationError(_("Enter the counts from the vote-count record first."),
                               code="no_counts")
    if encrypted(question):
        return counting_refusal(question, early)
    return None


def counting_refusal(question, early=False):
    """Why the encrypted ballots of this question may not be counted (the voting ended) now,
    or None: every present unit voted, or the head ends early with at least max(3,
    ⌈quorum × members⌉) ballots (voting/bulletin.py `closing_refusal`, which the board's
    browsers and the verifier apply too)."""
    session = question.session
    members = members_count(session)
    voted = [code for code in EncryptedBallot.objects.filter(question=question)
             .values_list("unit__code", flat=True)]
    present = list(session.attendances.values_list("unit__code", flat=True))
    if not voted:
        return None  # nobody voted: closed with nothing to count, nothing to reveal
    abstaining = abstaining_units(question)
    if board.closing_refusal(units_voted=voted, abstaining_units=abstaining,
                             present_units=present,
                             closed_early=early, members=members,
                             quorum=session.quorum) is None:
        return None
    minimum = board.early_close_minimum(members, session.quorum)
    if early:
        return ValidationError(_("Voting can end early only with at least %(n)s ballots "
                                 "(%(cast)s cast): a count over fewer could show how units "
                                 "voted.") % {"n": minimum, "cast": len(voted)},
                               code="too_few_ballots")
    if set(voted) | set(abstaining) == set(present):
        return ValidationError(_("Only %(cast)s ballots were cast (the other present units "
                                 "abstain on a question about themselves): a count over fewer "
                                 "than %(n)s ballots would show how units voted. Vote on this "
                                 "question on paper.") % {"cast": len(voted),
                                                          "n": board.MIN_BALLOTS},
                               code="too_few_ballots")
    return ValidationError(_("Not every present unit has voted yet (%(cast)s of %(present)s); "
                             "the voting can be ended early with at least %(n)s ballots.") % {
        "cast": len(voted) + len(abstaining), "present": len(present), "n": minimum},
        code="not_all_voted")


def abstaining_units(question):
    """Codes of the units that declared they abstain on this question (about themselves)."""
    return sorted(Abstention.objects.filter(question=question)
                  .values_list("unit__code", flat=True))


def abstention_refusal(question, unit):
    """Why `unit` cannot declare now that it abstains on this question, or None: only on
    an open encrypted question whose candidates include the unit, present, not voted on it
    and not declared already."""
    session = question.session
    if (refusal := _not_open(session)) is not None:
        return refusal
    if not encrypted(question) or question.closed_at:
        return ValidationError(_("Voting on this question is not open."),
                               code="voting_not_open")
    if not question.candidates.filter(unit=unit).exists():
        return ValidationError(_("Your unit is not a candidate on this question: it votes "
                                 "(a blank ballot is valid)."), code="not_candidate")
    if not session.attendances.filter(unit=unit).exists():
        return ValidationError(_("Your unit is not recorded as present: it cannot vote."),
                               code="not_present")
    if EncryptedBallot.objects.filter(question=question, unit=unit).exists():
        return ValidationError(_("Your unit has already voted on this question."),
                               code="already_voted")
    if Abstention.objects.filter(question=question, unit=unit).exists():
        return ValidationError(_("Your unit has already declared it does not vote on this "
                                 "question."), code="already_abstained")
    # A declaration cannot be undone: refuse the one that would leave fewer possible ballots
    # than a count may cover, else the question could never be counted (nor closed).
    others_abstaining = Abstention.objects.filter(question=question).count()
    if session.attendances.count() - others_abstaining - 1 < board.MIN_BALLOTS:
        return ValidationError(_("Too few units would be left to vote on this question "
                                 "(a count needs at least %(n)s ballots): your unit votes "
                                 "(a blank ballot is valid).") % {"n": board.MIN_BALLOTS},
                               code="too_few_voters")
    return None


def share_lost_refusal(member):
    """Why this board member's share cannot be declared lost now, or None: a published share
    of an online vote not closed, once, while some question is not yet counted."""
    session = member.session
    if session.mode != VotingSession.Mode.ONLINE:
        return ValidationError(_("This vote takes no key shares."), code="no_shares")
    if session.status == VotingSession.Status.CLOSED:
        return ValidationError(_("The vote is closed."), code="vote_closed")
    if session.share_lost_at:
        return ValidationError(_("A share has already been declared lost: the questions not "
                                 "yet counted are voted on paper."), code="share_lost")
    if not member.public_share:
        return ValidationError(_("This member has not published a share: there is nothing to "
                                 "lose."), code="not_published")
    if not session.questions.filter(counted_at__isnull=True).exists():
        return ValidationError(_("Every question is already counted: nothing to void."),
                               code="all_counted")
    return None


def voided_questions(session):
    return list(session.questions.filter(voided_at__isnull=False).order_by("order", "round",
                                                                          "pk"))


def tracker_check_refusal(session):
    """Why the tracker check in the room cannot be recorded now, or None: an online vote
    that has opened, until its minutes are issued."""
    if session.mode != VotingSession.Mode.ONLINE:
        return ValidationError(_("Trackers are checked for an online vote only."),
                               code="not_online")
    if session.status == VotingSession.Status.PREPARING:
        return ValidationError(_("The vote has not opened yet: there are no trackers to "
                                 "check."), code="not_open")
    if session.minutes_record_id:
        return ValidationError(_("The conference's records are issued: they can no longer "
                                 "change."), code="records_issued")
    return None


def runoff_refusal(question, result=None):
    """Why no run-off can open on this question now, or None. result: its question_result,
    when already read."""
    if (refusal := _not_open(question.session)) is not None:
        return refusal
    result = question_result(question) if result is None else result
    if result is None or not result.needs_runoff:
        return ValidationError(_("There is no tie at the cut-off to decide."), code="no_tie")
    if question.runoffs.exists():
        return ValidationError(_("A run-off is already open for this question."),
                               code="runoff_open")
    return None


def close_refusal(session):
    """Why the vote cannot close now, or None."""
    if (refusal := _not_open(session)) is not None:
        return refusal
    if session.questions.filter(closed_at__isnull=True).exists():
        return ValidationError(_("Close every question first."), code="questions_open")
    if session.questions.filter(counted_at__isnull=True).exists():
        return ValidationError(_("The counting board has not decrypted every question yet."),
                               code="not_counted")
    return None


def records_issue_refusal(session):
    """Why the vote-count record and the minutes cannot be issued now, or None: they record
    a closed vote, once (a correction is a new issue of a summary, not of the minutes)."""
    if session.status != VotingSession.Status.CLOSED:
        return ValidationError(_("The records are issued once the vote is closed."),
                               code="vote_not_closed")
    if session.minutes_record_id or session.count_record_id:
        return ValidationError(_("The conference's records have already been issued."),
                               code="records_issued")
    if not (session.chair and session.secretary):
        return ValidationError(_("Name the chair and the secretary of the conference first: "
                                 "they sign the minutes."), code="signers_missing")
    return None


@dataclass
class ConferenceFacts:
    """When and where the conference was held, as both minutes state it."""

    day: object
    starts: object  # datetime.time or None
    ends: object
    place: str


def conference_facts(session):
    """The recorded conference date and times, else those of the vote's opening and closing
    (the day it opened; the planned date before that)."""
    opened = timezone.localtime(session.opened_at) if session.opened_at else None
    closed = timezone.localtime(session.closed_at) if session.closed_at else None
    day = session.held_on or (opened.date() if opened else session.campaign.conference_on)
    return ConferenceFacts(
        day=day, starts=session.starts_at or (opened.time() if opened else None),
        ends=session.ends_at or (closed.time() if closed else None),
        place=session.place or session.campaign.place)


# --- The bulletin board (issue 13, item 5; docs/ballot.md §3) ------------------------------

class SessionBoard:
    """What every bulletin of a session repeats (the key, the board and its shares, the
    members, the units present), read once: the vote-count record prints one bulletin
    hash per question."""

    def __init__(self, session):
        self.session = session
        self.key = election_key(session)
        self.members = members_count(session)
        self.present_units = list(session.attendances.values_list("unit__code", flat=True))
        self.shares = board_shares(session)
        self.order = {m.pk: i for i, (m, _share, _proof) in enumerate(self.shares)}


def question_bulletin(question, session_board=None):
    """The bulletin of one online question: the board, every accepted ballot (tracker order),
    and once counted the sums, all partial decryptions, counts and result. Partial
    decryptions are held back (tally null) until every board member's is in. None for a
    paper or legacy question. `session_board`: a SessionBoard of its session, when several
    of its bulletins are built."""
    session = question.session
    if not encrypted(question):
        return None
    known = session_board or SessionBoard(session)
    if known.key is None:
        return None
    public = crypto_question(question, known.key)
    ballots = question_ballots(question)
    tally = None
    if question.counted_at and ballots:
        partials = [bc.partial_from_json(p.data) for p in sorted(
            PartialDecryption.objects.filter(question=question),
            key=lambda p: known.order[p.member_id])]
        tally = board.tally_entry(public, ballots, partials, members=known.members,
                                  threshold=question.threshold,
                                  strictly_above=question.strictly_above)
    entry = board.question_entry(public, ballots, threshold=question.threshold,
                                 strictly_above=question.strictly_above, tally=tally,
                                 abstaining_units=abstaining_units(question),
                                 closed_early=question.closed_early)
    return board.bulletin(
        session=crypto_session_id(session), members=known.members,
        quorum=session.quorum, present_units=known.present_units,
        board=[board.board_entry(m.crypto_id, share, proof) for m, share, proof in known.shares],
        election_key=known.key, questions=[entry])


def bulletin_bytes(question):
    found = question_bulletin(question)
    return None if found is None else board.bulletin_to_bytes(found)
