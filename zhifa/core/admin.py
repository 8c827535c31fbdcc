"""Shared Django admin bases: ``ReadOnlyAdmin`` for rows only actions write, ``ActionAdmin`` for
rows the administrators maintain through the apps' actions (docs/architecture.md, ADR 0013)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from zhifa.core import actions
from zhifa.core.deletion import references
from zhifa.core.errors import DomainError
from zhifa.core.models import ApiToken, Notification
from zhifa.security.access import is_security_admin

REFUSAL = "_zhifa_refusal"  # the request attribute carrying an action's refusal to the form


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows only actions write (records, issued documents, logs): administrators may look,
    never add, change or delete."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def shown(value: Any) -> str:
    """A value as the audit log shows it: a row's name, 是/否, 空."""
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "空"
    return str(value)


def shown_field(obj: Model, name: str) -> str:
    """``obj``'s field ``name`` as the audit log shows it (a choice by its label)."""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return shown(getattr(obj, name, None))
    value = getattr(obj, name)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and not isinstance(value, list | dict):
        return shown(choices.get(value, value))
    return shown(value)


class ActionAdmin(admin.ModelAdmin):
    """Admin whose every write is the app's action, with ``actor=request.user``.

    Subclasses implement ``write`` (add or change: call the action, return the saved row),
    ``remove`` (delete) and, for inlines, ``write_inline``. The admin wraps them in its
    transaction together with its log entry, which ``security.receivers`` turns into the
    ``ADMIN_CHANGE`` row of the audit log — here with the old and new value of every field
    changed. A refusal of the action (``DomainError``) shows on its field of the re-rendered
    form, or as a message; a 403 refusal is a PermissionDenied (recorded by the 403 handler).
    Deleting a row others still refer to is refused with their kinds and counts only."""

    # True: ``write`` also gets the inline formsets and writes the row and its inlines in one
    # action (the catalogue: an item with its fines and bands).
    inline_write = False

    def write(
        self, request: HttpRequest, obj: Any, form: Any, change: bool, formsets: Any = ()
    ) -> Model:
        raise NotImplementedError

    def remove(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError

    def write_inline(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.has_changed():
            raise NotImplementedError(f"{type(self).__name__}: inline writes need an action")

    # --- writes -------------------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        form.zhifa_before = type(obj)._default_manager.get(pk=obj.pk) if change else None
        if not self.inline_write:
            self._adopt(obj, form, self.write(request, obj, form, change))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if self.inline_write:
            saved = self.write(request, form.instance, form, change, formsets=formsets)
            self._adopt(form.instance, form, saved)
            return
        for formset in formsets:
            self.write_inline(request, form, formset, change)

    def _adopt(self, obj: Any, form: Any, saved: Model) -> None:
        """The admin goes on with ``obj`` (its log entry, its redirect): give it what the action
        stored, and keep the old and new values for the change message."""
        for field in obj._meta.concrete_fields:
            setattr(obj, field.attname, getattr(saved, field.attname))
        obj._state.adding = False
        form.zhifa_changes = _changes(form, form.zhifa_before, saved)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self.remove(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.remove(request, obj)

    def construct_change_message(  # type: ignore[override]
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> str:
        """A text message (``LogEntry`` keeps text as it is): what changed, old → new."""
        parts = [] if add else list(getattr(form, "zhifa_changes", []))
        for formset in formsets:
            parts.extend(_inline_changes(formset))
        if add:
            return "新增。" + ("；".join(parts) if parts else "")
        return "修改 " + "；".join(parts) if parts else "未修改任何字段。"

    # --- refusals -------------------------------------------------------------------------------

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kw: Any):
        form = super().get_form(request, obj, change=change, **kw)
        found: DomainError | None = getattr(request, REFUSAL, None)
        if found is None:
            return form
        refusal: DomainError = found

        class Refused(form):  # type: ignore[valid-type]
            def clean(self) -> Any:
                data = super().clean()
                field = refusal.field if refusal.field in self.fields else None
                self.add_error(field, refusal.message)
                return data

        return Refused

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from exc
            # Nothing was written (the admin's transaction rolled back): the same form again,
            # with the action's refusal on its field.
            setattr(request, REFUSAL, exc)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        try:
            return super().delete_view(request, object_id, extra_context)
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from exc
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.path)

    def response_action(self, request: HttpRequest, queryset: QuerySet, *args: Any, **kw: Any):
        """A bulk action (delete_selected) is all or nothing, its log entries included."""
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().response_action(request, queryset, *args, **kw)
        except DomainError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from exc
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        blocking = references(objs)
        if blocking:  # kinds and counts, never the rows (a unit's cases are not for this admin)
            return [], {}, set(), blocking
        return super().get_deleted_objects(objs, request)


def _changes(form: forms.ModelForm, before: Model | None, after: Model) -> list[str]:
    if before is None:
        return []
    lines = []
    for name in form.changed_data:
        if name not in form.fields or name == "password":
            continue
        old, new = shown_field(before, name), shown_field(after, name)
        if old != new:
            lines.append(f"{form.fields[name].label}：{old} → {new}")
    return lines


def _inline_changes(formset: Any) -> list[str]:
    noun = formset.model._meta.verbose_name
    lines = []
    for form in formset.forms:
        if not form.has_changed() and not _deleted(form):
            continue
        if _deleted(form):
            lines.append(f"删除{noun}「{form.instance}」")
        elif form.instance.pk is None:
            lines.append(f"新增{noun}「{form.instance}」")
        else:
            fields = [
                f"{form.fields[n].label}：{shown(form.initial.get(n))} → "
                f"{shown(form.cleaned_data.get(n))}"
                for n in form.changed_data
                if n in form.fields and n != "DELETE"
            ]
            lines.append(f"修改{noun}「{form.instance}」：" + "，".join(fields))
    return lines


def _deleted(form: Any) -> bool:
    return bool(getattr(form, "cleaned_data", {}).get("DELETE"))


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """The security administrator looks at tokens and revokes them (创建: ``zhifa token
    create USERNAME`` at the console, which shows the token once)."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["prefix", "user", "name", "key_hash", "created_at", "last_used_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the only write is 吊销, an action

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a revoked token stays, with its history

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return is_security_admin(request.user)

    @admin.action(description="吊销所选 API 令牌", permissions=["revoke"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True).select_related("user"):
            actions.revoke_api_token(token)
            revoked += 1
        self.message_user(request, f"已吊销 {revoked} 个令牌", messages.SUCCESS)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "kind", "created_at", "read_at"]
    list_filter = ["kind"]
