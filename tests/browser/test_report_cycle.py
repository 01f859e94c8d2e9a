"""A representative reports with figures and evidence; the head returns it; the unit sees why.

Runs on the demo data: Cụm thi đua số 6 (Hội Luật gia Việt Nam accepts late reports, so
the test holds whatever the date of the run)."""

from core.years import current_year
from reports.models import Report
from tests.browser.conftest import login, screenshot
from tests.reports.files import MINIMAL_PDF


def logout(page):
    page.context.clear_cookies()


def test_report_submitted_returned_and_seen(page, demo, tmp_path):
    evidence = tmp_path / "bien-ban-hoi-thao.pdf"
    evidence.write_bytes(MINIMAL_PDF)
    login(page, "dv.ch-tmu")
    page.click("text=Báo cáo tổng kết năm")
    page.set_input_files("input[type=file][name=file]", str(evidence))
    page.click("text=Đính kèm")
    page.wait_for_load_state()
    assert "bien-ban-hoi-thao.pdf" in page.inner_text("main")
    for field in page.locator("input[name^=actual-]").all():
        field.fill("25")
    page.fill("textarea[name=results]", "Tổ chức 3 hội thảo, tư vấn miễn phí cho 160 lượt.")
    page.click("button[name=submit]")
    page.wait_for_load_state()
    screenshot(page, "report-submitted")
    report = Report.objects.get(unit__code="CH-TMU", period="yearend",
                                campaign__year=current_year())
    assert report.status in ("submitted",) and report.attachments.count() == 1

    logout(page)
    login(page, "dv.ch-neu")
    page.goto(page.base_url + f"/campaigns/{report.campaign_id}/units/{report.unit_id}"
                              "/reports/yearend/")
    page.fill("#return-comment-input", "Đề nghị bổ sung số người tham dự từng hội thảo.")
    page.click("text=Trả lại đơn vị")
    page.wait_for_load_state()

    logout(page)
    login(page, "dv.ch-tmu")
    page.click("text=Báo cáo tổng kết năm")
    screenshot(page, "report-returned-seen-by-unit")
    assert "Đề nghị bổ sung số người tham dự" in page.inner_text("#return-comment")
