from django.contrib import admin

from .models import Declaration, Inspection, Referral, RiskProfile, Seizure, WatchlistEntity


@admin.register(WatchlistEntity)
class WatchlistEntityAdmin(admin.ModelAdmin):
    list_display = ("entity_id", "name", "kind", "country", "sharing_level", "shared_by")
    list_filter = ("kind", "sharing_level", "country")
    search_fields = ("entity_id", "name", "aliases", "identifiers")


@admin.register(RiskProfile)
class RiskProfileAdmin(admin.ModelAdmin):
    list_display = ("profile_id", "title", "owner", "active", "updated_at", "updated_by")
    list_filter = ("active",)


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ("declaration_id", "customs_office", "date", "decision", "risk", "status")
    list_filter = ("decision", "status", "state")
    search_fields = ("declaration_id", "exporter_name", "importer_name", "containers")


admin.site.register(Inspection)
admin.site.register(Seizure)
admin.site.register(Referral)
