import sys

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from core import selectors
from core.pagination import paginate
from core.years import year_from_request
from members import permissions
from members.permissions import Action

AUDITED_MODELS = ["organisation", "cluster", "unit", "membership", "staffrole",
                  "representative", "user"]


@login_required
def home(request):
    year = year_from_request(request)
    return render(request, "core/home.html", {
        "year": year,
        "organisation_panels": selectors.organisation_panels(request.user, year),
        "unit_panels": selectors.unit_panels(request.user, year),
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
    return render(request, "core/audit_log.html", {
        "organisation": organisation, "page": page, "rows": selectors.audit_rows(page),
        "model": model, "search": search, "record_kinds": record_kinds,
    })


def health(request):
    """For load balancers and monitoring: 200 once the database answers, no login, no page
    around it (also the bare-page reference of `make bench`)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


DATABASE_RETRY_AFTER_SECONDS = 5


def server_error(request):
    """handler500. While PostgreSQL restarts or is out of reach, answer 503 with Retry-After
    instead of 500: the person is told that nothing was saved and to try again in a moment,
    and a load balancer (which sees /healthz answer 503 too) knows the fault is passing.

    Django calls this from inside its exception handler, for a failure in a view as well as
    in a middleware (auditlog reads the session before any view runs), so the exception
    being handled is at hand. The request's transaction has been rolled back by then; the
    worker's broken connection is dropped at the end of the request and the next one, after
    the health check, opens a new connection. Rendered without a request context: the
    context processors would query the database that has just failed.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
    return HttpResponse(render_to_string("500.html"), status=500)
