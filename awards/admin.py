from django.contrib import admin

from awards.models import AwardDecision, EligibilityNote, Nomination


@admin.register(EligibilityNote)
class EligibilityNoteAdmin(admin.ModelAdmin):
    list_display = ["unit", "kind", "since", "until"]
    list_filter = ["kind"]
    raw_id_fields = ["unit"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["campaign", "award", "unit", "status"]
    list_filter = ["status", "award"]


@admin.register(AwardDecision)
class AwardDecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "award", "year", "signed_on"]
