"""People and organisation in Django admin, every write through ``org.actions`` /
``org.accounts`` with the admin as actor (``core.admin.ActionAdmin``): the system administrator
keeps units, accounts (not their roles), officers, certificates and training; the security
administrator changes roles on the 变更角色 page. Groups and per-account permissions are not
used — the role decides (ADR 0013) — so they are not shown."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse

from zhifa.core.admin import ActionAdmin
from zhifa.core.errors import DomainError
from zhifa.org import access, accounts, actions
from zhifa.org.choices import Role
from zhifa.org.models import Certificate, CertificateEvent, Officer, OrgUnit, TrainingRecord, User
from zhifa.security.access import is_security_admin

if admin.site.is_registered(Group):
    admin.site.unregister(Group)


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def _values(form: forms.ModelForm, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


@admin.register(OrgUnit)
class OrgUnitAdmin(ActionAdmin):
    list_display = ["name", "kind", "code", "parent", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]

    def write(
        self, request: HttpRequest, obj: OrgUnit, form: Any, change: bool, formsets: Any = ()
    ) -> OrgUnit:
        values = _values(form, actions.UNIT_FIELDS)
        if change:
            return actions.update_unit(obj, actor=_actor(request), **values)
        return actions.create_unit(**values, actor=_actor(request))

    def remove(self, request: HttpRequest, obj: OrgUnit) -> None:
        actions.delete_unit(obj, actor=_actor(request))


class RoleChangeForm(forms.Form):
    role = forms.ChoiceField(label="新角色", choices=Role.choices)
    reason = forms.CharField(
        label="变更事由",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="写入安全审计日志，例如：经局党组会议决定调整为负责人 (文号)",
    )


@admin.register(User)
class UserAdmin(ActionAdmin, BaseUserAdmin):
    """Accounts: the system administrator creates them (no role: 待分配角色), disables them and
    keeps their name, unit and phone — not those of the three administrators. The role is
    read-only here for everyone; the security administrator changes it on 变更角色."""

    change_form_template = "org/admin/user_change_form.html"
    list_display = ["username", "name", "role", "org_unit", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "name"]
    filter_horizontal = ()
    readonly_fields = ["role", "last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("执法平台", {"fields": ("name", "org_unit", "phone", "email")}),
        ("状态与角色", {"fields": ("is_active", "role", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": BaseUserAdmin.add_fieldsets[0][1]["fields"]}),
        ("执法平台", {"fields": ("name", "org_unit", "phone", "email")}),
    )

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        if obj is None or _actor(request).is_superuser:
            return True
        return access.can_manage_account(_actor(request), obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are disabled, never deleted: the records name them

    def write(
        self, request: HttpRequest, obj: User, form: Any, change: bool, formsets: Any = ()
    ) -> User:
        if change:
            values = _values(form, accounts.ACCOUNT_FIELDS)
            return accounts.update_account(obj, actor=_actor(request), **values)
        data = form.cleaned_data
        password = data.get("password1") if data.get("set_usable_password", True) else ""
        return accounts.create_account(
            username=data["username"],
            password=password or "",
            name=data.get("name", ""),
            org_unit=data.get("org_unit"),
            phone=data.get("phone", ""),
            email=data.get("email", ""),
            actor=_actor(request),
        )

    def get_urls(self) -> list[URLPattern]:
        role = path(
            "<int:pk>/role/",
            self.admin_site.admin_view(self.role_view),
            name="org_user_role",
        )
        return [role, *super().get_urls()]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra = {**(extra_context or {}), "may_change_role": is_security_admin(request.user)}
        return super().change_view(request, object_id, form_url, extra)

    def role_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """变更角色: the security administrator's page (never for his own account)."""
        if not is_security_admin(request.user):
            raise PermissionDenied("只有安全管理员可以变更账号的角色")
        account = User.objects.filter(pk=pk).first()
        if account is None:
            raise Http404("没有这个账号")
        form = RoleChangeForm(request.POST or None, initial={"role": account.role})
        if request.method == "POST" and form.is_valid():
            try:
                accounts.change_role(
                    account,
                    form.cleaned_data["role"],
                    actor=_actor(request),
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied(exc.message) from exc
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                self.message_user(
                    request, f"{account} 的角色已变更，已写入安全审计日志", messages.SUCCESS
                )
                return HttpResponseRedirect(reverse("admin:org_user_change", args=[account.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"变更角色：{account}",
            "account": account,
            "form": form,
            "opts": self.opts,
        }
        status = 422 if form.is_bound and form.errors else 200
        return render(request, "org/admin/role_change.html", context, status=status)


class CertificateEventInline(admin.TabularInline):
    model = CertificateEvent
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in CertificateEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # history is written by actions (申领/年检/换证/注销), never edited here


@admin.register(Certificate)
class CertificateAdmin(ActionAdmin):
    """A certificate is entered once (申领: ``issue_certificate`` writes its event with the
    admin as 办理人); afterwards its history is events, so the row is read-only here."""

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
    fields = [
        "officer",
        "number",
        "issuing_authority",
        "enforcement_field",
        "issued_on",
        "expires_on",
        "status",
        "last_annual_check_on",
    ]
    readonly_fields = ["status", "last_annual_check_on"]
    inlines = [CertificateEventInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # its events refer to it: 注销 instead

    def write(
        self, request: HttpRequest, obj: Any, form: Any, change: bool, formsets: Any = ()
    ) -> Certificate:
        data = form.cleaned_data
        return actions.issue_certificate(
            data["officer"],
            number=data["number"],
            issuing_authority=data["issuing_authority"],
            enforcement_field=data.get("enforcement_field", ""),
            issued_on=data["issued_on"],
            expires_on=data["expires_on"],
            actor=_actor(request),
        )


TRAINING_FIELDS = ("course", "hours", "taken_on", "mode", "provider")


def _write_training(request: HttpRequest, record: TrainingRecord, data: dict[str, Any]) -> Any:
    values = {name: data[name] for name in TRAINING_FIELDS if name in data}
    if record.pk is None:
        return actions.record_training(data["officer"], **values, actor=_actor(request))
    return actions.correct_training(record, **values, actor=_actor(request))


class TrainingInline(admin.TabularInline):
    model = TrainingRecord
    extra = 0


@admin.register(Officer)
class OfficerAdmin(ActionAdmin):
    list_display = ["name", "employee_number", "unit", "is_auxiliary", "has_legal_qualification"]
    list_filter = ["is_auxiliary", "has_legal_qualification", "unit"]
    search_fields = ["name", "employee_number"]
    raw_id_fields = ["user"]
    inlines = [TrainingInline]

    def write(
        self, request: HttpRequest, obj: Officer, form: Any, change: bool, formsets: Any = ()
    ) -> Officer:
        values = _values(form, actions.OFFICER_FIELDS)
        if change:
            return actions.update_officer(obj, actor=_actor(request), **values)
        return actions.create_officer(**values, actor=_actor(request))

    def remove(self, request: HttpRequest, obj: Officer) -> None:
        actions.delete_officer(obj, actor=_actor(request))

    def write_inline(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for row in formset.forms:
            record = row.instance
            if row.cleaned_data.get("DELETE"):
                if record.pk is not None:
                    actions.delete_training(record, actor=_actor(request))
            elif row.has_changed():
                _write_training(request, record, {**row.cleaned_data, "officer": formset.instance})


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ActionAdmin):
    list_display = ["officer", "course", "hours", "taken_on", "mode"]
    list_filter = ["mode"]
    date_hierarchy = "taken_on"

    def write(
        self, request: HttpRequest, obj: TrainingRecord, form: Any, change: bool, formsets: Any = ()
    ) -> Any:
        return _write_training(request, obj if change else TrainingRecord(), form.cleaned_data)

    def remove(self, request: HttpRequest, obj: TrainingRecord) -> None:
        actions.delete_training(obj, actor=_actor(request))
