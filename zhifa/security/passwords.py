"""The password policy (GB/T 22239-2019 8.1.4.1 a: 口令复杂度并定期更换) beyond Django's own
validators (length ≥ 10, not a common password, not like the user's name — settings
``AUTH_PASSWORD_VALIDATORS``): three classes of character, not the username, not one of the
last five; and ``change_password``, the one way a user changes their own password."""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

CLASSES = (
    ("小写字母", str.islower),
    ("大写字母", str.isupper),
    ("数字", str.isdigit),
    ("符号", lambda c: c in string.punctuation or c == " "),
)


class CharacterClassesValidator:
    """At least ``classes`` of: lower-case letters, capitals, digits, symbols."""

    def __init__(self, classes: int = 3) -> None:
        self.classes = classes

    def validate(self, password: str, user: Any = None) -> None:
        found = {name for name, test in CLASSES if any(test(c) for c in password)}
        if len(found) < self.classes:
            raise ValidationError(
                f"密码须包含小写字母、大写字母、数字、符号中的至少 {self.classes} 类"
                f"（现有 {len(found)} 类）。",
                code="password_too_simple",
            )

    def get_help_text(self) -> str:
        return f"至少包含小写字母、大写字母、数字、符号中的 {self.classes} 类。"


class NotUsernameValidator:
    """Not the username, nor the username with something added (``zhangwei2026!``), in any
    case. Django's similarity validator also compares the name and e-mail, loosely."""

    def validate(self, password: str, user: Any = None) -> None:
        username = str(getattr(user, "username", "") or "").strip().lower()
        if len(username) >= 3 and username in password.lower():
            raise ValidationError("密码不得包含用户名。", code="password_contains_username")

    def get_help_text(self) -> str:
        return "不得包含用户名。"


class PasswordHistoryValidator:
    """Not one of the user's last ``remember`` passwords (the current one included). Each
    password set is kept as its hash in ``PasswordHistory`` by ``password_changed``, which
    Django calls from ``user.save()`` after ``set_password``: the admin, the page and commands
    alike."""

    def __init__(self, remember: int = 5) -> None:
        self.remember = remember

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from zhifa.security.models import PasswordHistory

        hashes = list(
            PasswordHistory.objects.filter(user_id=user.pk)
            .order_by("-created_at", "-id")
            .values_list("password", flat=True)[: self.remember]
        )
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)  # an account from before the history was kept
        # check_password without a setter: never re-hashes (and saves) the stored value here
        if any(check_password(password, stored) for stored in hashes[: self.remember]):
            raise ValidationError(
                f"新密码不得与最近 {self.remember} 次使用过的密码相同。",
                code="password_reused",
            )

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None or not user.password:
            return
        from zhifa.security.models import PasswordHistory

        PasswordHistory.objects.create(user_id=user.pk, password=user.password, created_at=_now())
        keep = PasswordHistory.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
        old = list(keep.values_list("pk", flat=True)[self.remember :])
        if old:
            PasswordHistory.objects.filter(pk__in=old).delete()

    def get_help_text(self) -> str:
        return f"不得与最近 {self.remember} 次使用过的密码相同。"


def _now() -> Any:
    return timezone.now()


def change_password(request: HttpRequest, user: Any, new_password: str) -> int:
    """The user changes their own password (validated by the form). The session in use stays
    signed in; every other session of the user is ended (Django's session hash would refuse
    them on their next request anyway; here the list of sessions says so too). Clears the
    first-login flag. Returns how many other sessions were ended. The audit row
    (``password_changed``) is written by the account hooks (security.receivers)."""
    from zhifa.security import sessions

    old_key = request.session.session_key
    with transaction.atomic():
        user.set_password(new_password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        update_session_auth_hash(request, user)  # a new session key for this browser
        sessions.rekey(old_key, request.session.session_key)
        return sessions.end_others(request, user, reason="password_changed")


def password_rules() -> list[str]:
    """The rules as the password page lists them."""
    from django.contrib.auth.password_validation import password_validators_help_texts

    return [str(text) for text in password_validators_help_texts()]
