import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scoring import services, table_io
from scoring.models import Criterion, CriterionScore
from tests.conftest import at
from tests.factories import make_membership, make_rep, make_unit
from tests.scoring.conftest import self_score_and_submit, sheet_of


def test_results_page_runs_the_same_queries_for_10_and_30_units(world, campaign, client_for):
    client = client_for(world.users["head"])

    def grow_to(n):
        while campaign.cluster.memberships.filter(year=world.year).count() < n:
            unit = make_unit(world.org)
            make_membership(world.cluster_a, unit, world.year)
            make_rep(unit)

    grow_to(10)
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    for unit in [world.member_unit, world.deputy_unit]:
        self_score_and_submit(world, table, unit, world.users["member"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            url = reverse("scoring:results_page", args=[campaign.pk])
            assert client.get(url).status_code == 200
        return len(queries)

    ten = count()
    grow_to(30)
    table.locked_at = None
    table.save()
    services.scoring_open(table=table)  # sheets for the new units
    assert count() == ten


def test_self_scoring_through_the_page(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    sheet = sheet_of(table, world.member_unit)
    data = {"submit": "1"}
    for score in sheet.scores.select_related("criterion"):
        data[f"score-{score.criterion_id}"] = str(score.criterion.max_points).replace(".", ",")
        data[f"note-{score.criterion_id}"] = "Báo cáo tổng kết, mục II"
    with time_machine.travel(at(world.year, 12, 1), tick=False):
        client_for(world.users["member"]).post(reverse("scoring:sheet_self_score", args=[sheet.pk]),
                                               data)
    assert sheet_of(table, world.member_unit).status == "submitted"


def test_a_score_above_the_maximum_is_refused_on_the_page(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    sheet = sheet_of(table, world.member_unit)
    criterion = sheet.scores.get(criterion__code="2").criterion
    page = client_for(world.users["member"]).post(
        reverse("scoring:sheet_self_score", args=[sheet.pk]), {f"score-{criterion.pk}": "99"})
    assert CriterionScore.objects.get(sheet=sheet, criterion=criterion).self_score is None
    assert page.context["form"].errors.as_data()[f"score-{criterion.pk}"][0].code == "max_value"


def test_verification_through_the_page_needs_a_reason_to_change(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    criterion = sheet.scores.get(criterion__code="2").criterion
    client = client_for(world.users["head"])
    url = reverse("scoring:sheet_verify", args=[sheet.pk])
    client.post(url, {"version": sheet.version, f"verified-{criterion.pk}": "6"})
    assert CriterionScore.objects.get(sheet=sheet, criterion=criterion).verified_score is None
    client.post(url, {"version": sheet.version, f"verified-{criterion.pk}": "6",
                      f"reason-{criterion.pk}": "Thiếu biên bản"})
    assert CriterionScore.objects.get(sheet=sheet, criterion=criterion).verified_score == 6


def test_the_deputy_cannot_verify_a_member_but_verifies_the_head(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    client = client_for(world.users["deputy"])
    member_sheet, head_sheet = sheet_of(table, world.member_unit), sheet_of(table, world.head_unit)
    assert client.post(reverse("scoring:sheet_verify", args=[member_sheet.pk])).status_code == 403
    # allowed: the empty form comes back with its errors (200) instead of a 403
    assert client.post(reverse("scoring:sheet_verify", args=[head_sheet.pk])).status_code == 200


def test_table_export_then_import_round_trips(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    Criterion.objects.filter(group__table=table, code="12").update(name="=HYPERLINK(1)")
    content = table_io.export_table(table)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert any(str(c.value).startswith("'=") for row in sheet.iter_rows() for c in row)
    client_for(world.users["head"]).post(reverse("scoring:scoring_import", args=[campaign.pk]),
                                         {"file": SimpleUploadedFile("t.xlsx", content)})
    assert Criterion.objects.filter(group__table=table).count() == 12
    assert Criterion.objects.filter(group__table=table, name="=HYPERLINK(1)").exists()


def test_a_bad_table_file_changes_nothing_and_names_the_rows(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    book = openpyxl.Workbook()
    book.active.append(table_io.HEADERS)
    book.active.append(["Tiêu chí", "I", "Nhóm", "1", "Nội dung", "mười", "", "", "", ""])
    book.active.append(["Thưởng", "", "", "", "Điểm thưởng", "1", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    page = client_for(world.users["head"]).post(
        reverse("scoring:scoring_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}, follow=True)
    assert Criterion.objects.filter(group__table=table).count() == 12
    assert page.text.count('data-code="bad_row"') == 2
    with pytest.raises(ValidationError) as excinfo:
        table_io.parse(buffer.getvalue())
    assert [e.params["line"] for e in excinfo.value.error_list] == [2, 3]


def test_results_download_as_xlsx_escapes_formulas(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    world.member_unit.name = "@SUM(1+1)"
    world.member_unit.save()
    response = client_for(world.users["head"]).get(
        reverse("scoring:results_download", args=[campaign.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert "'@SUM(1+1)" in [c.value for row in sheet.iter_rows() for c in row]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_results_documents_list_every_unit(world, campaign, client_for, fmt):
    from tests.helpers import docx_text, pdf_text

    units = (world.head_unit, world.deputy_unit, world.member_unit)
    for letter, unit in zip("ABC", units, strict=True):
        # Short names that no table cell wraps (the factory's grow with the test count).
        unit.name = f"Đơn vị {letter}"
        unit.save(update_fields=["name"])
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    self_score_and_submit(world, table, world.member_unit, world.users["member"])
    response = client_for(world.users["head"]).get(
        reverse("scoring:results_download", args=[campaign.pk, fmt]))
    text = (pdf_text if fmt == "pdf" else docx_text)(response.content)
    assert all(u.name in text for u in units)
    assert "BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM THI ĐUA" in text


def test_members_see_results_only_once_locked(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    client = client_for(world.users["member"])
    assert client.get(reverse("scoring:results_page", args=[campaign.pk])).status_code == 403
    services.results_lock(table=table)
    assert client.get(reverse("scoring:results_page", args=[campaign.pk])).status_code == 200




def test_the_sheet_shows_its_total_and_rating(world, campaign, client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    sheet = self_score_and_submit(world, table, world.member_unit, world.users["member"])
    url = reverse("scoring:sheet_detail", args=[sheet.pk])
    page = client_for(world.users["member"]).get(url).text
    assert "Hoàn thành" in page.split('id="sheet-total"')[1][:200]


def test_a_spreadsheet_bomb_for_the_criteria_table_is_refused_unread(world, campaign,
                                                                     client_for, monkeypatch):
    from tests.core.xlsx_files import review_bomb

    table = services.table_for_campaign(campaign=campaign)
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: 1 / 0)
    page = client_for(world.users["head"]).post(
        reverse("scoring:scoring_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile("t.xlsx", review_bomb())}, follow=True)
    assert Criterion.objects.filter(group__table=table).count() == 12
    assert 'data-code="too_large_unpacked"' in page.text


def test_a_criteria_table_over_the_row_limit_is_refused(world, campaign, client_for,
                                                        settings):
    settings.SCORING_TABLE_MAX_ROWS = 5
    table = services.table_for_campaign(campaign=campaign)
    book = openpyxl.Workbook()
    book.active.append(table_io.HEADERS)
    for i in range(6):
        book.active.append(["Tiêu chí", "I", "Nhóm", str(i), "Nội dung", "1", "", "", "", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    page = client_for(world.users["head"]).post(
        reverse("scoring:scoring_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}, follow=True)
    assert Criterion.objects.filter(group__table=table).count() == 12
    assert 'data-code="too_many_rows"' in page.text


def test_reopening_the_table_without_a_reason_says_so_and_keeps_it_locked(world, campaign,
                                                                           client_for):
    table = services.table_for_campaign(campaign=campaign)
    services.scoring_open(table=table)
    page = client_for(world.users["head"]).post(
        reverse("scoring:scoring_reopen", args=[campaign.pk]), {"reason": "  "}, follow=True)
    table.refresh_from_db()
    assert table.locked_at is not None and 'data-code="required"' in page.text


def test_a_table_import_that_is_not_xlsx_is_refused_by_its_form(world, campaign, client_for):
    services.table_for_campaign(campaign=campaign)
    page = client_for(world.users["head"]).post(
        reverse("scoring:scoring_import", args=[campaign.pk]),
        {"file": SimpleUploadedFile("t.pdf", b"%PDF-1.4")}, follow=True)
    assert 'data-code="not_xlsx"' in page.text
