"""URLs of portal: each role's home page and the audit trail."""

from django.urls import path

from portal import audit_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
]
