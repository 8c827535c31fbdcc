"""Accounts and their roles (三员分立, ADR 0013).

The system administrator creates accounts and keeps their name, unit, phone, e-mail and whether
they are active — for the business roles' accounts only (``access.can_manage_account``). A new
account has no role (待分配角色) until the security administrator gives it one; he never changes
his own (``access.role_change_refusal``). A role change is one ``ACCOUNT_CHANGED`` row of the
security audit log with the old and new role and the reason, in the change's transaction.
``is_staff`` follows the role (``User.save``). The operator's console (``zhifa roles``) is the
break-glass path: its rows carry the operating-system user instead of an account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.org.access import can_manage_account, role_change_refusal
from zhifa.org.choices import ADMIN_SITE_ROLES, ADMINISTRATORS, Role
from zhifa.org.models import User
from zhifa.security.access import is_system_admin
from zhifa.security.actions import record
from zhifa.security.choices import EventKind

ACCOUNT_FIELDS = ("username", "name", "email", "org_unit", "phone", "is_active")


def _require_account_manager(actor: User | None, account: User | None) -> None:
    if actor is None or actor.is_superuser:
        return  # the console
    if account is None and is_system_admin(actor):
        return
    if account is not None and can_manage_account(actor, account):
        return
    if account is not None and is_system_admin(actor):
        raise NotAllowed(
            "administrator_account",
            "管理员账号 (系统管理员、安全管理员、审计管理员) 不由系统管理员维护 (三员分立)",
        )
    raise NotAllowed("not_system_admin", "只有系统管理员可以创建和维护账号")


def _username(value: str, account: User | None) -> str:
    username = (value or "").strip()
    if not username:
        raise InvalidInput("required", "「用户名」不能为空", field="username")
    taken = User.objects.filter(username=username)
    if account is not None:
        taken = taken.exclude(pk=account.pk)
    if taken.exists():
        raise InvalidInput("duplicate", f"用户名 {username} 已被使用", field="username")
    return username


def create_account(
    *,
    username: str,
    password: str = "",
    name: str = "",
    org_unit: Any = None,
    phone: str = "",
    email: str = "",
    actor: User | None,
) -> User:
    """A new account, awaiting its role. No password: the account cannot sign in until one is
    set. The audit log's ``ACCOUNT_CREATED`` row is written by the save (security.receivers)."""
    _require_account_manager(actor, None)
    account = User(
        username=_username(username, None),
        name=name.strip(),
        org_unit=org_unit,
        phone=phone.strip(),
        email=email.strip(),
        role=Role.UNASSIGNED,
    )
    if password:
        try:
            password_validation.validate_password(password, account)
        except ValidationError as exc:
            raise InvalidInput("weak_password", "；".join(exc.messages), field="password") from exc
        account.set_password(password)
    else:
        account.set_unusable_password()
    try:
        with transaction.atomic():
            account.save()
    except IntegrityError as exc:
        raise InvalidInput("duplicate", f"用户名 {username} 已被使用", field="username") from exc
    return account


def update_account(account: User, *, actor: User | None, **values: Any) -> User:
    """Change any of ``ACCOUNT_FIELDS`` (never the role: ``change_role``)."""
    _require_account_manager(actor, account)
    unknown = set(values) - set(ACCOUNT_FIELDS)
    if unknown:
        raise InvalidInput("unknown_field", f"不能在此修改：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=account.pk)
        if "username" in values:
            values["username"] = _username(values["username"], locked)
        for name in ("name", "phone", "email"):
            if name in values:
                values[name] = (values[name] or "").strip()
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        for name in changed:
            setattr(locked, name, values[name])
        if changed:
            locked.save(update_fields=changed)
    return locked


def change_role(
    account: User, role: str, *, actor: User | None, reason: str, console: bool = False
) -> User:
    """The security administrator gives ``account`` a role (never his own). ``console``: the
    operator's ``zhifa roles set`` (no actor; the row notes the operating-system user)."""
    if not console:
        refused = role_change_refusal(actor, account)
        if refused:
            raise NotAllowed("role_change_refused", refused)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("required", "「变更事由」不能为空", field="reason")
    if role not in Role.values:
        raise InvalidInput("invalid_choice", f"「角色」{role} 无效", field="role")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=account.pk)
        if locked.is_superuser:
            raise DomainError(
                "superuser",
                "超级用户账号不能被赋予角色：超级用户不能登录，请为每位管理员另设账号 (三员分立)",
                field="role",
            )
        old = locked.role
        if old == role:
            raise InvalidInput("unchanged", f"该账号已是「{Role(role).label}」", field="role")
        locked.role, locked.is_staff = role, role in ADMIN_SITE_ROLES
        # One audited row, not the save hooks' generic one as well: update, then record.
        User.objects.filter(pk=locked.pk).update(role=role, is_staff=locked.is_staff)
        record(
            EventKind.ACCOUNT_CHANGED,
            actor=actor,
            target=locked,
            detail={
                "field": "role",
                "old": old,
                "new": role,
                "old_label": Role(old).label if old in Role.values else old,
                "new_label": Role(role).label,
                "reason": reason,
                "administrator": role in ADMINISTRATORS or old in ADMINISTRATORS,
            },
        )
    return locked
