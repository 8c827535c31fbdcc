"""Admin: the random-check list is edited here; publications, their events, repairs and export
batches are read-only (they change only through the job and the actions)."""

from __future__ import annotations

from django.contrib import admin

from zhifa.core.admin import ReadOnlyAdmin
from zhifa.disclosure.models import (
    CreditExportBatch,
    CreditRepair,
    Publication,
    PublicationEvent,
    RandomCheckItem,
)


@admin.register(RandomCheckItem)
class RandomCheckItemAdmin(admin.ModelAdmin):
    list_display = ("name", "category", "subject", "method", "frequency", "active", "sort_order")
    list_filter = ("category", "active")
    list_editable = ("active", "sort_order")
    search_fields = ("name", "subject", "basis")


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("number", "party_name", "decided_on", "status", "due_on", "published_on")
    list_filter = ("status", "severity", "category", "published_late", "withdrawn_late")
    search_fields = ("number", "party_name")
    date_hierarchy = "decided_on"


@admin.register(PublicationEvent)
class PublicationEventAdmin(ReadOnlyAdmin):
    list_display = ("publication", "kind", "on", "due_on", "late", "actor")
    list_filter = ("kind", "late")


@admin.register(CreditRepair)
class CreditRepairAdmin(ReadOnlyAdmin):
    list_display = ("publication", "requested_on", "status", "decided_on", "decided_by")
    list_filter = ("status",)


@admin.register(CreditExportBatch)
class CreditExportBatchAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "date_from",
        "date_to",
        "format",
        "added",
        "updated",
        "withdrawn",
        "rejected",
    )
