"""core/bulk.py: the set-based writes (executemany on SQLite, COPY on PostgreSQL) store
what the ORM would, and refuse what the ORM would, with Django's own errors."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from clusters.models import Organisation, Unit
from core.bulk import insert_objects, insert_rows


def test_rows_come_back_as_written_json_and_times_included(db):
    organisation = Organisation.objects.create(code="bulk", name="Tổ chức")
    insert_objects(Unit(organisation=organisation, code=f"U{i}",
                        name=f"Đơn vị số {i} – “trích dẫn”\tvà tab") for i in range(3))
    assert sorted(Unit.objects.filter(organisation=organisation).values_list("code", "name")) \
        == [(f"U{i}", f"Đơn vị số {i} – “trích dẫn”\tvà tab") for i in range(3)]
    when = timezone.make_aware(datetime.datetime(2026, 12, 5, 8, 30))
    unit_type = ContentType.objects.get_for_model(Unit)
    insert_rows(LogEntry, ["content_type_id", "object_pk", "object_repr", "action",
                           "changes_text", "changes", "timestamp", "additional_data"],
                [(unit_type.pk, "7", "Đơn vị", 0, "", {"name": ["None", "Đơn vị\\n"]}, when,
                  None)])
    entry = LogEntry.objects.get(object_pk="7", content_type=unit_type)
    assert entry.changes == {"name": ["None", "Đơn vị\\n"]}
    assert (entry.timestamp, entry.additional_data) == (when, None)


def test_a_refused_row_raises_django_s_integrity_error_and_writes_none(db):
    organisation = Organisation.objects.create(code="bulk", name="Tổ chức")
    Unit.objects.create(organisation=organisation, code="U1", name="Có sẵn")
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_objects([Unit(organisation=organisation, code="U0", name="Mới"),
                        Unit(organisation=organisation, code="U1", name="Trùng")])
    assert list(Unit.objects.filter(organisation=organisation).values_list("code", flat=True)) \
        == ["U1"]
