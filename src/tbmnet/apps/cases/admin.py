from django.contrib import admin

from .models import Case


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("number", "status", "authority", "ground", "state_of_export",
                    "state_of_import", "opened_at")
    list_filter = ("status", "ground")
    search_fields = ("number", "summary")
