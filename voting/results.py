"""The arithmetic of a vote: shares of ALL member units, thresholds, quota and run-offs."""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class CandidateResult:
    candidate: object
    yes: int
    share: Decimal  # yes / all member units
    passed: bool
    elected: bool = False
    tied: bool = False  # tied at the cut-off: goes to a run-off


@dataclass
class QuestionResult:
    question: object
    members: int
    ballots: int
    rows: list = field(default_factory=list)

    @property
    def elected(self):
        return [r.candidate for r in self.rows if r.elected]

    @property
    def tied(self):
        return [r.candidate for r in self.rows if r.tied]

    @property
    def needs_runoff(self):
        return bool(self.tied)


def passes(yes, members, threshold, strictly_above):
    """Counted on all member units of the cluster, not on those present."""
    if members == 0:
        return False
    share = Decimal(yes) / Decimal(members)
    return share > threshold if strictly_above else share >= threshold


def decide(question, tallies, members, ballots, seats=None):
    """tallies: [(candidate, yes)]. Candidates that pass are elected by highest count up to
    the quota (or `seats`); a tie across the cut-off elects none of the tied and marks them
    for a run-off."""
    seats = question.quota if seats is None else seats
    result = QuestionResult(question=question, members=members, ballots=ballots)
    for candidate, yes in sorted(tallies, key=lambda t: (-t[1], str(t[0]))):
        share = (Decimal(yes) / Decimal(members)).quantize(Decimal("0.0001")) if members else 0
        result.rows.append(CandidateResult(candidate, yes, share, passes(
            yes, members, question.threshold, question.strictly_above)))
    passing = [r for r in result.rows if r.passed]
    if len(passing) <= seats:
        for row in passing:
            row.elected = True
        return result
    cutoff = passing[seats - 1].yes if seats else None
    above = [r for r in passing if cutoff is not None and r.yes > cutoff]
    at_cutoff = [r for r in passing if r.yes == cutoff]
    if len(above) + len(at_cutoff) <= seats:
        for row in above + at_cutoff:
            row.elected = True
    else:
        for row in above:
            row.elected = True
        for row in at_cutoff:
            row.tied = True
    return result
