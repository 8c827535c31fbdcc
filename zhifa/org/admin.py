from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from zhifa.org.models import Certificate, CertificateEvent, Officer, OrgUnit, TrainingRecord, User


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "parent", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "name", "role", "org_unit", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "name"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("执法平台", {"fields": ("name", "role", "org_unit", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("执法平台", {"fields": ("name", "role", "org_unit")}),
    )


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in CertificateEvent._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False  # history is written by actions (申领/年检/换证/注销), never edited here


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = [
        "number",
        "officer",
        "status",
        "issued_on",
        "expires_on",
        "last_annual_check_on",
    ]
    list_filter = ["status"]
    search_fields = ["number", "officer__name"]
    readonly_fields = ["status", "expires_on", "last_annual_check_on"]
    inlines = [CertificateEventInline]


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["name", "employee_number", "unit", "is_auxiliary", "has_legal_qualification"]
    list_filter = ["is_auxiliary", "has_legal_qualification", "unit"]
    search_fields = ["name", "employee_number"]
    raw_id_fields = ["user"]
    inlines = [TrainingInline]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["officer", "course", "hours", "taken_on", "mode"]
    list_filter = ["mode"]
    date_hierarchy = "taken_on"
