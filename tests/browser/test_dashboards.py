"""Leadership's dashboard in a real browser: filter a cluster, take the Excel file, build the
year summary in the background and download it."""

import io

import openpyxl

from clusters.models import Cluster
from core.years import current_year
from tests.browser.conftest import login, screenshot


def test_leadership_filters_a_cluster_and_downloads_the_excel_file(page, demo):
    year = current_year() - 1  # last year: scored, voted, nominated, decided
    login(page, "lanhdao.hlg")
    page.goto(f"{page.base_url}/dashboard/?year={year}")
    assert page.locator("#clusters-table tbody tr").count() >= 2
    screenshot(page, "dashboard-organisation")
    cluster = Cluster.objects.get(name="Cụm thi đua số 6")
    page.select_option("select[name=cluster]", str(cluster.pk))  # submits by itself
    page.wait_for_url(f"**cluster={cluster.pk}**")
    rows = page.locator("#clusters-table tbody tr")
    assert rows.count() == 1 and "Cụm thi đua số 6" in rows.inner_text()
    with page.expect_download() as download_info:
        page.click("#download-xlsx")
    download = download_info.value
    assert download.suggested_filename.endswith(f"-{year}.xlsx")
    with open(download.path(), "rb") as book:
        sheet = openpyxl.load_workbook(io.BytesIO(book.read())).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [cluster.name]
    screenshot(page, "dashboard-one-cluster")


def test_the_year_summary_is_built_in_the_background_and_downloaded(page, demo):
    year = current_year() - 1
    login(page, "thuky.hlg")
    page.goto(f"{page.base_url}/dashboard/?year={year}")
    page.click("#year-files")
    page.locator("form:has(input[value=year_summary_pdf]) button").click()
    page.wait_for_load_state()
    download_link = page.locator("a:has-text('Tải về')").first
    download_link.wait_for()
    screenshot(page, "year-files")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"bao-cao-tong-hop-hlg-{year}.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
