"""Small helpers every app's views share."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import FileResponse, HttpResponse
from django.utils.translation import gettext as _
from ipware import get_client_ip


def client_address(request):
    """The client's address, the one place that decides it (login throttling, pledge
    signatures, logs).

    With TRUSTED_PROXY_COUNT = 0 the portal is reached directly: REMOTE_ADDR. Behind N
    trusted proxies, each appends the address it received the request from to
    X-Forwarded-For, so the client is the N-th entry from the right; entries further left
    were written by the client and are never believed. Without a usable header (a request
    that bypassed the proxy) the answer is REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count == 0:
        return request.META.get("REMOTE_ADDR")
    # ipware counts only the proxies whose addresses are inside the header: the last proxy's
    # address is REMOTE_ADDR, hence count - 1. strict=False skips malformed entries instead
    # of dropping the whole header, so junk sent by a client cannot shift the position.
    address, _routable = get_client_ip(
        request, proxy_order="left-most", proxy_count=count - 1,
        request_header_order=("HTTP_X_FORWARDED_FOR",), strict=False)
    return address or request.META.get("REMOTE_ADDR")


def run_service(request, action, success_message):
    """Run a service; on success queue the message, on a rule broken queue the reason.

    Returns True on success. For POST-only actions whose page simply redirects back.
    """
    try:
        action()
    except ValidationError as error:
        for code, message in coded_messages(error):
            # The code rides along as the message's extra tag: base.html shows it as
            # data-code, so the page says why it refused in a form tests can read.
            messages.error(request, message, extra_tags=code or "")
        return False
    except IntegrityError:
        messages.error(request, _("This change conflicts with data saved at the same moment; "
                                  "please reload and try again."))
        return False
    messages.success(request, success_message)
    return True


def coded_messages(error):
    """(code, message) for each message of a ValidationError, flat or by field."""
    if hasattr(error, "error_dict"):
        errors = [e for field_errors in error.error_dict.values() for e in field_errors]
    else:
        errors = error.error_list
    return [(e.code, message) for e in errors for message in e.messages]


def errors_to_form(error, form):
    """Put a service's ValidationError (or a lost race on a constraint) on the form."""
    if isinstance(error, IntegrityError):
        form.add_error(None, _("This change conflicts with data saved at the same moment; "
                               "please reload and try again."))
    else:
        for message in error.messages:
            form.add_error(None, message)


DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_response(content, file_stem, fmt):
    response = HttpResponse(content, content_type=DOCUMENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_stem}.{fmt}"'
    return response


def file_download(field_file, name):
    """Serve an uploaded file as a download (never inline: it came from a user)."""
    return FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
