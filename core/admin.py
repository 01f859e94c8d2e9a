"""The admin shows what superusers use, in Vietnamese.

Unregistered: django-auditlog's log (the portal's audit trail reads it in Vietnamese, by
action), django-tasks-db's task results (file jobs show their progress on the portal's pages),
groups (roles come from StaffRole and Membership, never from groups) and one-time-password
devices (a user who lost their second factor is rescued with `manage.py addstatictoken`).
These libraries' admin pages carry English their catalogues do not translate.
"""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

HIDDEN = ["auditlog.LogEntry", "django_tasks_database.DBTaskResult", "auth.Group",
          "otp_totp.TOTPDevice", "otp_static.StaticDevice",
          "django_otp_webauthn.WebAuthnCredential"]

for label in HIDDEN:
    try:
        model = apps.get_model(label)
    except LookupError:
        continue
    if admin.site.is_registered(model):
        admin.site.unregister(model)

# django-axes names its app "Axes"; its lock-outs are what a superuser comes here to clear.
apps.get_app_config("axes").verbose_name = _("Sign-in attempts")
