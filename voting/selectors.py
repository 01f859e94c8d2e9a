"""Reads of the vote. Counts are read only for closed questions (sealed until then)."""

from django.db.models import Prefetch

from clusters.models import Membership
from voting import results
from voting.models import Candidate, Question


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
