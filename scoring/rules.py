"""The arithmetic of a result: totals with capped adjustments, rating bands, ranks.

Pure functions over plain values, so each rule is tested on its own (tests/scoring/).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from scoring.models import LOWEST_BAND

ZERO = Decimal(0)


@dataclass
class Result:
    unit: object
    sheet: object = None
    standard: Decimal = ZERO  # sum of criterion scores
    bonus: Decimal = ZERO  # after the cap
    penalty: Decimal = ZERO  # after the cap
    has_zero: bool = False  # some criterion scored 0
    disqualified: bool = False
    submitted: bool = False  # self-scored by the deadline
    tie_break: Decimal = ZERO  # score of the tie-break group
    rating: str = ""
    rank: int | None = None
    tie_note: str = ""  # how a tie on the total was settled (printed, so in Vietnamese)
    group_scores: dict = field(default_factory=dict)
    scores: dict = field(default_factory=dict)  # criterion id → final score

    @property
    def total(self):
        return self.standard + self.bonus - self.penalty


def capped(claimed, cap):
    """Bonus or penalty points count up to their cap (default 3)."""
    return min(sum(claimed, ZERO), cap)


def rating_for(result, bands):
    """The first band whose minimum the total reaches, skipping bands that need no zero
    criterion when one is zero. No self-score, or a disqualifying violation: the lowest."""
    if not result.submitted or result.disqualified:
        return LOWEST_BAND
    for band in sorted(bands, key=lambda b: Decimal(b["min"]), reverse=True):
        if result.total >= Decimal(band["min"]) and not (band.get("no_zero") and
                                                          result.has_zero):
            return band["name"]
    return LOWEST_BAND


def rank(results):
    """Order by total, then the tie-break group's score; units still equal share a rank
    (1, 2, 2, 4) — the conference's vote decides between them. Units that did not
    self-score come last, unranked."""
    ranked = sorted((r for r in results if r.submitted),
                    key=lambda r: (r.total, r.tie_break), reverse=True)
    previous, position = None, 0
    for index, result in enumerate(ranked, 1):
        key = (result.total, result.tie_break)
        if key != previous:
            position, previous = index, key
        result.rank = position
    _tie_notes(ranked)
    return ranked + [r for r in results if not r.submitted]


def _tie_notes(ranked):
    by_total = {}
    for result in ranked:
        by_total.setdefault(result.total, []).append(result)
    for tied in (group for group in by_total.values() if len(group) > 1):
        for result in tied:
            shared = sum(1 for other in tied if other.rank == result.rank) > 1
            result.tie_note = ("Đồng hạng: bằng tổng điểm và điểm nhóm tiêu chí ưu tiên"
                               if shared else
                               "Bằng tổng điểm, xếp hạng theo điểm nhóm tiêu chí ưu tiên")
