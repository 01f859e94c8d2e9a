"""The audit trail: the page and its CSV export, for the organisation's secretariat."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.pagination import paginate
from core.spreadsheets import escape_formula
from members import permissions
from members.permissions import Action
from portal.audit import audit_entries, audit_rows
from portal.audit_forms import AuditFilterForm

EXPORT_BATCH = 500


def _filtered(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_AUDIT,
                                                    request.GET.get("org"))
    form = AuditFilterForm(request.GET or None, organisation=organisation)
    return organisation, form, audit_entries(organisation, **form.filters())


@login_required
def audit_log(request):
    organisation, form, entries = _filtered(request)
    page = paginate(request, entries, per_page=50)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "portal/audit_log.html", {
        "organisation": organisation, "form": form, "page": page, "rows": audit_rows(page),
        "query": query.urlencode(),
    })


@login_required
def audit_export(request):
    """The filtered entries as CSV (UTF-8 with BOM, as Excel opens it), one row per entry."""
    organisation, _form, entries = _filtered(request)
    name = f"nhat-ky-thay-doi-{slugify(organisation.code)}-{timezone.localdate():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(_csv_lines(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class _Echo:
    def write(self, value):
        return value


def _csv_lines(entries):
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([_("Time"), _("Who"), _("Action"), _("What happened"),
                                      pgettext("audit export column", "Record"),
                                      _("Changes (before → after)")])
    batch = []
    for entry in entries.iterator(chunk_size=EXPORT_BATCH):
        batch.append(entry)
        if len(batch) == EXPORT_BATCH:
            yield from _csv_rows(writer, batch)
            batch = []
    yield from _csv_rows(writer, batch)


def _csv_rows(writer, entries):
    for row in audit_rows(entries):
        cells = [row.when.strftime("%d/%m/%Y %H:%M"), row.actor_name, row.action_label,
                 row.sentence, f"{row.record_kind}: {row.entry.object_repr}", row.changes_text]
        yield writer.writerow([escape_formula(cell) for cell in cells])
