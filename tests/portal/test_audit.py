"""The audit trail: named actions in Vietnamese, local times, filters, CSV export."""

import csv
import datetime
import io

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from reports import services as report_services
from tests.conftest import at
from tests.factories import make_user
from tests.helpers import write_report


@pytest.fixture
def secretariat(world, client_for):
    return client_for(world.users["secretariat"])


@pytest.fixture
def resubmitted(world, signed):
    """UM's semi-annual report: submitted on 3 July (08:30 local), returned, submitted again
    on 10 July."""
    report = write_report(signed, world.member_unit, "semiannual",
                          {"Phát triển hội viên": "6"})
    with time_machine.travel(at(world.year, 7, 3, 8) + datetime.timedelta(minutes=30), tick=False):
        report_services.report_submit(report=report, user=world.users["member"])
    report_services.report_return(report=report, comment="Bổ sung số liệu.")
    with time_machine.travel(at(world.year, 7, 10), tick=False):
        report_services.report_submit(report=report, user=world.users["member"])
    return report


def page_text(client, **params):
    return client.get(reverse("portal:audit_log"), params).text


def export_rows(client, **params):
    response = client.get(reverse("portal:audit_export"), params)
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with its mark
    return list(csv.reader(io.StringIO(text[1:])))


def test_resubmission_reads_as_a_numbered_vietnamese_sentence(secretariat, world, resubmitted):
    page = page_text(secretariat)
    unit = world.member_unit.name
    assert f"Đơn vị {unit} gửi báo cáo sơ kết, lần 2" in page
    assert f"Cụm trưởng trả lại báo cáo sơ kết của {unit}" in page


def test_changed_fields_are_named_in_vietnamese_with_local_minutes(secretariat, resubmitted):
    page = page_text(secretariat, action="report.submit")
    assert "Lần gửi đầu" in page and "first submitted at" not in page
    assert "08:30 03/07/" in page  # 01:30 UTC, stored by django-auditlog with seconds


def test_reverse_relations_are_not_listed_as_changes(secretariat, resubmitted):
    assert "ReportAttachment" not in page_text(secretariat)


def test_entries_written_without_an_action_read_as_the_kind_of_record(secretariat, world):
    world.member_unit.name = "Đơn vị đổi tên trực tiếp"
    world.member_unit.save()  # a plain save, as code outside the services does
    page = page_text(secretariat, action="generic:1")
    assert "Sửa đơn vị" in page and "Đơn vị đổi tên trực tiếp" in page


def test_filter_by_cluster_keeps_only_that_clusters_entries(secretariat, world, resubmitted):
    page = page_text(secretariat, cluster=world.cluster_b.pk)
    assert world.other_unit.name in page
    assert "gửi báo cáo" not in page


def test_filter_by_unit_keeps_only_that_units_entries(secretariat, world, resubmitted):
    rows = export_rows(secretariat, unit=world.member_unit.pk)[1:]
    assert rows and all(world.member_unit.name in row[3] + row[4] for row in rows)


def test_filter_by_action_keeps_only_that_action(secretariat, resubmitted):
    rows = export_rows(secretariat, action="report.submit")[1:]
    assert [row[2] for row in rows] == ["Gửi báo cáo", "Gửi báo cáo"]


def test_filter_by_dates_uses_local_days(secretariat, world, resubmitted):
    rows = export_rows(secretariat, date_from=f"{world.year}-07-04",
                       date_to=f"{world.year}-07-10", action="report.submit")[1:]
    assert [row[0][:5] for row in rows] == ["10/07"]


def test_a_bad_date_is_a_field_error_and_the_page_still_answers(secretariat):
    response = secretariat.get(reverse("portal:audit_log"), {"date_from": "31/02/2026",
                                                             "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert "aria-invalid" in response.text and "dd/mm/yyyy" in response.text


def test_export_has_vietnamese_headers_and_one_row_per_entry(secretariat, world, resubmitted):
    rows = export_rows(secretariat)
    entries = LogEntry.objects.filter(additional_data__organisation_id=world.org.pk)
    assert rows[0] == ["Thời điểm", "Người thực hiện", "Thao tác", "Nội dung", "Đối tượng",
                       "Thay đổi (trước → sau)"]
    assert len(rows) - 1 == entries.count()


def test_export_writes_local_time(secretariat, resubmitted):
    rows = export_rows(secretariat, action="report.submit")
    assert rows[-1][0].endswith("08:30") and rows[-1][0].startswith("03/07/")


def test_export_escapes_cells_that_a_spreadsheet_would_run(client_for, world):
    from members.models import StaffRole
    from tests.factories import make_staff

    sneaky = make_staff(world.org, StaffRole.Role.SECRETARIAT,
                        user=make_user(full_name="=HYPERLINK(\"http://x\")"))
    client = client_for(sneaky)
    client.post(reverse("clusters:unit_edit", args=[world.member_unit.pk]),
                {"code": world.member_unit.code, "name": "Tên mới"})
    rows = export_rows(client, action="unit.save")
    assert rows[1][1].startswith("'=")


def test_other_organisations_entries_are_not_exported(secretariat, world):
    from tests.factories import make_org, make_unit

    make_unit(make_org(), name="Đơn vị tổ chức khác")
    assert not any("Đơn vị tổ chức khác" in ",".join(row) for row in export_rows(secretariat))
