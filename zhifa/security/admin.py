"""The security audit log in Django admin: read-only for everyone, superusers included — no
add, change or delete (the delete view answers 403). django-axes' own login logs are made
read-only too: the record of who signed in is the audit log's, and no one deletes it here
(its lockout rows, AccessAttempt, stay deletable: that is how an administrator unlocks an
account, and the deletion is itself recorded as an admin change)."""

from __future__ import annotations

from axes.admin import AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessFailureLog, AccessLog
from django.contrib import admin

from zhifa.core.admin import ReadOnlyAdmin
from zhifa.security.models import SecurityArchive, SecurityCheckpoint, SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "kind", "outcome", "actor_name", "address", "object_label"]
    list_filter = ["kind", "outcome"]
    search_fields = ["actor_name", "address", "object_label"]
    show_full_result_count = False
    ordering = ["-at", "-seq"]


@admin.register(SecurityCheckpoint)
class SecurityCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "seq", "head", "key_id"]


@admin.register(SecurityArchive)
class SecurityArchiveAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "first_seq", "last_seq", "count", "file", "file_sm3"]


class _ReadOnlyAccessLog(ReadOnlyAdmin, AccessLogAdmin):
    pass


class _ReadOnlyAccessFailureLog(ReadOnlyAdmin, AccessFailureLogAdmin):
    pass


for _model, _admin in (
    (AccessLog, _ReadOnlyAccessLog),
    (AccessFailureLog, _ReadOnlyAccessFailureLog),
):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
        admin.site.register(_model, _admin)

# The second factor is not kept in Django admin (docs/security.md "身份鉴别"): django-otp's pages
# would show the TOTP keys and let an administrator give someone else's account a device. The
# user enrols on /accounts/two-factor/setup/; the security administrator resets on
# /security/two-factor/ (audited).
from django_otp.plugins.otp_static.models import StaticDevice  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

for _device in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_device):
        admin.site.unregister(_device)
