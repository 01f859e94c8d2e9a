"""Audit entries: what they are part of, where they belong, and bulk writes.

django-auditlog records single saves through model signals. Two additions, both written into
the entry's `additional_data` as it is saved (no extra query for the entry itself):

- `audit_action("report.submit")`, as a decorator on a service or a `with` block, names the
  action every entry written inside belongs to; the portal's catalogue (portal/audit_actions.py)
  turns the code into a sentence. The innermost action wins: when launching a campaign opens
  the reports, those entries read "report opened", the others "campaign launched". Entries
  written outside any action still read as "created / changed / deleted <model>".
- the scope (organisation_id, cluster_id, unit_id) is found from the saved object by following
  its foreign keys to the registry models, and the raw values of its choice fields are kept
  (`facts`), so that sentences can say "the semi-annual report" as it was when written.

`bulk_create`/`bulk_update` send no signals, so the registry import (thousands of rows) writes
its entries with `log_bulk`, in the same table and shape, one INSERT per batch.
"""

import functools
from contextlib import contextmanager
from contextvars import ContextVar

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import pre_save

# Registry models by label (core imports no app of ours): an entry's scope is found by
# following foreign keys to them.
SCOPE_MODELS = {"clusters.Organisation": "organisation_id", "clusters.Cluster": "cluster_id",
                "clusters.Unit": "unit_id"}
SCOPE_DEPTH = 4

_current_action = ContextVar("audit_action", default=None)
_current_subject = ContextVar("audit_subject", default=None)


@contextmanager
def audit_action(code, **params):
    """Name the action the audit entries written inside belong to (a decorator or a block).
    `params`: short texts the sentence needs that the saved object does not hold."""
    token = _current_action.set((code, {k: str(v) for k, v in params.items()}))
    try:
        yield
    finally:
        _current_action.reset(token)


def remember_subject(sender, instance, **kwargs):
    """pre_log receiver: the object django-auditlog is about to write an entry for."""
    _current_subject.set(instance)


def describe_entry(sender, instance, raw=False, **kwargs):
    """pre_save receiver on LogEntry: add the action, the scope and the facts."""
    if raw or not instance._state.adding:
        return
    subject = _current_subject.get()
    _current_subject.set(None)
    data = dict(instance.additional_data or {})
    if subject is not None and str(subject.pk) == str(instance.object_pk):
        for key, value in scope_of(subject).items():
            data.setdefault(key, value)
        facts = choice_facts(subject)
        if facts:
            data.setdefault("facts", facts)
    action = _current_action.get()
    if action is not None:
        code, params = action
        data.setdefault("action", code)
        if params:
            data.setdefault("action_params", params)
    if data:
        instance.additional_data = data


def scope_of(instance):
    """{organisation_id, cluster_id, unit_id} reachable from the instance (those found)."""
    found = {}
    own = SCOPE_MODELS.get(instance._meta.label)
    if own:
        found[own] = instance.pk
    for key, path in _scope_paths(type(instance)).items():
        if key in found:
            continue
        value = instance
        for name in path[:-1]:
            value = getattr(value, name, None)
            if value is None:
                break
        else:
            value = getattr(value, path[-1], None)
            if value is not None:
                found[key] = value
    return found


@functools.cache
def _scope_paths(model):
    """{scope key: the shortest chain of foreign keys ending in that key's attname}."""
    paths, frontier = {}, [(model, ())]
    for _depth in range(SCOPE_DEPTH):
        following = []
        for current, path in frontier:
            for field in current._meta.concrete_fields:
                if not (field.many_to_one or field.one_to_one) or field.related_model is None:
                    continue
                key = SCOPE_MODELS.get(field.related_model._meta.label)
                if key and key not in paths:
                    paths[key] = (*path, field.attname)
                if field.related_model is not model:
                    following.append((field.related_model, (*path, field.name)))
        frontier = following
    return paths


def choice_facts(instance):
    """The raw values of the instance's choice fields: what the sentence may name."""
    return {f.name: str(getattr(instance, f.attname)) for f in instance._meta.concrete_fields
            if f.choices and getattr(instance, f.attname) not in (None, "")}


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
    instances = [instance for instance, changes in changes_by_instance if changes]
    for instance, entry in zip(instances, entries, strict=True):
        # django-auditlog fills actor and address from its pre_save receiver, connected
        # only while a request (AuditlogMiddleware) or set_actor() block is active;
        # bulk_create sends no signal, so send it here (describe_entry listens too).
        _current_subject.set(instance)
        pre_save.send(sender=LogEntry, instance=entry, raw=False, using="default",
                      update_fields=None)
    LogEntry.objects.bulk_create(entries, batch_size=1000)
