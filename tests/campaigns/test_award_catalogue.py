"""The secretariat's award catalogue: its pages, its rules, and the catalogue's quota and
years as the vote preparation and the nominations read them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services as award_services
from campaigns import services
from campaigns.models import AwardType
from tests.helpers import error_codes, lock_results
from voting import services as voting

VALID = {"name": "Cờ thi đua của Hội Luật gia Việt Nam", "code": "co-hlg", "kind": "flag",
         "level": "org_flag", "order": "1", "quota": "2", "vote_threshold": "0,8",
         "strictly_above": "", "prior_excellent_years": "0", "prize_multiple": "8",
         "awarding_post": "Trung ương Hội Luật gia Việt Nam", "signing_post": "",
         "certificate_wording": "Đơn vị dẫn đầu phong trào thi đua năm {year}",
         "active_from": "", "active_until": ""}


@pytest.fixture
def sec(world, client_for):
    services.award_catalogue_ensure(organisation=world.org)
    return client_for(world.users["secretariat"])


def _award(world, level="org_flag"):
    return AwardType.objects.get(organisation=world.org, level=level)


def test_the_secretariat_adds_an_award_with_its_quota(world, sec):
    response = sec.post(reverse("campaigns:award_create"), VALID)
    award = AwardType.objects.get(code="co-hlg")
    assert response.status_code == 302 and award.quota == 2 and award.organisation == world.org


@pytest.mark.parametrize(("field", "value", "vietnamese"), [
    ("vote_threshold", "tám mươi", "Hãy nhập số"),
    ("quota", "0", "lớn hơn hoặc bằng với 1"),
    ("kind", "merit", "là loại Cờ thi đua"),
    ("code", "co-to-chuc", "Một danh hiệu khác của tổ chức đã dùng mã này"),
    ("active_until", "2020", "Năm cuối không được trước năm đầu"),
])
def test_a_wrong_entry_says_why_in_vietnamese_and_saves_nothing(world, sec, field, value,
                                                                  vietnamese):
    before = AwardType.objects.count()
    response = sec.post(reverse("campaigns:award_create"),
                        {**VALID, field: value, "active_from": "2024"})
    assert response.status_code == 200 and vietnamese in response.text
    assert AwardType.objects.count() == before


def test_the_service_refuses_a_kind_its_level_contradicts(world, sec):
    award = _award(world)
    award.kind = AwardType.Kind.MERIT
    with pytest.raises(ValidationError) as refused:
        services.award_save(award=award)
    assert error_codes(refused.value) == {"award_invalid"}


def test_renaming_the_organisations_flag_through_the_page(world, sec):
    award = _award(world)
    sec.post(reverse("campaigns:award_edit", args=[award.pk]),
             {**VALID, "code": award.code, "name": "Cờ thi đua của Hội"})
    award.refresh_from_db()
    assert award.name == "Cờ thi đua của Hội"


def test_the_catalogue_searches_by_name(world, sec):
    page = sec.get(reverse("campaigns:award_list"), {"q": "Thủ tướng"}).text
    assert "Bằng khen của Thủ tướng Chính phủ" in page and "Cờ thi đua của Chính phủ" not in page


def test_a_used_award_cannot_be_deleted_only_deactivated(world, sec, campaign):
    lock_results(campaign)
    voting.session_prepare(campaign=campaign)
    award = _award(world)
    sec.post(reverse("campaigns:award_delete", args=[award.pk]))
    sec.post(reverse("campaigns:award_deactivate", args=[award.pk]))
    award.refresh_from_db()
    assert award.is_active is False


def test_an_unused_award_can_be_deleted(world, sec):
    award = AwardType.objects.get(organisation=world.org, code="tap-the-tien-tien")
    sec.post(reverse("campaigns:award_delete", args=[award.pk]))
    assert not AwardType.objects.filter(pk=award.pk).exists()


def test_a_deactivated_award_is_not_put_to_the_vote(world, sec, campaign):
    award = _award(world)
    sec.post(reverse("campaigns:award_deactivate", args=[award.pk]))
    lock_results(campaign)
    session = voting.session_prepare(campaign=campaign)
    assert not session.questions.filter(award=award).exists()


def test_an_award_active_from_next_year_is_not_put_to_this_years_vote(world, sec, campaign):
    AwardType.objects.filter(pk=_award(world).pk).update(active_from=world.year + 1)
    lock_results(campaign)
    session = voting.session_prepare(campaign=campaign)
    assert not session.questions.filter(award__level="org_flag").exists()
    assert session.questions.filter(award__level="gov_flag").exists()


def test_an_award_active_from_a_year_on_is_given_from_that_year(world):
    services.award_catalogue_ensure(organisation=world.org)
    AwardType.objects.filter(level="org_flag").update(active_from=world.year - 1)
    given = AwardType.objects.in_year(world.year - 2).filter(level="org_flag").exists(), \
        AwardType.objects.in_year(world.year).filter(level="org_flag").exists()
    assert given == (False, True)


def test_the_vote_takes_the_catalogues_quota(world, campaign):
    services.award_catalogue_ensure(organisation=world.org)
    AwardType.objects.filter(level="org_flag").update(quota=2)
    lock_results(campaign)
    session = voting.session_prepare(campaign=campaign)
    assert session.questions.get(award__level="org_flag").quota == 2


def test_a_decision_for_a_year_the_award_is_not_given_is_refused(world):
    services.award_catalogue_ensure(organisation=world.org)
    award = _award(world)
    AwardType.objects.filter(pk=award.pk).update(active_until=world.year - 1)
    award.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        award_services.decision_record(
        outside_reason="Khen thưởng đột xuất",
            organisation=world.org, award=award, year=world.year, number="9/QĐ",
            signed_on=datetime.date(world.year, 12, 30),
            issuer="Hội đồng", signer="", units=[world.member_unit],
            by=world.users["secretariat"])
    assert error_codes(refused.value) == {"award_not_in_year"}
