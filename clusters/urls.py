"""URLs of clusters: the registry: clusters, units, membership by year, imports."""

from django.urls import path

from clusters import views

app_name = "clusters"

urlpatterns = [
    path("clusters/", views.cluster_list, name="cluster_list"),
    path("clusters/new/", views.cluster_create, name="cluster_create"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster_detail"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/members/<int:year>/", views.cluster_members, name="cluster_members"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/merge/", views.unit_merge, name="unit_merge"),
    path("registry/settings/", views.organisation_settings, name="organisation_settings"),
    path("registry/trust-roots/", views.trust_root_list, name="trust_root_list"),
    path("registry/trust-roots/add/", views.trust_root_add, name="trust_root_add"),
    path("registry/trust-roots/<int:pk>/remove/", views.trust_root_remove,
         name="trust_root_remove"),
    path("registry/seal/", views.seal_upload, name="seal_upload"),
    path("registry/copy-year/", views.membership_copy, name="membership_copy"),
    path("registry/import/", views.registry_import_upload, name="registry_import"),
    path(
        "registry/import/<int:pk>/",
        views.registry_import_preview,
        name="registry_import_preview",
    ),
    path("registry/export/", views.registry_export_download, name="registry_export"),
    path("registry/template/", views.registry_template_download, name="registry_template"),
]
