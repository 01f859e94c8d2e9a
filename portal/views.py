"""The top floor's pages: each role's home page and the audit trail."""

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from core.pagination import paginate
from core.years import year_from_request
from members import permissions
from members.permissions import Action
from portal import inbox, selectors

AUDITED_MODELS = ["organisation", "cluster", "unit", "membership", "staffrole",
                  "representative", "user"]


@login_required
def home(request):
    year = year_from_request(request)
    today = timezone.localdate()
    unit_panels = selectors.unit_panels(request.user, year)
    inbox.fill_unit_inboxes(unit_panels, today)
    organisation_panels = selectors.organisation_panels(request.user, year)
    inbox.fill_organisation_inboxes(organisation_panels, request.user, year, today)
    return render(request, "portal/home.html", {
        "year": year, "organisation_panels": organisation_panels, "unit_panels": unit_panels,
    })


@login_required
def audit_log(request):
    organisation = permissions.get_organisation_for(request.user, Action.VIEW_AUDIT,
                                                    request.GET.get("org"))
    entries = (LogEntry.objects.filter(additional_data__organisation_id=organisation.pk)
               .select_related("actor", "content_type").order_by("-timestamp"))
    model = request.GET.get("model", "")
    if model in AUDITED_MODELS:
        entries = entries.filter(content_type__model=model)
    search = request.GET.get("q", "").strip()
    if search:
        entries = entries.filter(Q(object_repr__icontains=search)
                                 | Q(actor__username__icontains=search)
                                 | Q(actor__full_name__icontains=search))
    record_kinds = [(ct.model, ct.model_class()._meta.verbose_name)
                    for ct in ContentType.objects.filter(model__in=AUDITED_MODELS,
                                                         app_label__in=["clusters", "members"])]
    page = paginate(request, entries, per_page=50)
    return render(request, "portal/audit_log.html", {
        "organisation": organisation, "page": page, "rows": selectors.audit_rows(page),
        "model": model, "search": search, "record_kinds": record_kinds,
    })
