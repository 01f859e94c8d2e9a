"""The verify page a printout's QR code opens, in Chromium, for someone who is not signed in:
the document's number, then a copy checked by upload."""

from reports.models import ClusterSummary
from tests.browser.conftest import screenshot
from tests.reports.test_walkthrough import year_walked  # noqa: F401  (fixture)


def test_a_visitor_checks_a_copy_on_the_verify_page(transactional_db, world, year_walked,  # noqa: F811
                                                    page, tmp_path):
    issued = ClusterSummary.objects.get().document
    copy = tmp_path / "ban-sao.pdf"
    copy.write_bytes(issued.stored.content("pdf"))
    page.goto(page.base_url + f"/verify/{issued.stored.verify_token}")
    assert issued.number_label in page.inner_text("[data-field=number]")
    page.set_input_files("input[type=file]", str(copy))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "Trùng khớp" in page.inner_text("[data-result]")
    screenshot(page, "verify-page")
