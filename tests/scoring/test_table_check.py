"""The rules of a table's contents (scoring.table_check), one refusal code each."""

from decimal import Decimal as D

import pytest

from scoring import table_check

GROUPS = [{"key": "1", "code": "I", "name": "Nhiệm vụ"}, {"key": "2", "code": "II", "name": "Khác"}]
BANDS = [{"name": "Xuất sắc", "min": D(95), "no_zero": True},
         {"name": "Hoàn thành", "min": D(50), "no_zero": False},
         {"name": "Không hoàn thành", "min": D(0), "no_zero": False}]


def _criteria(*rows):
    return [{"group": group, "code": code, "name": f"Tiêu chí {code}", "max_points": D(points)}
            for group, code, points in rows]


CRITERIA = _criteria(("1", "1", 60), ("2", "2", 40))


def codes(**overrides):
    contents = {"groups": GROUPS, "criteria": CRITERIA, "bands": BANDS,
                "total_points": D(100), "bonus_cap": D(3), **overrides}
    return [e.code for e in table_check.contents_errors(**contents)]


def test_a_well_formed_table_keeps_every_rule():
    assert codes() == []


@pytest.mark.parametrize(("overrides", "code"), [
    ({"groups": [*GROUPS, {"key": "3", "code": "i", "name": "Trùng"}]}, "duplicate_group_code"),
    ({"criteria": _criteria(("1", "1", 60), ("2", "1", 40))}, "duplicate_criterion_code"),
    ({"criteria": _criteria(("1", "1", 60), ("9", "2", 40))}, "group_in_use"),
    ({"criteria": [], "total_points": None}, "no_criteria"),
    ({"criteria": _criteria(("1", "1", 60), ("2", "2", 35))}, "max_total_mismatch"),
    ({"bands": BANDS[:1]}, "too_few_bands"),
    ({"bands": [*BANDS, {"name": "xuất sắc", "min": D(99), "no_zero": True}]},
     "duplicate_band_name"),
    ({"bands": [*BANDS, {"name": "Tốt", "min": D(50), "no_zero": True}]}, "bands_overlap"),
    ({"bands": [*BANDS[:2], {"name": "Kém", "min": D(10), "no_zero": False}]},
     "lowest_band_not_zero"),
    ({"bands": [*BANDS[:2], {"name": "Kém", "min": D(-1), "no_zero": False}]}, "band_negative"),
    ({"bands": [{"name": "Tuyệt đối", "min": D(104), "no_zero": True}, *BANDS]},
     "band_unreachable"),
])
def test_each_broken_rule_is_named_by_its_code(overrides, code):
    assert code in codes(**overrides)


def test_bands_may_be_typed_in_any_order():
    assert codes(bands=list(reversed(BANDS))) == []


def test_without_a_standard_total_the_maxima_may_add_up_to_anything():
    assert codes(criteria=_criteria(("1", "1", 7)), total_points=None,
                 bands=[{"name": "Đạt", "min": D(5)}, {"name": "Không đạt", "min": D(0)}]) == []


def test_the_bonus_cap_makes_a_band_above_the_maxima_reachable():
    bands = [{"name": "Tuyệt đối", "min": D(102), "no_zero": True}, *BANDS]
    assert codes(bands=bands) == [] and "band_unreachable" in codes(bands=bands, bonus_cap=D(0))
