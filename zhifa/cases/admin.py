"""Django admin for the case app's records that only actions write: read-only."""

from __future__ import annotations

from django.contrib import admin

from zhifa.cases.models import ChainAnchor
from zhifa.core.admin import ReadOnlyAdmin


@admin.register(ChainAnchor)
class ChainAnchorAdmin(ReadOnlyAdmin):
    """The daily anchors (ADR 0007): to look up a day's digest against its signed print."""

    list_display = ["day", "cases", "events", "changed", "digest_sm3", "key_id", "created_at"]
    date_hierarchy = "day"
    search_fields = ["digest_sm3", "state_sm3"]
    fields = [
        "day", "created_at", "created_by", "cases", "events", "changed", "state_sm3",
        "entries_sm3", "prev_sm3", "digest_sm3", "mac", "key_id", "flagged",
    ]  # fmt: skip
