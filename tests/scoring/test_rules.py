from decimal import Decimal as D

import pytest

from scoring import rules
from scoring.models import DEFAULT_BANDS


def result(standard, submitted=True, has_zero=False, bonus=0, penalty=0, tie=0,
           disqualified=False, name="u"):
    return rules.Result(unit=name, standard=D(standard), submitted=submitted, has_zero=has_zero,
                        bonus=D(bonus), penalty=D(penalty), tie_break=D(tie),
                        disqualified=disqualified)


def test_bonus_counts_up_to_its_cap():
    assert rules.capped([D(2), D(2)], D(3)) == 3


def test_penalty_counts_up_to_its_cap():
    assert rules.capped([D(1), D(1), D(2)], D(3)) == 3


def test_total_is_standard_plus_bonus_minus_penalty():
    assert result(90, bonus=3, penalty=1).total == 92


@pytest.mark.parametrize(("total", "has_zero", "band"), [
    (95, False, "Xuất sắc"), (100, False, "Xuất sắc"), (94.99, False, "Tốt"),
    (85, False, "Tốt"), (84.5, False, "Hoàn thành"), (75, False, "Hoàn thành"),
    (74.99, False, "Không hoàn thành"),
    (97, True, "Hoàn thành"),  # a criterion at 0 bars Xuất sắc and Tốt
    (88, True, "Hoàn thành"),
])
def test_rating_bands_and_the_zero_criterion_rule(total, has_zero, band):
    assert rules.rating_for(result(D(str(total)), has_zero=has_zero), DEFAULT_BANDS) == band


def test_no_self_score_gets_the_lowest_rating():
    assert rules.rating_for(result(99, submitted=False), DEFAULT_BANDS) == "Không hoàn thành"


def test_a_disqualifying_violation_gets_the_lowest_rating():
    assert rules.rating_for(result(99, disqualified=True), DEFAULT_BANDS) == "Không hoàn thành"


def test_ranks_follow_totals_then_the_tie_break_group():
    a, b, c = result(90, tie=50, name="a"), result(92, name="b"), result(90, tie=55, name="c")
    ranked = rules.rank([a, b, c])
    assert [(r.unit, r.rank) for r in ranked] == [("b", 1), ("c", 2), ("a", 3)]


def test_units_still_tied_share_a_rank_and_the_next_is_skipped():
    a, b, c = result(90, tie=50, name="a"), result(90, tie=50, name="b"), result(80, name="c")
    assert [r.rank for r in rules.rank([a, b, c])] == [1, 1, 3]


def test_units_that_did_not_self_score_come_last_unranked():
    ranked = rules.rank([result(0, submitted=False, name="x"), result(70, name="y")])
    assert [(r.unit, r.rank) for r in ranked] == [("y", 1), ("x", None)]
