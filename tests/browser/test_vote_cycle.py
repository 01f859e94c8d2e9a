"""Two representatives vote by secret ballot, the head closes the vote, the results and the
receipt codes appear, and the vote-count record (PDF) shows the numbers."""

import datetime

import pytest

from campaigns import services as campaign_services
from campaigns.models import Campaign
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_unit
from tests.helpers import pdf_text
from voting import services

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def conference(transactional_db):
    org = make_org(code="vt")
    cluster = make_cluster(org, code="CV", name="Cụm thi đua số 10")
    year = datetime.date.today().year
    names = (("H", "Hội Luật gia tỉnh", "head"), ("D", "Hội Chữ thập đỏ tỉnh", "deputy"),
             ("M", "Hội Người cao tuổi tỉnh", "member"))
    units = {}
    for code, name, role in names:
        units[code] = make_unit(org, code=code, name=name)
        make_membership(cluster, units[code], year, role)
        user = make_rep(units[code])
        user.username = f"vt-{code.lower()}"
        user.save()
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=year, title="Thi đua",
        **{f: datetime.date(year, 12, 1) for f in (
            "pledge_due", "semiannual_due", "yearend_due", "selfscore_due", "verification_due",
            "conference_on", "dossier_due")}))
    campaign_services.campaign_launch(campaign=campaign)
    session = services.session_prepare(campaign=campaign)
    services.attendance_set(session=session, units=list(units.values()))
    services.session_open(session=session)
    return campaign, units


def cast(page, question_title, choice):
    page.locator(f".card:has-text('{question_title}') >> text=Bỏ phiếu").first.click()
    page.check(f"label:has-text('{choice}')")
    page.click("text=Tiếp tục")
    page.click("#cast")
    page.wait_for_selector("#receipt-code")
    return page.inner_text("#receipt-code").strip()


def test_two_representatives_vote_the_head_closes_and_the_record_counts(page, conference):
    campaign, units = conference
    year = campaign.year + 1
    receipts = []
    for username in ("vt-d", "vt-m"):
        page.context.clear_cookies()
        login(page, username, PASSWORD)
        page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
        receipts.append(cast(page, f"Đơn vị cụm trưởng năm {year}", "Hội Chữ thập đỏ tỉnh"))

    page.context.clear_cookies()
    login(page, "vt-h", PASSWORD)
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    page.once("dialog", lambda d: d.accept())
    while page.locator("text=Kết thúc nội dung này").count():
        page.once("dialog", lambda d: d.accept())
        page.locator("text=Kết thúc nội dung này").first.click()
        page.wait_for_load_state()
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('Kết thúc bỏ phiếu')")
    page.wait_for_load_state()
    screenshot(page, "vote-closed")
    text = page.inner_text("main")
    assert "Đã kết thúc" in page.inner_text("#vote-status")
    assert "Hội Chữ thập đỏ tỉnh" in text and "trúng" in text
    page.locator("summary:has-text('Các mã xác nhận đã kiểm')").first.click()
    assert all(code in page.inner_text("main") for code in receipts)
    response = page.request.get(f"{page.base_url}/campaigns/{campaign.pk}/vote/kiem-phieu.pdf")
    record = pdf_text(response.body())
    assert "BIÊN BẢN KIỂM PHIẾU" in record and "Hội Chữ thập đỏ tỉnh" in record
    assert "66,67" in record  # 2 of all 3 member units, two decimals
