"""What Django and django-axes do themselves, written to the security audit log: sign-in and
sign-out, every failed sign-in, lockouts, account changes (old and new values) and every admin
change. Our own code calls ``actions.record`` where it acts (tokens, exports, downloads, 403);
these hooks cover what has no action of ours to call it from.

Connected from ``SecurityConfig.ready``. An account change is written in the transaction of the
save, so it exists exactly when the change does; its actor and address come from the request
being served (``middleware.current_request``)."""

from __future__ import annotations

import functools
from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry, LogEntryManager
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from zhifa.security.actions import Target, record
from zhifa.security.choices import EventKind, Outcome

# --- Signing in and out (8.1.4.1) ------------------------------------------------------------


@receiver(user_logged_in, dispatch_uid="security_logged_in")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record(EventKind.LOGIN, actor=user, request=request, target=user)


@receiver(user_logged_out, dispatch_uid="security_logged_out")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record(EventKind.LOGOUT, actor=user, request=request, target=user)


@receiver(user_login_failed, dispatch_uid="security_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    """Each failure is one row, under the username that was tried (there may be no account)."""
    username = str(credentials.get("username") or "")
    record(
        EventKind.LOGIN_FAILED,
        actor=username or None,
        request=request,
        outcome=Outcome.FAILURE,
        detail={"username": username},
    )


@receiver(user_locked_out, dispatch_uid="security_locked_out")
def _locked_out(sender: Any, request: Any, username: str, ip_address: str, **kw: Any) -> None:
    """django-axes locked the username (or refused an attempt while it is locked)."""
    record(
        EventKind.LOCKOUT,
        actor=username or None,
        request=request,
        outcome=Outcome.DENIED,
        detail={
            "username": username,
            "failures": getattr(request, "axes_failures_since_start", None),
            "limit": settings.AXES_FAILURE_LIMIT,
            # which count locked (security.lockout: browser, account_address, address, account)
            "reason": getattr(request, "zhifa_lockout", "") or None,
        },
    )


# --- Accounts: role, scope and privileges, with old and new values (8.1.4.2) -------------------

ACCOUNT_FIELDS = ("username", "role", "is_active", "is_staff", "is_superuser", "org_unit")


def _watched(model: type[Model]) -> dict[str, str]:
    """name → column attribute of the account fields this user model has."""
    names = {f.name: f.attname for f in model._meta.concrete_fields}
    return {name: names[name] for name in ACCOUNT_FIELDS if name in names}


def _values(user: Model, watched: dict[str, str]) -> dict[str, Any]:
    return {name: getattr(user, attname) for name, attname in watched.items()}


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security_user_before")
def _user_before(
    sender: type[Model], instance: Any, raw: bool = False, update_fields: Any = None, **kw: Any
) -> None:
    """Read the stored values once, unless the save cannot touch them (``last_login``)."""
    instance._security_before = None
    if raw or instance._state.adding or instance.pk is None:
        return
    watched = _watched(sender)
    if update_fields is not None and not set(update_fields) & {*watched, "password"}:
        return
    stored = sender._default_manager.filter(pk=instance.pk)
    instance._security_before = stored.values(*watched.values(), "password").first()


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="security_user_after")
def _user_after(
    sender: type[Model], instance: Any, created: bool, raw: bool = False, **kw: Any
) -> None:
    if raw:
        return
    watched = _watched(sender)
    if created:
        record(EventKind.ACCOUNT_CREATED, target=instance, detail=_values(instance, watched))
        return
    before, instance._security_before = getattr(instance, "_security_before", None), None
    if not before:
        return
    now = _values(instance, watched)
    changes = {
        name: [before[attname], now[name]]
        for name, attname in watched.items()
        if before[attname] != now[name]
    }
    if changes:
        record(EventKind.ACCOUNT_CHANGED, target=instance, detail={"changes": changes})
    if before["password"] != instance.password:
        record(EventKind.PASSWORD_CHANGED, target=instance)


@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="security_user_deleted")
def _user_deleted(sender: type[Model], instance: Any, **kw: Any) -> None:
    record(EventKind.ACCOUNT_DELETED, target=instance, detail=_values(instance, _watched(sender)))


def _names(model: type[Model], pks: Any) -> list[str]:
    rows = model._default_manager.filter(pk__in=list(pks or []))
    if model._meta.model_name == "permission":
        labels = rows.values_list("content_type__app_label", "codename")
        return sorted(f"{app}.{codename}" for app, codename in labels)
    return sorted(str(row) for row in rows)


def _memberships(field: str) -> Any:
    """Groups and permissions given or taken (from the user's side or the group's)."""

    def changed(instance: Any, action: str, reverse: bool, model: Any, pk_set: Any, **kw: Any):
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        what = {"post_add": "added", "post_remove": "removed", "pre_clear": "removed"}[action]
        if reverse:  # group.user_set.add(…): one row per account
            users = model._default_manager.filter(**({"pk__in": pk_set} if pk_set else {}))
            if action == "pre_clear":
                users = instance.user_set.all()
            for user in users:
                detail = {field: {what: [str(instance)]}}
                record(EventKind.ACCOUNT_CHANGED, target=user, detail=detail)
            return
        if action == "pre_clear":
            pk_set = getattr(instance, field).values_list("pk", flat=True)
        names = _names(model, pk_set)
        if names:
            detail = {field: {what: names}}
            record(EventKind.ACCOUNT_CHANGED, target=instance, detail=detail)

    return changed


_GROUPS = _memberships("groups")
_PERMISSIONS = _memberships("user_permissions")
_USER = get_user_model()
m2m_changed.connect(_GROUPS, sender=_USER.groups.through, dispatch_uid="security_groups")
m2m_changed.connect(
    _PERMISSIONS, sender=_USER.user_permissions.through, dispatch_uid="security_permissions"
)


# --- Django admin: every change it logs, with its message -----------------------------------

ADMIN_ACTIONS = {ADDITION: "add", CHANGE: "change", DELETION: "delete"}


def record_admin_entry(entry: LogEntry) -> None:
    content_type = (
        ContentType.objects.get_for_id(entry.content_type_id) if entry.content_type_id else None
    )
    kind = f"{content_type.app_label}.{content_type.model}" if content_type else ""
    record(
        EventKind.ADMIN_CHANGE,
        actor=entry.user,
        target=Target(kind, str(entry.object_id or ""), entry.object_repr),
        detail={
            "action": ADMIN_ACTIONS.get(entry.action_flag, str(entry.action_flag)),
            "message": str(entry.get_change_message()),
        },
    )


@receiver(post_save, sender=LogEntry, dispatch_uid="security_admin_log")
def _admin_logged(sender: Any, instance: LogEntry, created: bool, **kw: Any) -> None:
    if created:
        record_admin_entry(instance)


def audit_bulk_admin_log() -> None:
    """The admin logs the deletion of several objects with one ``bulk_create`` (no post_save):
    wrap ``LogEntryManager.log_actions`` so each of those entries is recorded too. (One entry
    is saved the ordinary way and reaches ``_admin_logged``.)"""
    original = LogEntryManager.log_actions
    if getattr(original, "_zhifa_audited", False):
        return

    @functools.wraps(original)
    def log_actions(self: Any, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        if isinstance(result, list) and len(result) > 1:
            for entry in result:
                record_admin_entry(entry)
        return result

    log_actions._zhifa_audited = True  # type: ignore[attr-defined]
    LogEntryManager.log_actions = log_actions  # type: ignore[method-assign]
