"""Certificates per award kind: a certificate of merit with the national title, the awarding
post, "TẶNG", the decision and register numbers, place, date and signer; a flag's embroidery
text, never a "BẰNG KHEN"; text on pre-printed blanks where the blank asks for it."""

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from awards import services
from awards.models import AwardGrant
from campaigns.models import AwardType
from campaigns.services import award_catalogue_ensure
from tests.helpers import pdf_text as layout_text

MM_PER_PT = 25.4 / 72


def pdf_text(content):
    """The PDF's text with lines joined: long lines wrap on the sheet."""
    return " ".join(layout_text(content).split())


def _decision(world, level, **award_settings):
    award_catalogue_ensure(organisation=world.org)
    award = AwardType.objects.get(organisation=world.org, level=level)
    AwardType.objects.filter(pk=award.pk).update(**award_settings)
    award.refresh_from_db()
    return services.decision_record(
        outside_reason="Khen thưởng đột xuất",
        organisation=world.org, award=award, year=world.year, number="125/QĐ-UBND",
        signed_on=datetime.date(world.year, 12, 28), issuer="Ủy ban nhân dân tỉnh Lai Châu",
        signer="Nguyễn Văn A", place="Lai Châu", units=[world.member_unit],
        first_register_number=41, by=world.users["secretariat"])


@pytest.fixture
def merit(world):
    return _decision(world, "org_merit",
                     awarding_post="Chủ tịch Ủy ban nhân dân tỉnh Lai Châu",
                     signing_post="Chủ tịch")


@pytest.fixture
def flag(world):
    return _decision(world, "org_flag", awarding_post="Ủy ban nhân dân tỉnh Lai Châu")


def _get(client_for, world, decision, **params):
    return client_for(world.users["secretariat"]).get(
        reverse("awards:certificates", args=[decision.pk]), params)


def test_a_certificate_of_merit_has_the_national_title_the_post_and_tang(world, merit,
                                                                          client_for):
    text = pdf_text(_get(client_for, world, merit).content)
    for fragment in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU", "TẶNG", "BẰNG KHEN",
                     world.member_unit.name):
        assert fragment in text


def test_a_certificate_of_merit_names_decision_register_place_date_and_signer(
        world, merit, client_for):
    text = pdf_text(_get(client_for, world, merit).content)
    for fragment in (f"Quyết định số 125/QĐ-UBND ngày 28/12/{world.year}", "Số sổ vàng: 41",
                     f"Lai Châu, ngày 28 tháng 12 năm {world.year}", "Nguyễn Văn A"):
        assert fragment in text


def test_a_flag_gives_the_embroidery_text_and_never_a_bang_khen(world, flag, client_for):
    response = _get(client_for, world, flag, layout="plain")
    text = pdf_text(response.content)
    assert "BẰNG KHEN" not in text and "TẶNG" in text
    assert f"ĐƠN VỊ DẪN ĐẦU PHONG TRÀO THI ĐUA NĂM {world.year}" in text
    assert "noi-dung-theu-co" in response["Content-Disposition"]


def test_a_flags_embroidery_text_carries_the_awarding_body_and_the_unit(world, flag,
                                                                         client_for):
    text = pdf_text(_get(client_for, world, flag).content)
    assert "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU" in text and world.member_unit.name in text


def test_the_catalogue_wording_is_the_certificates_achievement(world, client_for):
    decision = _decision(world, "org_merit",
                         certificate_wording="Có thành tích xuất sắc trong công tác hội năm {year}")
    text = pdf_text(_get(client_for, world, decision).content)
    assert f"Có thành tích xuất sắc trong công tác hội năm {world.year}" in text


def test_on_a_blank_the_pre_printed_parts_are_left_out(world, merit, client_for):
    text = pdf_text(_get(client_for, world, merit, layout="blank").content)
    assert "BẰNG KHEN" not in text and "CỘNG HÒA" not in text
    assert world.member_unit.name in text


def _lines(pdf):
    """{first word: (left, top, right) in mm} of each text line on the first page, from
    pdftotext's word boxes (a line: words sharing their top)."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", "-", "-"], input=pdf,
                          capture_output=True, check=True).stdout.decode()
    lines = {}
    for x0, y0, x1, word in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<', html):
        key = round(float(y0), 1)
        left, _top, right, first = lines.get(key, (float(x0), float(y0), float(x1), word))
        lines[key] = (min(left, float(x0)), float(y0), max(right, float(x1)), first)
    return {first: (left * MM_PER_PT, top * MM_PER_PT, right * MM_PER_PT)
            for left, top, right, first in lines.values()}


def test_blank_text_lands_within_0_3_mm_of_the_requested_offsets(world, merit, client_for):
    pdf = _get(client_for, world, merit, layout="blank", dx="2,5", dy="-1,2",
               unit_x="150", unit_y="90,5", decision_x="31,4", decision_y="158").content
    lines = _lines(pdf)
    left, top, right = lines[world.member_unit.name.split()[0]]
    assert abs((left + right) / 2 - 152.5) <= 0.3 and abs(top - 89.3) <= 0.3
    left, top, _right = lines["Quyết"]
    assert abs(left - 33.9) <= 0.3 and abs(top - 156.8) <= 0.3


def test_offsets_that_are_not_numbers_show_the_form_with_its_errors(world, merit,
                                                                      client_for):
    response = _get(client_for, world, merit, layout="blank", dx="hai", unit_y="900")
    assert response.status_code == 200 and "text/html" in response["Content-Type"]
    assert "Hãy nhập số" in response.text and "nhỏ hơn hoặc bằng" in response.text


def test_the_options_page_offers_the_blank_positions(world, merit, client_for):
    page = client_for(world.users["secretariat"]).get(
        reverse("awards:certificate_options", args=[merit.pk])).text
    assert 'name="unit_y"' in page and Decimal("86") == Decimal(
        re.search(r'name="unit_y" value="([\d.,]+)"', page).group(1).replace(",", "."))


def test_an_earlier_years_decision_keeps_the_awards_old_name(world, merit, client_for):
    AwardType.objects.filter(pk=merit.award_id).update(name="Bằng khen của Chủ tịch UBND tỉnh")
    text = pdf_text(client_for(world.users["secretariat"]).get(
        reverse("awards:decision_download", args=[merit.pk, "pdf"])).content)
    assert "Bằng khen của bộ trưởng, chủ tịch" in text and "Chủ tịch UBND tỉnh" not in text


def test_the_decision_page_numbers_the_register_from_the_first_number(world, client_for):
    award_catalogue_ensure(organisation=world.org)
    award = AwardType.objects.get(organisation=world.org, level="org_merit")
    client_for(world.users["secretariat"]).post(reverse("awards:decision_create"), {
        "award": award.pk, "year": world.year, "number": "8/QĐ", "signed_on": f"30/12/{world.year}",
        "issuer": "Hội đồng", "signer": "Nguyễn Văn A", "place": "Lai Châu",
        "first_register_number": "120",
        "outside_reason": "Khen thưởng đột xuất",
        "other_units": [world.member_unit.pk, world.deputy_unit.pk]})
    numbers = sorted(AwardGrant.objects.values_list("register_number", flat=True))
    assert numbers == ["120", "121"]
