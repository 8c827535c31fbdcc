"""Read-only admin: service rows and the access log are written by the actions only."""

from __future__ import annotations

from django.contrib import admin

from zhifa.core.admin import ReadOnlyAdmin
from zhifa.delivery.models import PartyLink, Service, ServiceAccess, ServiceConsent


@admin.register(ServiceConsent)
class ServiceConsentAdmin(ReadOnlyAdmin):
    list_display = ["party", "case", "electronic", "signed_on", "superseded_at"]
    list_filter = ["electronic"]
    search_fields = ["party__name", "case__number"]


@admin.register(Service)
class ServiceAdmin(ReadOnlyAdmin):
    list_display = ["document", "case", "mode", "status", "served_on", "started_at"]
    list_filter = ["mode", "status"]
    search_fields = ["case__number", "document__number", "tracking_number"]


@admin.register(PartyLink)
class PartyLinkAdmin(ReadOnlyAdmin):
    list_display = ["case", "channel", "created_at", "expires_at", "confirmed_at", "revoked_at"]
    exclude = ["token_hash", "code_hash"]


@admin.register(ServiceAccess)
class ServiceAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "case", "action", "document", "ip"]
    list_filter = ["action"]
    search_fields = ["case__number", "ip"]
