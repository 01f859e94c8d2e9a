"""The audit trail read as sentences: which entries a page or an export shows, and each
entry made readable (named action, local time, field names and values in the reader's language).

Entries come from django-auditlog; core/audit.py adds the action code and the scope
(organisation, cluster, unit) when they are written; portal/audit_actions.py holds the sentences.
"""

import ast
import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster, Unit
from portal.audit_actions import ACTIONS, GENERIC, PERIOD_WORDS

# Fields whose models leave Django's automatic English name ("first submitted at"); a field
# with a translated verbose name, or a foreign key (named after its model), needs no entry.
FIELD_LABELS = {
    "first_submitted_at": gettext_lazy("first submitted"),
    "submitted_at": gettext_lazy("submitted"),
    "updated_at": gettext_lazy("last changed"),
    "created_at": gettext_lazy("created"),
    "verified_at": gettext_lazy("verified"),
    "contested_at": gettext_lazy("contested"),
    "resolved_at": gettext_lazy("contest resolved"),
    "resolved_score": gettext_lazy("score after the contest"),
    "issued_at": gettext_lazy("issued"),
    "semiannual_closed_at": gettext_lazy("semi-annual period closed"),
    "yearend_closed_at": gettext_lazy("year-end period closed"),
    "verification_closed_at": gettext_lazy("verification closed"),
    "order": gettext_lazy("order"),
    "version": gettext_lazy("version"),
    "added_by_verifier": gettext_lazy("added by the verifier"),
    "last_used_at": gettext_lazy("last used"),
    "confirmed": gettext_lazy("confirmed"),
    "name": gettext_lazy("name"),
    "recorded_by": gettext_lazy("recorded by"),
    "signed_by": gettext_lazy("signed by"),
    "submitted_by": gettext_lazy("submitted by"),
    "verified_by": gettext_lazy("verified by"),
    "uploaded_by": gettext_lazy("uploaded by"),
    "created_by": gettext_lazy("created by"),
    "issued_by": gettext_lazy("issued by"),
    "adjustment": gettext_lazy("bonus or penalty item"),
    "document": gettext_lazy("issued document"),
    "period": gettext_lazy("period"),
}


def audit_entries(organisation, *, cluster=None, unit=None, action="", date_from=None,
                  date_to=None, search=""):
    """The organisation's entries, newest first, narrowed by the filters given."""
    entries = (LogEntry.objects.filter(additional_data__organisation_id=organisation.pk)
               .select_related("actor", "content_type").order_by("-timestamp", "-pk"))
    if cluster is not None:
        entries = entries.filter(additional_data__cluster_id=cluster.pk)
    if unit is not None:
        entries = entries.filter(additional_data__unit_id=unit.pk)
    if action in ACTIONS:
        entries = entries.filter(additional_data__action=action)
    elif action.startswith("generic:"):
        entries = entries.filter(action=int(action.split(":")[1])).filter(
            ~Q(additional_data__has_key="action")
            | ~Q(additional_data__action__in=list(ACTIONS)))
    if date_from:
        entries = entries.filter(timestamp__date__gte=date_from)
    if date_to:
        entries = entries.filter(timestamp__date__lte=date_to)
    if search:
        entries = entries.filter(Q(object_repr__icontains=search)
                                 | Q(actor__username__icontains=search)
                                 | Q(actor__full_name__icontains=search))
    return entries


@dataclass
class AuditRow:
    entry: object
    when: datetime.datetime  # local time
    action_label: str
    sentence: str
    record_kind: str
    changes: list  # [(field label, before, after)]

    @property
    def is_creation(self):
        return self.entry.action == LogEntry.Action.CREATE

    @property
    def actor_name(self):
        actor = self.entry.actor
        return (actor.get_full_name() or actor.username) if actor else _("system")

    @property
    def changes_text(self):
        """The changes on one line each, for the export."""
        if self.is_creation:
            return "\n".join(f"{label}: {after or '—'}" for label, _before, after in self.changes)
        return "\n".join(f"{label}: {before or '—'} → {after or '—'}"
                         for label, before, after in self.changes)


def audit_rows(entries):
    """The entries made readable, with a fixed number of queries: units, clusters, the
    earlier entries that number a repeated action, and one per related model named in changes."""
    entries = list(entries)
    data = [entry.additional_data or {} for entry in entries]
    units = Unit.objects.in_bulk({d["unit_id"] for d in data if d.get("unit_id")})
    clusters = Cluster.objects.in_bulk({d["cluster_id"] for d in data if d.get("cluster_id")})
    ordinals = _ordinals(entries, data)
    changes = _readable_changes(entries)
    rows = []
    for entry, extra, entry_changes in zip(entries, data, changes, strict=True):
        model = entry.content_type.model_class()
        kind = capfirst(str(model._meta.verbose_name)) if model else entry.content_type.model
        code = extra.get("action")
        action = ACTIONS.get(code) or GENERIC.get(entry.action, GENERIC[LogEntry.Action.UPDATE])
        cluster = clusters.get(extra.get("cluster_id"))
        unit = units.get(extra.get("unit_id"))
        facts = extra.get("facts") or {}
        values = _Blank({
            "unit": unit.name if unit else entry.object_repr,
            "cluster": cluster.name if cluster else "—",
            "head": cluster.head_title if cluster else _("Cluster head"),
            "period": PERIOD_WORDS.get(facts.get("period"), ""),
            "object": entry.object_repr,
            "model": str(model._meta.verbose_name) if model else kind,
            "n": ordinals.get(entry.pk, 1),
            **(extra.get("action_params") or {}),
        })
        sentence = capfirst(" ".join(str(action.sentence).format_map(values).split()))
        rows.append(AuditRow(entry, timezone.localtime(entry.timestamp), str(action.label),
                             sentence, kind, entry_changes))
    return rows


