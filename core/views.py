"""Pages every deployment needs whatever the domain: the health check and the 500/503 page."""

import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string


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
