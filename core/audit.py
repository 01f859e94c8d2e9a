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
its entries with `log_bulk` (instances) or `log_rows` (plain values), in the same table and
shape, with one statement and the request's context read once.
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
    for field in instance._meta.concrete_fields:  # the key too, as django-auditlog has it
        after = _value(instance, field)
        previous = "None" if before is None else before.get(field.attname, "None")
        if previous != after:
            changes[field.name] = [previous, after]
    return changes


def snapshot(instance):
    """The concrete field values of an instance before it is changed."""
    return {f.attname: _value(instance, f) for f in instance._meta.concrete_fields}


def _request_context():
    """What the entries of one bulk write share, read once: the actor and address that
    django-auditlog's pre_save receiver fills in (connected only inside a request or a
    set_actor() block), the correlation id, and the current action (describe_entry)."""
    from auditlog.cid import get_cid

    probe = LogEntry()
    _current_subject.set(None)
    pre_save.send(sender=LogEntry, instance=probe, raw=False, using="default",
                  update_fields=None)
    return {"actor_id": probe.actor_id, "actor_email": probe.actor_email,
            "remote_addr": probe.remote_addr, "remote_port": probe.remote_port,
            "cid": probe.cid or get_cid(), "data": probe.additional_data or {}}


_LOG_COLUMNS = ["content_type_id", "object_pk", "object_id", "object_repr", "action",
                "changes_text", "changes", "actor_id", "actor_email", "remote_addr",
                "remote_port", "cid", "timestamp", "additional_data"]


def log_rows(model, rows, *, created):
    """Write one audit entry per (pk, repr, changes, additional_data) row that has changes,
    in one statement (core.bulk), in the shape django-auditlog gives single saves.
    additional_data holds the scope and facts (what describe_entry finds from an instance);
    the action and the request's actor are added here."""
    from django.utils import timezone

    from core.bulk import insert_rows

    context = _request_context()
    shared = context["data"]
    content_type_id = ContentType.objects.get_for_model(model).pk
    action = LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE
    now = timezone.now()
    head = (content_type_id,)
    tail = (context["actor_id"], context["actor_email"], context["remote_addr"],
            context["remote_port"], context["cid"], now)
    entries = [
        (*head, str(pk), pk if isinstance(pk, int) else None, str(text)[:1000], action, "",
         changes, *tail, {**shared, **(data or {})} or None)
        for pk, text, changes, data in rows if changes
    ]
    return insert_rows(LogEntry, _LOG_COLUMNS, entries)


def instance_data(instance):
    """The additional_data describe_entry writes for a single save of the instance."""
    data = dict(instance.get_additional_data() or {}) if hasattr(
        instance, "get_additional_data") else {}
    for key, value in scope_of(instance).items():
        data.setdefault(key, value)
    facts = choice_facts(instance)
    if facts:
        data.setdefault("facts", facts)
    return data


def log_bulk(changes_by_instance, *, created):
    """Write one audit entry per (instance, changes) pair that has changes (instances of
    any registered models; bulk_create and bulk_update send no signals)."""
    by_model = {}
    for instance, changes in changes_by_instance:
        if changes:
            by_model.setdefault(type(instance), []).append(
                (instance.pk, instance, changes, instance_data(instance)))
    return sum(log_rows(model, rows, created=created) for model, rows in by_model.items())
