from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("People and roles")

    def ready(self):
        from auditlog.registry import auditlog

        from members import models

        auditlog.register(models.StaffRole)
        auditlog.register(models.Representative)
        auditlog.register(models.User, exclude_fields=["password", "last_login"])
        # Who added or removed a second factor (never the secrets).
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice
        from django_otp_webauthn.models import WebAuthnCredential

        for device_model in (TOTPDevice, StaticDevice, WebAuthnCredential):
            auditlog.register(device_model, include_fields=["user", "name", "confirmed"])
