"""Two-factor sign-in and account security, included once from config/urls.py."""

from django.urls import path

from members import twofactor_views as views

app_name = "twofactor"

urlpatterns = [
    path("", views.security, name="security"),
    path("verify/", views.verify, name="verify"),
    path("app/", views.totp_start, name="totp_start"),
    path("app/confirm/", views.totp_confirm, name="totp_confirm"),
    path("recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("devices/<str:kind>/<int:pk>/remove/", views.device_remove, name="device_remove"),
]
