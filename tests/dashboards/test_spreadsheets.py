"""Every .xlsx the portal gives out: sheets named after their content (never tablib's
"Tablib Dataset"), years as numbers, and download names that say what the file is about."""

import io

import openpyxl
import pytest
from django.urls import reverse

from clusters.registry_io import registry_export, registry_template
from documents.text import file_slug
from scoring import services as scoring_services


def book(content):
    return openpyxl.load_workbook(io.BytesIO(content))


def column(sheet, header):
    headers = [cell.value for cell in sheet[1]]
    return [row[headers.index(header)] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_registry_export_sheet_is_named_and_its_years_are_numbers(world):
    sheet = book(registry_export(organisation=world.org)).active
    years = column(sheet, "Năm")
    assert sheet.title == "Danh sách cụm và đơn vị"
    assert years and all(isinstance(year, int) for year in years)


def test_the_registry_template_sheet_is_not_called_tablib_dataset():
    assert book(registry_template()).active.title == "Danh sách cụm và đơn vị"


def test_the_unit_history_keeps_years_as_numbers(world, client_for):
    response = client_for(world.users["member"]).get(
        reverse("dashboards:unit_history_xlsx", args=[world.member_unit.pk]))
    sheet = book(response.content).active
    assert all(isinstance(year, int) for year in column(sheet, "Năm"))
    assert sheet.title.startswith("Lịch sử")


@pytest.mark.parametrize("url", ["organisation", "cluster", "scoring_results", "scoring_table"])
def test_no_sheet_keeps_a_default_name(world, campaign, client_for, url):
    scoring_services.table_for_campaign(campaign=campaign)
    address = {
        "organisation": reverse("dashboards:organisation_dashboard") + "?format=xlsx",
        "cluster": reverse("dashboards:cluster_dashboard", args=[campaign.pk]) + "?format=xlsx",
        "scoring_results": reverse("scoring:results_download", args=[campaign.pk, "xlsx"]),
        "scoring_table": reverse("scoring:scoring_export", args=[campaign.pk]),
    }[url]
    titles = book(client_for(world.users["secretariat"]).get(address).content).sheetnames
    assert not {"Sheet", "Sheet1", "Tablib Dataset"} & set(titles)


def test_the_unit_history_download_is_named_after_the_unit(world, client_for):
    response = client_for(world.users["member"]).get(
        reverse("dashboards:unit_history_xlsx", args=[world.member_unit.pk]))
    assert (f'filename="lich-su-thi-dua-{file_slug(world.member_unit.name)}.xlsx"'
            in response["Content-Disposition"])


def test_the_semiannual_summary_is_named_in_vietnamese(world, campaign, client_for):
    response = client_for(world.users["head"]).get(
        reverse("reports:summary_download", args=[campaign.pk, "semiannual", "pdf"]))
    name = response["Content-Disposition"]
    assert "bao-cao-so-ket-" in name and "semiannual" not in name
