"""Three representatives vote by encrypted secret ballot, the head closes each question, the
counting board decrypts (in Python here: tests/browser/test_encrypted_vote.py does it in the
browser), the results and the trackers appear, and the vote-count record (PDF) shows the
numbers."""

import pytest

from tests.browser.conftest import conference_prepared, login, screenshot
from tests.helpers import pdf_text
from voting import python_client, services
from voting.models import Question

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def conference(transactional_db):
    campaign, units, session = conference_prepared(
        org_code="vt", cluster_code="CV", cluster_name="Cụm thi đua số 10", units=(
            ("H", "Hội Luật gia tỉnh", "head"), ("D", "Hội Chữ thập đỏ tỉnh", "deputy"),
            ("M", "Hội Người cao tuổi tỉnh", "member")), username_prefix="vt")
    services.session_open(session=session)
    secrets = python_client.board_keys_publish(session)  # the board's browsers, in Python
    return campaign, units, secrets


def cast(page, question_title, choice):
    page.locator(f".card:has-text('{question_title}') >> a:has-text('Bỏ phiếu')").first.click()
    page.check(f"label:has-text('{choice}')")
    page.click("#ballot-continue")
    page.click("#cast")
    page.wait_for_selector("#receipt-code")
    return page.inner_text("#receipt-code").strip()


def test_three_representatives_vote_the_head_closes_and_the_record_counts(page, conference):
    campaign, units, secrets = conference
    year = campaign.year + 1
    receipts = []
    for username, choice in (("vt-d", "Hội Chữ thập đỏ tỉnh"), ("vt-m", "Hội Chữ thập đỏ tỉnh"),
                             ("vt-h", "Hội Người cao tuổi tỉnh")):
        page.context.clear_cookies()
        login(page, username, PASSWORD)
        page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
        receipts.append(cast(page, f"Đơn vị cụm trưởng năm {year}", choice))

    page.context.clear_cookies()
    login(page, "vt-h", PASSWORD)
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/vote/")
    page.once("dialog", lambda d: d.accept())
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
