"""Reads of the vote. Counts are read only for closed questions (sealed until then). The
*_refusal functions are the one place that says whether an action is possible now: the
session page offers a button exactly when they return None, and the services raise what
they return."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.selectors import member_units
from clusters.models import Membership
from voting import results
from voting.models import Candidate, Question, VotingSession


def members_count(session):
    campaign = session.campaign
    return Membership.objects.filter(cluster=campaign.cluster, year=campaign.year).count()


def question_result(question, members=None):
    """The decided result of a closed question (None while it is open: counts are sealed)."""
    if question.closed_at is None:
        return None
    members = members_count(question.session) if members is None else members
    candidates = question.candidates.select_related("unit", "tally")
    ballots = question.paper_ballots if question.paper_ballots is not None else \
        question.casts.count()
    return results.decide(question, [(c, c.tally.yes) for c in candidates], members, ballots)


def session_questions(session):
    return (Question.objects.filter(session=session).select_related("award")
            .prefetch_related(Prefetch("candidates",
                                       queryset=Candidate.objects.select_related("unit")),
                              "changes__unit")
            .order_by("order", "round", "pk"))


def elected(session, kind, award=None):
    """Units elected on a question and its run-offs (the latest round decides ties)."""
    units = []
    questions = Question.objects.filter(session=session, kind=kind, runoff_of__isnull=True)
    if award is not None:
        questions = questions.filter(award=award)
    for question in questions:
        current = question
        while current is not None:
            result = question_result(current)
            if result is None:
                break
            units += [candidate.unit for candidate in result.elected]
            current = current.runoffs.first()
    return units


def nominations(session):
    """{award: [units]} elected for each award question."""
    found = {}
    for question in Question.objects.filter(session=session, kind=Question.Kind.AWARD,
                                            runoff_of__isnull=True).select_related("award"):
        found[question.award] = elected(session, Question.Kind.AWARD, question.award)
    return found


def quorum_reached(session, members=None):
    members = len(member_units(session.campaign)) if members is None else members
    present = session.attendances.count()
    return members > 0 and Decimal(present) / Decimal(members) >= session.quorum


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
    # Questions without candidates are dropped when the vote opens; one must remain.
    if not session.questions.filter(candidates__isnull=False).exists():
        return ValidationError(_("There is no question with candidates to vote on."),
                               code="no_question")
    return None


def question_close_refusal(question):
    """Why voting on this question cannot close now, or None."""
    session = question.session
    if (refusal := _not_open(session)) is not None:
        return refusal
    if question.closed_at:
        return ValidationError(_("This question is already closed."), code="closed")
    if session.mode == VotingSession.Mode.PAPER and question.paper_ballots is None:
        return ValidationError(_("Enter the counts from the vote-count record first."),
                               code="no_counts")
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
