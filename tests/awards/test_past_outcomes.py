"""Earlier years' results and awards from the secretariat's spreadsheet: a unit's history
starts before the portal did; a wrong row refuses the file and writes nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards.models import AwardDecision, AwardGrant
from awards.past_outcomes import HEADERS, past_outcomes_import
from campaigns.services import award_catalogue_ensure
from clusters.models import Membership
from dashboards.selectors import unit_years
from scoring.models import RecordedResult


def _xlsx(rows):
    book = openpyxl.Workbook()
    book.active.append(HEADERS)
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def past(world):
    award_catalogue_ensure(organisation=world.org)
    year = world.year - 3
    return year, [
        [year, "A", "UM", "Cụm trưởng", "97,5", "Xuất sắc", 1, "Cờ thi đua của bộ, ngành, tỉnh, "
         "tổ chức", "12/QĐ-HLG", f"20/01/{year + 1}", "Trung ương Hội"],
        [year, "A", "UH", "", 88, "Tốt", 2, "", "", "", ""],
        [year, "A", "UM", "", "", "", "", "bang-khen", "13/QĐ-HLG", f"21/01/{year + 1}", ""],
    ]


def _import(world, rows, **kwargs):
    return past_outcomes_import(organisation=world.org, content=_xlsx(rows),
                                filename="cac-nam-truoc.xlsx", by=world.users["secretariat"],
                                this_year=world.year, **kwargs)


def test_a_past_year_enters_the_units_history(world, past):
    year, rows = past
    report = _import(world, rows)
    assert report.errors == []
    assert (report.ok, report.results, report.grants, report.decisions) == (True, 2, 2, 2)
    entry = next(y for y in unit_years(world.member_unit, [world.member_unit]) if y.year == year)
    assert (entry.result.total, entry.result.rank, entry.ranked, entry.membership.role) == \
        (97.5, 1, 2, Membership.Role.HEAD)
    assert len(entry.awards) == 2


def test_one_wrong_row_refuses_the_file_and_writes_nothing(world, past):
    year, rows = past
    rows.append([year, "A", "KHONG-CO", "", "", "", "", "", "", "", ""])
    report = _import(world, rows)
    assert [number for number, _message in report.errors] == [5]
    assert not RecordedResult.objects.exists() and not AwardDecision.objects.exists()
    assert not Membership.objects.filter(year=year).exists()


@pytest.mark.parametrize(("cell", "value", "words"), [
    (0, 1999, "Năm"), (4, "chín mươi", "Tổng điểm"), (6, 0, "Xếp hạng"),
    (3, "Trưởng nhóm", "Vai trò"), (7, "Huân chương không có", "Khen thưởng"),
    (9, "31/12/2019", "Ngày quyết định"),
])
def test_each_bad_cell_is_named_in_vietnamese(world, past, cell, value, words):
    _year, rows = past
    rows[0][cell] = value
    report = _import(world, rows[:1])
    assert len(report.errors) == 1 and report.errors[0][0] == 2
    assert words in report.errors[0][1]


def test_this_year_is_not_an_earlier_year(world, past):
    _year, rows = past
    rows[0][0] = world.year
    assert _import(world, rows[:1]).errors[0][0] == 2


def test_a_year_with_a_campaign_of_the_cluster_is_refused(world, past):
    from campaigns.forms import default_dates
    from campaigns.models import Campaign
    from campaigns.services import campaign_save

    year, rows = past
    campaign_save(campaign=Campaign(cluster=world.cluster_a, year=year, title="X",
                                    **default_dates(year)))
    report = _import(world, rows[1:2])
    assert len(report.errors) == 1 and str(year) in report.errors[0][1]


def test_a_unit_in_another_cluster_that_year_is_refused(world, past):
    year, rows = past
    Membership.objects.create(cluster=world.cluster_b, unit=world.member_unit, year=year)
    report = _import(world, rows[:1])
    assert len(report.errors) == 1


def test_importing_the_same_results_twice_is_refused(world, past):
    _year, rows = past
    assert _import(world, rows).ok
    again = _import(world, rows)
    assert not again.ok and RecordedResult.objects.count() == 2


def test_checking_only_saves_nothing(world, past):
    _year, rows = past
    report = _import(world, rows, dry_run=True)
    assert report.ok and report.results == 2
    assert not RecordedResult.objects.exists() and not AwardGrant.objects.exists()


def test_the_page_imports_and_lists_errors_by_row(world, past, client_for):
    year, rows = past
    client = client_for(world.users["secretariat"])
    url = reverse("awards:past_outcomes_import")
    bad = [row[:] for row in rows]
    bad[1][4] = "abc"
    page = client.post(url, {"file": SimpleUploadedFile("x.xlsx", _xlsx(bad))})
    assert page.status_code == 200 and 'id="import-errors"' in page.text
    assert not RecordedResult.objects.exists()
    done = client.post(url, {"file": SimpleUploadedFile("x.xlsx", _xlsx(rows))})
    assert done.status_code == 302 and RecordedResult.objects.count() == 2


def test_a_damaged_file_is_refused_without_a_crash(world, client_for):
    page = client_for(world.users["secretariat"]).post(
        reverse("awards:past_outcomes_import"),
        {"file": SimpleUploadedFile("x.xlsx", b"not a spreadsheet")})
    assert page.status_code == 200 and not RecordedResult.objects.exists()


def test_an_imported_decision_has_no_document(world, past, client_for):
    _year, rows = past
    _import(world, rows)
    decision = AwardDecision.objects.first()
    response = client_for(world.users["secretariat"]).get(
        reverse("awards:decision_download", args=[decision.pk, "pdf"]))
    assert decision.imported and response.status_code == 404


def test_the_template_has_the_columns(world, client_for):
    response = client_for(world.users["secretariat"]).get(
        reverse("awards:past_outcomes_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS
