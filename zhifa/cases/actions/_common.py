from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhifa.core.actions import notify
from zhifa.core.errors import InvalidInput
from zhifa.org.choices import Role
from zhifa.org.models import User

# A phone's clock a little ahead of the server's is not a record of the future.
_CLOCK_SKEW = timedelta(minutes=5)


def today(on: date | None) -> date:
    return on or timezone.localdate()


def happened(value: date | datetime, field: str, label: str) -> None:
    """A record says what happened: no date or time after now (dates in legal order)."""
    if isinstance(value, datetime):
        now = timezone.now()
        if value > now + _CLOCK_SKEW:
            shown = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            raise InvalidInput(
                "future_date", f"{label} {shown} 晚于现在：只能记录已经发生的事项", field=field
            )
        return
    if value > timezone.localdate():
        raise InvalidInput(
            "future_date", f"{label} {value} 晚于今天：只能记录已经发生的事项", field=field
        )


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


def handler_users(case_pk: int) -> QuerySet[User]:
    """The active users who handle the case (not recused)."""
    return User.objects.filter(
        officer__case_roles__case_id=case_pk,
        officer__case_roles__recused_on__isnull=True,
        is_active=True,
    ).distinct()


def notify_handlers(
    case_pk: int, *, kind: str, title: str, url: str = "", skip: User | None = None
) -> None:
    """Tell the case's active handlers (after commit) what happened on their case — not
    ``skip``, the one who did it."""

    def send() -> None:
        handlers = handler_users(case_pk)
        if skip is not None:
            handlers = handlers.exclude(pk=skip.pk)
        for user in handlers:
            notify(user, kind=kind, title=title, url=url or case_url(case_pk))

    transaction.on_commit(send)


def case_url(case_pk: int) -> str:
    return f"/cases/{case_pk}/"


LEADER = Role.LEADER
REVIEWER = Role.LEGAL_REVIEWER
