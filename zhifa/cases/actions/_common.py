from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from zhifa.core.actions import notify
from zhifa.core.errors import InvalidInput
from zhifa.org.choices import Role
from zhifa.org.models import User


def today(on: date | None) -> date:
    return on or timezone.localdate()


def required_text(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("required", f"{label}不能为空", field=field)
    return value


def notify_role(role: str, *, title: str, url: str, kind: str, dedup_key: str = "") -> None:
    """Tell every active user of ``role`` (after commit)."""

    def send() -> None:
        for user in User.objects.filter(role=role, is_active=True):
            notify(user, kind=kind, title=title, url=url, dedup_key=dedup_key)

    transaction.on_commit(send)


def case_url(case_pk: int) -> str:
    return f"/cases/{case_pk}/"


LEADER = Role.LEADER
REVIEWER = Role.LEGAL_REVIEWER
