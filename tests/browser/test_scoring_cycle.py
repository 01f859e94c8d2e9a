"""A unit self-scores with evidence; the verifier lowers one criterion with a reason; the
unit contests; the head resolves; the results table shows the final rank.

Self-scoring has its own deadline, so the test builds its own cluster year with the
self-scoring deadline in the future instead of relying on today's date."""

import datetime

import pytest

from campaigns import services as campaign_services
from campaigns.models import Campaign
from scoring import services
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_staff, make_unit

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def year(transactional_db):
    org = make_org(code="bt")
    cluster = make_cluster(org, code="CB", name="Cụm thi đua số 9")
    today = datetime.date.today()
    names = (("H", "Hội Luật gia tỉnh"), ("D", "Hội Chữ thập đỏ tỉnh"),
             ("M", "Hội Người cao tuổi tỉnh"))
    units = {code: make_unit(org, code=code, name=name) for code, name in names}
    for code, role in (("H", "head"), ("D", "deputy"), ("M", "member")):
        make_membership(cluster, units[code], today.year, role)
    users = {code: make_rep(units[code], user=None) for code in units}
    for code, user in users.items():
        user.username = f"bt-{code.lower()}"
        user.save()
    make_staff(org, "secretariat")
    soon = today + datetime.timedelta(days=10)
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=today.year, title="Thi đua", pledge_due=today, semiannual_due=today,
        yearend_due=today, selfscore_due=soon, verification_due=soon,
        conference_on=soon, dossier_due=soon))
    campaign_services.campaign_launch(campaign=campaign)
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    return campaign, table, users


def test_self_score_verify_contest_resolve_rank(page, year):
    campaign, table, users = year
    sheet = table.sheets.get(unit__code="M")
    url = f"{page.base_url}/score-sheets/{sheet.pk}/"

    login(page, "bt-m", PASSWORD)
    page.goto(url)
    for field in page.locator("input[name^=score-]").all():
        field.fill("5")
    for field in page.locator("input[name^=note-]").all():
        field.fill("Biên bản hội nghị số 12/BB")
    page.click("text=Lưu và gửi tự chấm")
    page.wait_for_load_state()
    assert "Đã tự chấm" in page.inner_text("#sheet-status")

    page.context.clear_cookies()
    login(page, "bt-h", PASSWORD)
    page.goto(url)
    page.fill("tr#criterion-2 input[name^=verified-]", "3")
    page.fill("tr#criterion-2 input[name^=reason-]", "Thiếu tài liệu kiểm chứng hội thảo")
    page.click("text=Lưu và hoàn tất thẩm định")
    page.wait_for_load_state()
    assert "Đã thẩm định" in page.inner_text("#sheet-status")

    page.context.clear_cookies()
    login(page, "bt-m", PASSWORD)
    page.goto(url)
    page.fill("tr#criterion-2 input[name=reason]", "Đã gửi biên bản hội thảo ngày 12/6")
    page.click("tr#criterion-2 >> text=Khiếu nại")
    page.wait_for_load_state()

    page.context.clear_cookies()
    login(page, "bt-h", PASSWORD)
    page.goto(url)
    page.select_option("tr#criterion-2 select[name=decision]", "change")
    page.fill("tr#criterion-2 input[name=score]", "5")
    page.fill("tr#criterion-2 input[name=reason]", "Biên bản hợp lệ")
    page.click("tr#criterion-2 >> text=Giải quyết")
    page.wait_for_load_state()
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/results/")
    screenshot(page, "scoring-results")
    first_row = page.locator("#results tbody tr").first.inner_text()
    assert "Hội Người cao tuổi tỉnh" in first_row and first_row.strip().startswith("1")
