"""The URLconf: each app's own urls.py (with its namespace), plus Django's accounts, i18n and
admin. Routes keep their full paths inside each app, so every URL stays where it was."""

from django.contrib import admin
from django.urls import include, path

from core import views as core

APPS = [
    "portal",
    "clusters",
    "members",
    "campaigns",
    "reports",
    "scoring",
    "voting",
    "awards",
    "dashboards",
    "jobs",
]

urlpatterns = [
    path("healthz", core.health, name="health"),
    path("too-large/", core.request_too_large, name="request_too_large"),
    # Login is throttled by django-axes (see settings, AXES_*).
    path("accounts/", include("django.contrib.auth.urls")),
    # Two-factor sign-in and "Account security" (members/twofactor_views.py); the passkey
    # ceremony's JSON endpoints are django-otp-webauthn's own.
    path("account/security/", include("members.twofactor_urls")),
    path("account/security/passkeys/", include("django_otp_webauthn.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    *[path("", include(f"{app}.urls")) for app in APPS],
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ThiĐua"
admin.site.site_title = "ThiĐua"

# 503 while the database is unreachable, 500 otherwise (core.views.server_error).
handler500 = "core.views.server_error"
# RequestDataTooBig is a 400 for Django; the person is shown the 413 page (core.views).
handler400 = "core.views.bad_request"
