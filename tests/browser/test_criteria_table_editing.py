"""The head's staff add a criterion and a rating band to the campaign's criteria table on
the page, on a phone-sized screen (390 px), open self-scoring, and the member unit's score
sheet shows both."""

import datetime

import pytest

from campaigns import services as campaign_services
from campaigns.models import Campaign
from scoring.models import Criterion
from tests.browser.conftest import login, screenshot
from tests.factories import make_cluster, make_membership, make_org, make_rep, make_unit

PASSWORD = "pw-for-tests-123"


@pytest.fixture
def cluster_year(transactional_db):
    """A launched campaign (criteria table copied from the neutral template, not yet locked)
    with self-scoring due in ten days."""
    from scoring import services

    org = make_org(code="ct")
    cluster = make_cluster(org, code="CT", name="Khối thi đua các hội đặc thù")
    today = datetime.date.today()
    units = {}
    for code, name, role in (("H", "Hội Nhà báo tỉnh", "head"),
                             ("D", "Hội Chữ thập đỏ tỉnh", "deputy"),
                             ("M", "Hội Người cao tuổi tỉnh", "member")):
        units[code] = make_unit(org, code=code, name=name)
        make_membership(cluster, units[code], today.year, role)
        user = make_rep(units[code])
        user.username = f"ct-{code.lower()}"
        user.set_password(PASSWORD)
        user.save()
    soon = today + datetime.timedelta(days=10)
    campaign = campaign_services.campaign_save(campaign=Campaign(
        cluster=cluster, year=today.year, title="Thi đua", pledge_due=today,
        semiannual_due=today, yearend_due=today, selfscore_due=soon, verification_due=soon,
        conference_on=soon, dossier_due=soon))
    campaign_services.campaign_launch(campaign=campaign)
    services.table_for_campaign(campaign=campaign)
    return campaign


def test_head_adds_a_criterion_and_a_band_that_the_score_sheet_shows(page, cluster_year):
    campaign = cluster_year
    page.set_viewport_size({"width": 390, "height": 844})
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, "ct-h", PASSWORD)
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/scoring/")
    page.click("#table-edit-link")
    page.wait_for_load_state()

    page.fill("#id_settings-total_points", "105")
    row = page.locator("#criterion-row-12")  # the empty row after the template's 12
    row.locator("select[name$=-group]").select_option(label="IV. Công tác thi đua, khen thưởng")
    row.locator("input[name$=-code]").fill("13")
    row.locator("input[name$=-name]").fill("Ứng dụng chuyển đổi số trong công tác thi đua")
    row.locator("input[name$=-max_points]").fill("5")
    row.locator("textarea[name$=-guide]").fill("Có phần mềm quản lý hồ sơ: 5 điểm")
    row.locator("input[name$=-evidence_required]").check()
    band = page.locator("#band-row-4")  # the empty row after the four default bands
    band.locator("input[name$=-name]").fill("Khá")
    band.locator("input[name$=-min]").fill("80")
    screenshot(page, "criteria-table-edit-390")
    page.click("#table-save")
    page.wait_for_load_state()
    assert "Đã lưu bảng tiêu chí." in page.inner_text("main"), page.inner_text("main")[:1500]
    assert "Khá: ≥ 80" in page.inner_text("#table-bands")

    page.click("text=Mở tự chấm")
    page.wait_for_load_state()
    criterion = Criterion.objects.get(group__table__campaign=campaign, code="13")
    assert criterion.evidence_required and criterion.max_points == 5

    page.context.clear_cookies()
    login(page, "ct-m", PASSWORD)
    sheet = campaign.criteria_table.sheets.get(unit__code="M")
    page.goto(f"{page.base_url}/score-sheets/{sheet.pk}/")
    assert "Ứng dụng chuyển đổi số trong công tác thi đua" in page.inner_text("main")
    assert "Khá ≥ 80" in page.inner_text("#sheet-bands")
    screenshot(page, "criteria-table-sheet-390")

    page.context.clear_cookies()
    login(page, "ct-h", PASSWORD)
    page.goto(f"{page.base_url}/campaigns/{campaign.pk}/scoring/edit/")
    assert page.locator("#table-locked").is_visible() and page.locator("#table-form").count() == 0


def test_secretariat_names_its_own_template_and_picks_it_for_the_cluster(page, cluster_year):
    from members.models import StaffRole
    from scoring.models import ClusterTemplate
    from tests.factories import make_staff

    campaign = cluster_year
    user = make_staff(campaign.cluster.organisation, StaffRole.Role.SECRETARIAT)
    user.username = "ct-sec"
    user.set_password(PASSWORD)
    user.save()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "ct-sec", PASSWORD)
    page.goto(f"{page.base_url}/scoring/templates/")
    page.fill("#id_name", "Bảng tiêu chí khối các hội đặc thù")
    page.select_option("#id_source", label="Bản sao của “Bảng tiêu chí chung”")
    page.click("form[action$='/scoring/templates/new/'] button")
    page.wait_for_load_state()
    assert "Đã tạo bảng tiêu chí mẫu" in page.inner_text("main")
    page.goto(f"{page.base_url}/scoring/templates/")
    page.locator(f"#id_cluster{campaign.cluster.pk}_template").select_option(
        label="Bảng tiêu chí khối các hội đặc thù")
    page.click(f"form[action$='/clusters/{campaign.cluster.pk}/criteria-template/'] button")
    page.wait_for_load_state()
    screenshot(page, "criteria-templates-390")
    assert ClusterTemplate.objects.get(cluster=campaign.cluster).template.name == \
        "Bảng tiêu chí khối các hội đặc thù"
    assert "dùng cho Khối thi đua các hội đặc thù" in page.inner_text("main")
