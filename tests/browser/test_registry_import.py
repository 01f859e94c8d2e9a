from clusters.models import Membership
from tests.browser.conftest import login, screenshot
from tests.clusters.registry_files import registry_row, xlsx_bytes


def _upload(page, tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows))
    page.goto(page.base_url + "/registry/import/")
    page.set_input_files("input[type=file]", str(path))
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_secretariat_sees_row_errors_for_a_bad_file(page, demo, tmp_path):
    login(page, "thuky.hlg")
    _upload(page, tmp_path, "sai.xlsx", [
        registry_row("CH-NEW", "Chi hội mới", cluster="CTD6", cluster_name="Cụm thi đua số 6"),
        registry_row("CH-BAD", "Chi hội lỗi", cluster="CTD6", cluster_name="Cụm thi đua số 6",
                     role="Chủ tịch", email="khong-phai-email"),
    ])
    errors = page.inner_text("#import-errors") + page.inner_text("main table")
    screenshot(page, "registry-import-errors")
    assert "Dòng 3" in errors and "Chủ tịch" in errors and "khong-phai-email" in errors
    assert page.locator("text=Xác nhận và nhập").count() == 0


def test_secretariat_previews_then_applies_a_good_file(page, demo, tmp_path):
    login(page, "thuky.hlg")
    _upload(page, tmp_path, "dung.xlsx", [
        registry_row("CH-NEW", "Chi hội Luật gia mới", cluster="CTD6",
                     cluster_name="Cụm thi đua số 6", year=2030)])
    assert not Membership.objects.filter(unit__code="CH-NEW").exists()
    page.once("dialog", lambda dialog: dialog.accept())  # the "apply now?" confirmation
    page.click("text=Xác nhận và nhập")
    page.wait_for_load_state()
    assert "Đã nhập" in page.inner_text("main")
    assert Membership.objects.filter(unit__code="CH-NEW", year=2030).exists()
