"""Names sort the Vietnamese way (issue 16, item 8): Đ after D, Ă after A, on both databases."""

import pytest

from clusters.models import Unit
from core.collation import sort_key, vietnamese
from tests.factories import make_org, make_unit

NAMES = ["Điện Biên", "Dương Kinh", "Ăn Quả", "An Giang", "Zô", "Ê Đê", "Đà Nẵng"]
IN_ORDER = ["An Giang", "Ăn Quả", "Dương Kinh", "Đà Nẵng", "Điện Biên", "Ê Đê", "Zô"]


def test_python_sort_key_puts_d_stroke_after_d():
    assert sorted(NAMES, key=sort_key) == IN_ORDER


@pytest.mark.django_db
def test_the_database_orders_names_the_same_way():
    org = make_org(code="vn")
    for index, name in enumerate(NAMES):
        make_unit(org, code=f"U{index}", name=name)
    assert list(Unit.objects.filter(organisation=org).order_by(vietnamese("name"))
                .values_list("name", flat=True)) == IN_ORDER


@pytest.mark.django_db
def test_units_are_listed_in_vietnamese_order_by_default():
    org = make_org(code="vn")
    for index, name in enumerate(NAMES):
        make_unit(org, code=f"U{index}", name=name)
    assert list(Unit.objects.filter(organisation=org).values_list("name", flat=True)) == IN_ORDER
