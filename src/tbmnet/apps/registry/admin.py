from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms import ModelForm
from django.utils import timezone

from tbmnet.apps.audit import services as audit

from .models import (
    ApiToken,
    BorderPoint,
    Membership,
    NetworkMember,
    Organisation,
    PartyStatus,
    Permit,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PermitInline(admin.TabularInline):
    model = Permit
    fk_name = "facility"
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "country", "code", "region")
    list_filter = ("kind", "country")
    search_fields = ("name", "code", "abbreviation")
    inlines = [MembershipInline, PermitInline]


@admin.register(Permit)
class PermitAdmin(admin.ModelAdmin):
    list_display = ("number", "facility", "valid_from", "valid_until")
    search_fields = ("number", "facility__name")


@admin.register(BorderPoint)
class BorderPointAdmin(admin.ModelAdmin):
    list_display = ("name", "country")
    list_filter = ("country",)
    search_fields = ("name",)


class PartyStatusForm(ModelForm):
    class Meta:
        model = PartyStatus
        fields = "__all__"

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.has_changed() and not data.get("corrected_source"):
            raise ValidationError({"corrected_source":
                                   "Give the source of the correction (depositary, gazette…)."})
        return data


@admin.register(PartyStatus)
class PartyStatusAdmin(admin.ModelAdmin):
    form = PartyStatusForm
    list_display = ("country", "instrument", "role", "date_of_effect", "verification",
                    "corrected_source")
    list_filter = ("instrument", "role", "verification")
    search_fields = ("country", "source", "note")
    readonly_fields = ("corrected_at",)

    def save_model(self, request, obj, form, change):
        if change:
            obj.corrected_at = timezone.now()
        super().save_model(request, obj, form, change)
        audit.record(request.user, "PartyStatusCorrected" if change else "PartyStatusAdded", obj,
                     changed=form.changed_data, source=obj.corrected_source or obj.source)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role",)
    autocomplete_fields = ["user", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "label", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "key_hash", "created_at", "last_used_at")


@admin.register(NetworkMember)
class NetworkMemberAdmin(admin.ModelAdmin):
    list_display = ("country", "network", "source")
    list_filter = ("network",)
