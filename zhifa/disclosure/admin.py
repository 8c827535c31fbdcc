"""Admin: the random-check list is edited here; publications, their events, repairs and export
batches are read-only (they change only through the job and the actions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

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


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Publication)
class PublicationAdmin(ReadOnly):
    list_display = ("number", "party_name", "decided_on", "status", "due_on", "published_on")
    list_filter = ("status", "severity", "category", "published_late", "withdrawn_late")
    search_fields = ("number", "party_name")
    date_hierarchy = "decided_on"


@admin.register(PublicationEvent)
class PublicationEventAdmin(ReadOnly):
    list_display = ("publication", "kind", "on", "due_on", "late", "actor")
    list_filter = ("kind", "late")


@admin.register(CreditRepair)
class CreditRepairAdmin(ReadOnly):
    list_display = ("publication", "requested_on", "status", "decided_on", "decided_by")
    list_filter = ("status",)


@admin.register(CreditExportBatch)
class CreditExportBatchAdmin(ReadOnly):
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
