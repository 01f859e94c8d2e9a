"""Audit entries for bulk writes.

django-auditlog records single saves through model signals; `bulk_create`/`bulk_update`
send no signals, so the registry import (thousands of rows) writes its entries here, in the
same LogEntry table and shape, with one INSERT per batch instead of one per row.
"""

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def current_actor():
    """The user set by AuditlogMiddleware (or auditlog's set_actor) for this request."""
    try:
        return auditlog_value.get().get("actor")
    except LookupError:
        return None


def _value(instance, field):
    value = getattr(instance, field.attname)
    return "None" if value is None else str(value)


def field_changes(instance, before=None):
    """{field: [before, after]} over concrete fields, as django-auditlog stores them."""
    changes = {}
    for field in instance._meta.concrete_fields:
        if field.primary_key:
            continue
        after = _value(instance, field)
        previous = "None" if before is None else before.get(field.attname, "None")
        if previous != after:
            changes[field.name] = [previous, after]
    return changes


def snapshot(instance):
    """The concrete field values of an instance before it is changed."""
    return {f.attname: _value(instance, f) for f in instance._meta.concrete_fields}


def log_bulk(changes_by_instance, *, created):
    """Write one audit entry per (instance, changes) pair that has changes."""
    actor = current_actor()
    entries = [
        LogEntry(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=str(instance.pk), object_id=instance.pk,
            object_repr=str(instance)[:1000],
            action=LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
            changes=changes, actor=actor, actor_email=getattr(actor, "email", None),
            additional_data=instance.get_additional_data(),
        )
        for instance, changes in changes_by_instance if changes
    ]
    LogEntry.objects.bulk_create(entries, batch_size=1000)
