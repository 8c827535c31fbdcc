"""Signing in and permissions for 三员分立 (ADR 0013, docs/security.md).

``RoleBackend`` is Django's ``ModelBackend`` with two changes: a superuser is refused at sign-in
(even with the right password) and the refusal is a row of the audit log; and an account's
permissions are its role's (``permissions.ROLE_PERMISSIONS``), never its groups' or its own."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from zhifa.core.notifications import with_unread_count
from zhifa.security.access import may_sign_in
from zhifa.security.actions import record
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.permissions import permissions_of

SUPERUSER_REFUSED = "超级用户不能登录：系统管理员、安全管理员、审计管理员各用自己的账号 (三员分立)"


class RoleBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None or may_sign_in(user):
            return user
        # The password was right: a refusal, not a mistake (the failed sign-in is recorded too).
        record(
            EventKind.PERMISSION_DENIED,
            actor=user,
            request=request,
            target=user,
            outcome=Outcome.DENIED,
            detail={"reason": "superuser_sign_in", "message": SUPERUSER_REFUSED},
        )
        return None

    def get_user(self, user_id: Any) -> Any:
        """The signed-in user of a request, read once per request with its unit (a street
        officer's data scope, ``org.access.street_scope``) and its unread notifications counted
        (the header shows the count on every page), in one query."""
        model = get_user_model()
        users = with_unread_count(model._default_manager.select_related("org_unit"))
        try:
            user = users.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(permissions_of(getattr(user_obj, "role", "")))

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return set()  # groups are not used: the role decides
