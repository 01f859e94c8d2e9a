from decimal import Decimal

import pytest

from campaigns.documents import head_signature
from documents.text import end_mark, person_name, vn_number


@pytest.mark.parametrize(("value", "places", "text"), [
    (Decimal("97.3"), 2, "97,30"),
    (Decimal("1234"), None, "1.234"),
    (2340000, None, "2.340.000"),
    (Decimal("1234567.5"), None, "1.234.567,5"),
    (Decimal("-3.25"), 2, "-3,25"),
    (Decimal("0.5"), None, "0,5"),
])
def test_numbers_take_the_vietnamese_decimal_comma_and_thousands_point(value, places, text):
    assert vn_number(value, places) == text


@pytest.mark.parametrize(("name", "allowed", "printed"), [
    ("PGS.TS. Nguyễn Văn A", False, "Nguyễn Văn A"),
    ("ThS. Trần Thị B", False, "Trần Thị B"),
    ("Nguyễn Văn A", True, "PGS.TS. Nguyễn Văn A"),
    ("PGS.TS. Nguyễn Văn A", True, "PGS.TS. Nguyễn Văn A"),
])
def test_academic_titles_are_printed_only_where_allowed(name, allowed, printed):
    assert person_name(name, "PGS.TS.", allowed=allowed) == printed


@pytest.mark.parametrize("allowed", [False, True])
def test_the_head_signature_follows_the_organisations_academic_title_setting(world, campaign,
                                                                             allowed):
    unit = world.head_unit
    unit.leader_name, unit.leader_academic_title = "Lò Văn Hùng", "PGS.TS."
    unit.save()
    world.org.academic_titles_allowed = allowed
    world.org.save()
    name = head_signature(campaign).name
    assert name == ("PGS.TS. Lò Văn Hùng" if allowed else "Lò Văn Hùng")


@pytest.mark.parametrize(("text", "closed"), [
    ("Quyết định này.", "Quyết định này./."), ("Hết", "Hết./."), ("năm 2025/.", "năm 2025/.")])
def test_the_body_ends_with_the_end_mark_once(text, closed):
    assert end_mark(text) == closed
