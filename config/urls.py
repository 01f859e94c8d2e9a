from django.contrib import admin
from django.urls import include, path

from clusters import views as clusters
from core import views as core
from members import views as members

urlpatterns = [
    path("", core.home, name="home"),
    path("audit/", core.audit_log, name="audit_log"),
    # Login is throttled by django-axes (see settings, AXES_*).
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("clusters/", clusters.cluster_list, name="cluster_list"),
    path("clusters/new/", clusters.cluster_create, name="cluster_create"),
    path("clusters/<int:pk>/", clusters.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", clusters.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/members/<int:year>/", clusters.cluster_members,
         name="cluster_members"),
    path("units/", clusters.unit_list, name="unit_list"),
    path("units/new/", clusters.unit_create, name="unit_create"),
    path("units/<int:pk>/", clusters.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", clusters.unit_edit, name="unit_edit"),
    path("units/<int:pk>/merge/", clusters.unit_merge, name="unit_merge"),
    path("units/<int:unit_pk>/representatives/add/", members.representative_add,
         name="representative_add"),
    path("representatives/<int:pk>/voter/", members.representative_make_voter,
         name="representative_make_voter"),
    path("representatives/<int:pk>/remove/", members.representative_remove,
         name="representative_remove"),
    path("registry/copy-year/", clusters.membership_copy, name="membership_copy"),
    path("registry/import/", clusters.registry_import_upload, name="registry_import"),
    path("registry/import/<int:pk>/", clusters.registry_import_preview,
         name="registry_import_preview"),
    path("registry/export/", clusters.registry_export_download, name="registry_export"),
    path("registry/template/", clusters.registry_template_download, name="registry_template"),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "ThiĐua"
