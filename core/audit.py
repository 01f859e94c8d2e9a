"""Audit entries for bulk writes.

django-auditlog records single saves through model signals; `bulk_create`/`bulk_update`
send no signals, so the registry import (thousands of rows) writes its entries here, in the
same LogEntry table and shape, with one INSERT per batch instead of one per row.
"""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save


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
    entries = [
        LogEntry(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=str(instance.pk), object_id=instance.pk,
            object_repr=str(instance)[:1000],
            action=LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
            changes=changes, additional_data=instance.get_additional_data(),
        )
        for instance, changes in changes_by_instance if changes
    ]
    for entry in entries:
        # django-auditlog fills actor and address from its pre_save receiver, connected
        # only while a request (AuditlogMiddleware) or set_actor() block is active;
        # bulk_create sends no signal, so send it here.
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using="default",
                      update_fields=None)
    LogEntry.objects.bulk_create(entries, batch_size=1000)
