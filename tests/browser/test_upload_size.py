"""The browser refuses a file over the upload limit before sending anything."""

from playwright.sync_api import expect

from clusters.models import RegistryImport
from members.models import StaffRole
from tests.browser.conftest import login
from tests.factories import make_org, make_staff


def test_a_too_big_file_is_refused_before_it_is_sent(page, transactional_db, tmp_path,
                                                      settings):
    settings.UPLOAD_MAX_BYTES = 2**20
    user = make_staff(make_org(), StaffRole.Role.SECRETARIAT)
    login(page, user.username, "pw-for-tests-123")
    big = tmp_path / "qua-lon.xlsx"
    big.write_bytes(b"x" * 1_300_000)
    posts = []
    page.on("request", lambda request: posts.append(request) if request.method == "POST"
            else None)
    page.goto(page.base_url + "/registry/import/")
    page.set_input_files("input[type=file]", str(big))
    # The check has run on the change event before the user presses the button.
    expect(page.locator("input[type=file]")).to_have_attribute("aria-invalid", "true")
    page.click("main button[type=submit]")
    note = page.locator(".upload-size-error")
    assert "qua-lon.xlsx" in note.inner_text() and "MB" in note.inner_text()
    assert posts == [] and not RegistryImport.objects.exists()