class _Blank(dict):
    """A placeholder a sentence names but the entry lacks reads as nothing, not an error."""

    def __missing__(self, key):
        return ""


def _ordinals(entries, data):
    """{entry id: how many times its action was recorded for its object up to it}."""
    numbered = {code for code, action in ACTIONS.items() if "{n}" in str(action.sentence)}
    wanted = {(e.content_type_id, e.object_pk, d["action"])
              for e, d in zip(entries, data, strict=True) if d.get("action") in numbered}
    if not wanted:
        return {}
    earlier = (LogEntry.objects.filter(
        content_type_id__in={w[0] for w in wanted}, object_pk__in={w[1] for w in wanted},
        additional_data__action__in={w[2] for w in wanted})
        .values_list("pk", "content_type_id", "object_pk", "additional_data__action")
        .order_by("pk"))
    counts, ordinals = {}, {}
    for pk, content_type_id, object_pk, code in earlier:
        key = (content_type_id, object_pk, code)
        counts[key] = counts.get(key, 0) + 1
        ordinals[pk] = counts[key]
    return ordinals


def _readable_changes(entries):
    """Each entry's changes as (label, before, after), foreign keys named in bulk."""
    pending, wanted = [], {}
    for entry in entries:
        model = entry.content_type.model_class()
        fields = []
        for name, values in (entry.changes_dict or {}).items():
            field = _concrete_field(model, name)
            if field is None or field.primary_key:
                continue  # reverse relations ("reports.ReportAttachment.None"), ids
            before, after = (list(values) + [None, None])[:2]
            if field.many_to_one:
                wanted.setdefault(field.related_model, set()).update(
                    v for v in (before, after) if v not in (None, "None", ""))
            fields.append((field, before, after))
        pending.append(fields)
    # select_related(): a name may name a parent (a campaign reads "cluster – year"), which
    # would otherwise be one query per entry.
    names = {model: {str(pk): str(obj) for pk, obj in model._default_manager.select_related()
                     .in_bulk([int(pk) for pk in pks if str(pk).isdigit()]).items()}
             for model, pks in wanted.items()}
    return [[(field_label(field), *(_value(field, v, names) for v in (before, after)))
             for field, before, after in fields] for fields in pending]


def _concrete_field(model, name):
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if field.concrete else None


def field_label(field):
    """The field's name for a reader: its own when translated, else its model's or ours."""
    label = str(field.verbose_name)
    if label != field.name.replace("_", " "):
        return capfirst(label)
    if field.name in FIELD_LABELS:
        return capfirst(str(FIELD_LABELS[field.name]))
    if field.is_relation and field.related_model is not None:
        return capfirst(str(field.related_model._meta.verbose_name))
    return capfirst(label)


def _value(field, value, names):
    """A stored value as the reader knows it: names, labels, local times, yes/no."""
    if value in (None, "None", ""):
        return ""
    if field.many_to_one:
        return names.get(field.related_model, {}).get(str(value), value)
    if field.choices:
        return str({str(key): label for key, label in field.flatchoices}.get(str(value), value))
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return _("yes") if value in ("True", True) else _("no")
    if internal == "DateTimeField":
        return _local_datetime(value)
    if internal == "DateField":
        try:
            return date_format(datetime.date.fromisoformat(str(value)[:10]), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    if internal == "BinaryField":
        return "…"
    if internal == "DecimalField":
        try:
            return number_format(Decimal(str(value)))
        except InvalidOperation:
            return value
    if internal == "JSONField":
        return _flat_json(value)
    return value


def _flat_json(value):
    """Structured settings (the rating bands) as their values: "Xuất sắc, 95; Tốt, 85"."""
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        try:
            data = ast.literal_eval(str(value))
        except (ValueError, SyntaxError):
            return value
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        return str(data)
    parts = []
    for item in data:
        if isinstance(item, dict):
            item = ", ".join(str(v) for v in item.values() if not isinstance(v, bool | dict | list))
        parts.append(str(item))
    return "; ".join(parts)


def _local_datetime(value):
    """django-auditlog stores times as naive UTC text, with microseconds: local, to the minute."""
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return value
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=datetime.UTC)
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
