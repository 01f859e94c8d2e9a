"""Pages every deployment needs whatever the domain: the health check, the 413 page and the
400/500/503 pages."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults


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


def came_from(request):
    """The page the person sent the form from (Referer), when it is one of ours; else home."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()},
                                                   require_https=request.is_secure()):
        return referer
    return reverse("portal:home")


def too_large_response(request):
    """413: what the limit is, that nothing was saved, and a link back to the form."""
    return render(request, "413.html", {"max_mb": settings.UPLOAD_MAX_BYTES // 2**20,
                                        "back": came_from(request)}, status=413)


def request_too_large(request):
    """The 413 page on its own URL: nginx shows it (error_page 413) for a body over its own
    client_max_body_size, which it refuses before the portal sees anything."""
    return too_large_response(request)


def bad_request(request, exception):
    """handler400. Django raises RequestDataTooBig (a 400) when the form fields alone exceed
    DATA_UPLOAD_MAX_MEMORY_SIZE, e.g. a request without Content-Length: it is a 413."""
    if isinstance(exception, RequestDataTooBig):
        return too_large_response(request)
    return defaults.bad_request(request, exception)
