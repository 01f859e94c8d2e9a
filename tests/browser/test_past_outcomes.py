"""The secretariat imports an earlier year from a spreadsheet and finds it in a unit's
history; a wrong row is shown by its number and nothing is saved."""

from clusters.models import Membership
from scoring.models import RecordedResult
from tests.awards.test_past_outcomes import _xlsx
from tests.browser.conftest import login, screenshot


def _upload(page, tmp_path, rows):
    path = tmp_path / "cac-nam-truoc.xlsx"
    path.write_bytes(_xlsx(rows))
    page.goto(page.base_url + "/awards/earlier-years/")
    page.set_input_files("input[type=file]", str(path))
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_secretariat_imports_an_earlier_year_into_a_units_history(page, demo, tmp_path):
    membership = Membership.objects.filter(
        cluster__organisation__code="hlg").select_related("unit", "cluster").earliest("year")
    unit, cluster = membership.unit, membership.cluster
    year = membership.year - 2
    login(page, "thuky.hlg")
    _upload(page, tmp_path, [[year, cluster.code, unit.code, "", "abc", "Tốt", 3, "", "", "",
                              ""]])
    screenshot(page, "past-outcomes-errors")
    assert "Dòng" in page.inner_text("#import-report") or "2" in page.inner_text("#import-errors")
    assert not RecordedResult.objects.exists()
    _upload(page, tmp_path, [[year, cluster.code, unit.code, "", "91,25", "Tốt", 3, "", "", "",
                              ""]])
    assert "Đã nhập 1 kết quả" in page.inner_text("main")
    page.goto(page.base_url + f"/units/{unit.pk}/")
    history = page.inner_text("#history-table")
    screenshot(page, "past-outcomes-history")
    assert str(year) in history and "91,25" in history
