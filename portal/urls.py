"""URLs of portal: each role's home page, the audit trail and the user guide."""

from django.urls import path

from portal import audit_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("huong-dan/", views.guide_index, name="guide_index"),
    path("huong-dan/<slug:slug>/", views.guide_page, name="guide_page"),
    path("huong-dan/anh/<str:name>", views.guide_image, name="guide_image"),
    path("audit/", audit_views.audit_log, name="audit_log"),
    path("audit/export.csv", audit_views.audit_export, name="audit_export"),
]
