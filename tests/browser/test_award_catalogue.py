"""The secretariat names the organisation's own flag with a quota of 2 in the catalogue
pages; the cluster's vote then proposes two units for it in one vote, and both become
nominations under that name."""

import datetime

import pytest

from awards.models import Nomination
from campaigns import services as campaign_services
from campaigns.models import Campaign
from members.models import StaffRole
from scoring import services as scoring_services
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_staff, make_unit
from voting import python_client
from voting.models import Question, VotingSession

PASSWORD = "pw-for-tests-123"
FLAG = "Cờ thi đua của Hội Luật gia Việt Nam"
UNITS = (("H", "Hội Luật gia tỉnh", "head"), ("D", "Hội Chữ thập đỏ tỉnh", "deputy"),
         ("M", "Hội Người cao tuổi tỉnh", "member"), ("N", "Hội Văn học nghệ thuật tỉnh",
                                                      "member"))


@pytest.fixture
def cluster_year(transactional_db):
    """A launched campaign of four member units, each with its voter (aq-h, aq-d, …), and
    the organisation's secretariat (aq-sec)."""
    org = make_org(code="aq")
    cluster = make_cluster(org, code="CQ", name="Cụm thi đua số 3")
    year = datetime.date.today().year
    units = {}
    for code, name, role in UNITS:
        units[code] = make_unit(org, code=code, name=name)
        make_membership(cluster, units[code], year, role)
        _name(make_rep(units[code]), f"aq-{code.lower()}")
    _name(make_staff(org, StaffRole.Role.SECRETARIAT), "aq-sec")
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=year, title="Thi đua",
        **{f: datetime.date(year, 12, 1) for f in (
            "pledge_due", "semiannual_due", "yearend_due", "selfscore_due", "verification_due",
            "conference_on", "dossier_due")}))
    campaign_services.campaign_launch(campaign=campaign)
    # The vote is prepared from locked results only (issue 16, item 7).
    scoring_services.results_lock(table=scoring_services.table_for_campaign(campaign=campaign))
    return campaign, units


def _name(user, username):
    user.username = username
    user.set_password(PASSWORD)
    user.save()


def _as(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)


def _create_flag(page):
    page.goto(f"{page.base_url}/awards/catalogue/")
    page.click("text=Thêm danh hiệu")
    page.fill("#id_name", FLAG)
    page.fill("#id_code", "co-hlg")
    page.select_option("#id_kind", "flag")
    page.select_option("#id_level", "org_flag")
    page.fill("#id_quota", "2")
    page.fill("#id_vote_threshold", "0,8")
    page.uncheck("#id_strictly_above")
    page.fill("#id_awarding_post", "Trung ương Hội Luật gia Việt Nam")
    page.click("main button[type=submit]:has-text('Lưu')")
    page.wait_for_load_state()


def _prepare_vote(page, campaign, units):
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    page.click("button:has-text('Chuẩn bị bỏ phiếu')")
    page.wait_for_load_state()
    card = page.locator(f".card:has(.card-header:has-text('{FLAG}'))")
    for code in ("D", "M", "N"):
        card.locator("select[name=unit]").select_option(label=units[code].name)
        card.locator("input[name=reason]").last.fill("Hoàn thành xuất sắc nhiệm vụ")
        card.locator("button:has-text('Thêm')").click()
        page.wait_for_load_state()
        card = page.locator(f".card:has(.card-header:has-text('{FLAG}'))")
    for box in page.locator("input[name=present]").all():
        box.check()
    page.click("button:has-text('Lưu điểm danh')")
    page.wait_for_load_state()
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('Bắt đầu bỏ phiếu')")
    page.wait_for_load_state()


def _cast_for_two(page, campaign, units):
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    page.locator(f".card:has-text('{FLAG}') >> text=Bỏ phiếu").first.click()
    page.check(f"label:has-text('{units['M'].name}')")
    page.check(f"label:has-text('{units['N'].name}')")
    page.click("#ballot-continue")
    page.click("#cast")
    page.wait_for_selector("#receipt-code")


def _close_vote(page, campaign, secrets):
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    while page.locator("text=Kết thúc nội dung này").count():
        page.once("dialog", lambda d: d.accept())
        page.locator("text=Kết thúc nội dung này").first.click()
        page.wait_for_load_state()
    for question in Question.objects.filter(session__campaign=campaign, closed_at__isnull=False,
                                            counted_at__isnull=True):
        python_client.board_decrypt(question, secrets)
    page.reload()
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('Kết thúc bỏ phiếu')")
    page.wait_for_load_state()


def test_an_award_with_quota_two_proposes_two_units_in_one_vote(page, cluster_year):
    campaign, units = cluster_year
    _as(page, "aq-sec")
    _create_flag(page)
    assert FLAG in page.inner_text("main")
    screenshot(page, "award-catalogue")

    _as(page, "aq-h")
    _prepare_vote(page, campaign, units)
    # The counting board's browsers, in Python (tests/browser/test_encrypted_vote.py does them
    # in Chromium).
    secrets = python_client.board_keys_publish(VotingSession.objects.get(campaign=campaign))
    for code in ("h", "d", "m", "n"):
        _as(page, f"aq-{code}")
        _cast_for_two(page, campaign, units)
    _as(page, "aq-h")
    _close_vote(page, campaign, secrets)
    results = page.inner_text(f".card:has(.card-header:has-text('{FLAG}'))")
    assert results.count("trúng") == 2

    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/nominations/")
    page.click("form[action$='/nominations/from-vote/'] button")
    page.wait_for_load_state()
    screenshot(page, "award-two-nominations")
    proposed = set(Nomination.objects.filter(award__name=FLAG).values_list("unit__code",
                                                                             flat=True))
    assert proposed == {"M", "N"} and page.locator(f"text={FLAG}").count() == 2
