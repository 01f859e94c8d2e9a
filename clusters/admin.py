"""Django admin for superusers; the secretariat works in the portal's own pages."""

from django.contrib import admin

from clusters.models import Cluster, Membership, Organisation, RegistryImport, Unit


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name"]
    search_fields = ["code", "name"]


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "organisation", "is_active"]
    list_filter = ["organisation", "kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "organisation", "successor", "merged_on"]
    list_filter = ["organisation"]
    search_fields = ["code", "name", "short_name"]
    raw_id_fields = ["successor"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["year", "cluster", "unit", "role"]
    list_filter = ["year", "role", "cluster__organisation"]
    search_fields = ["unit__name", "cluster__name"]
    raw_id_fields = ["unit", "cluster"]


@admin.register(RegistryImport)
class RegistryImportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "organisation", "file_name", "status", "uploaded_by"]
    exclude = ["content"]
    readonly_fields = ["organisation", "uploaded_by", "file_name", "status", "summary"]
