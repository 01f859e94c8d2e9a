"""The registry import at scale: set-based (constant queries), all or nothing, audited."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from clusters import registry_io
from clusters.models import Cluster, Membership, Unit
from clusters.registry_io import registry_import
from core.audit import audit_action
from members.models import Representative, User
from tests.clusters.registry_files import csv_bytes, registry_row, xlsx_bytes
from tests.factories import make_org, make_user

pytestmark = pytest.mark.django_db


def rows(count, *, clusters=10, email_every=5):
    """`count` rows over `clusters` clusters in two years, a head and a deputy per cluster
    and year, a representative on every `email_every`-th unit's first year."""
    out = []
    units = count // 2
    for year in (2025, 2026):
        for n in range(units):
            cluster, place = n % clusters, n // clusters
            role = {0: "Cụm trưởng", 1: "Cụm phó"}.get((place + year) % max(units // clusters, 2),
                                                       "Thành viên")
            email = f"dv{n}@example.vn" if year == 2025 and n % email_every == 0 else ""
            out.append(registry_row(f"U{n}", f"Đơn vị {n}", "", f"C{cluster}",
                                    f"Cụm thi đua số {cluster}", "Cụm", year, role,
                                    f"Người {n}" if email else "", email))
    return out


def imported_entries():
    return LogEntry.objects.filter(content_type__model__in=[
        "cluster", "unit", "membership", "representative", "user"]).count()


def import_csv(org, data, dry_run=False):
    return registry_import(organisation=org, content=csv_bytes(data), file_name="r.csv",
                           dry_run=dry_run)


def queries_for(count):
    org = make_org(code=f"org{count}")
    with CaptureQueriesContext(connection) as captured:
        report = import_csv(org, rows(count))
    assert report.ok and report.new == count, report.errors[:3]
    return len(captured)


@pytest.fixture(autouse=True)
def warm_content_types():
    # The first audit entries of a model look its content type up once per process.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_models(Cluster, Unit, Membership, Representative)


def test_the_import_query_count_does_not_grow_with_rows():
    assert queries_for(100) == queries_for(10_000)


def test_reimporting_changes_with_as_many_queries_for_many_rows_as_for_few():
    def queries_to_swap(count):
        org = make_org(code=f"swap{count}")
        import_csv(org, rows(count))
        swapped = [row[:7] + [{"Cụm trưởng": "Cụm phó", "Cụm phó": "Cụm trưởng"}.get(
            row[7], row[7]), "", ""] for row in rows(count)]
        with CaptureQueriesContext(connection) as captured:
            report = import_csv(org, swapped)
        assert report.ok and report.updated == count, report.errors[:3]
        return len(captured)

    assert queries_to_swap(100) == queries_to_swap(2_000)


def test_a_bad_last_row_of_a_long_file_writes_nothing():
    org = make_org()
    data = rows(2_000) + [registry_row("U9999", role="Chủ nhiệm")]
    report = registry_import(organisation=org, content=xlsx_bytes(data), file_name="r.xlsx",
                             dry_run=False)
    assert [line for line, _m in report.errors] == [2_002]
    assert (Unit.objects.count(), User.objects.count(), imported_entries()) == (0, 0, 0)


def test_a_database_error_in_the_last_write_takes_back_the_earlier_ones(monkeypatch):
    def fail(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(registry_io, "_write_memberships", fail)
    org = make_org()
    report = import_csv(org, rows(200))
    assert report.file_error and not report.ok
    assert (Cluster.objects.count(), Unit.objects.count(), Representative.objects.count(),
            User.objects.count(), imported_entries()) == (0, 0, 0, 0, 0)


def test_a_preview_runs_the_writes_and_keeps_none():
    org = make_org()
    report = import_csv(org, rows(200), dry_run=True)
    assert report.ok and (report.new, report.representatives) == (200, 20)
    assert (Membership.objects.count(), User.objects.count(), imported_entries()) == (
        0, 0, 0)


def test_every_written_row_has_its_audit_entry_with_the_actor():
    org, user = make_org(), make_user()
    with set_actor(user), audit_action("registry.import"):
        import_csv(org, rows(200))
    counts = {model: LogEntry.objects.filter(content_type__model=model).count()
              for model in ("membership", "unit", "cluster", "representative")}
    assert counts == {"membership": 200, "unit": 100, "cluster": 10, "representative": 20}
    assert set(LogEntry.objects.filter(content_type__model__in=counts).values_list(
        "actor_id", "additional_data__action")) == {
        (user.pk, "registry.import")}


def test_a_bulk_entry_reads_like_the_entry_of_a_single_save():
    org = make_org()
    import_csv(org, rows(2))
    bulk = LogEntry.objects.get(content_type__model="membership",
                                object_pk=str(Membership.objects.get(year=2025).pk))
    saved = Membership.objects.create(cluster=Cluster.objects.get(), year=2024,
                                      unit=Unit.objects.get(), role=Membership.Role.HEAD)
    single = LogEntry.objects.get(content_type__model="membership", object_pk=str(saved.pk))
    assert (set(bulk.changes), bulk.additional_data.keys(), bulk.object_repr) == (
        set(single.changes), single.additional_data.keys(), str(Membership.objects.get(year=2025)))


def test_a_representative_entry_reads_like_the_entry_of_a_single_save():
    org = make_org()
    import_csv(org, rows(2, email_every=1))
    bulk = LogEntry.objects.get(content_type__model="representative")
    first = Representative.objects.get()
    second = Representative.objects.create(unit=first.unit, user=make_user())
    single = LogEntry.objects.get(content_type__model="representative",
                                  object_pk=str(second.pk))
    assert (bulk.changes.keys(), bulk.additional_data, bulk.object_repr) == (
        single.changes.keys(), single.additional_data, str(first))
