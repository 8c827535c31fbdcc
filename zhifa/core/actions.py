"""Platform actions: API tokens and notifications."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from zhifa.core.errors import InvalidInput
from zhifa.core.models import ApiToken, Notification, hash_token
from zhifa.org.models import User
from zhifa.security.actions import record
from zhifa.security.choices import EventKind


def create_api_token(
    user: User, *, name: str = "", days: int | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``, valid ``days`` (default ``ZHIFA_API_TOKEN_DAYS``, 90). Returns
    the row and the raw token (shown once, never stored). Every token has a name (``zhifa token
    create`` requires one; code that gives none gets one with the day)."""
    days = int(settings.ZHIFA_API_TOKEN_DAYS) if days is None else days
    if days < 1 or days > 3660:
        raise InvalidInput("invalid_days", "有效期 (天) 应为 1 到 3660 之间的整数", field="days")
    name = name.strip() or f"API 令牌 {timezone.localdate():%Y-%m-%d}"
    if len(name) > 100:
        raise InvalidInput("invalid_name", "令牌用途最多 100 个字", field="name")
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        key_hash=hash_token(raw),
        prefix=raw[:10],
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(
        EventKind.TOKEN_CREATED,
        target=token,
        detail={"user": user.username, "name": name, "expires_at": token.expires_at},
    )
    return token, raw


def revoke_api_token(token: ApiToken) -> None:
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if revoked:
        record(EventKind.TOKEN_REVOKED, target=token, detail={"user": token.user.username})


def notify(
    user: User, *, kind: str, title: str, body: str = "", url: str = "", dedup_key: str = ""
) -> Notification | None:
    """Create a notification after the current transaction commits. With ``dedup_key`` the same
    notification is created at most once per user (a rerun job sends nothing twice)."""

    def _create() -> None:
        try:
            with transaction.atomic():
                row = Notification.objects.create(
                    user=user, kind=kind, title=title, body=body, url=url, dedup_key=dedup_key
                )
        except IntegrityError:
            return  # already sent
        if user.notify_sms or user.notify_email:  # by SMS / e-mail too, as the user chose
            from zhifa.core.outbound import send_notification

            send_notification.enqueue(row.pk)

    transaction.on_commit(_create)
    return None


def settle_notifications(*dedup_keys: str, prefix: str = "") -> None:
    """What the notifications asked for has been done (a filing approved by one of the leaders,
    a review recorded): after commit, everyone's unread ones of those keys (or starting with
    ``prefix``) are marked read, so no inbox keeps asking for work that is no longer waiting."""

    keys = [k for k in dedup_keys if k]

    def _settle() -> None:
        which = Q(dedup_key__in=keys) if keys else Q(pk__in=[])
        if prefix:
            which |= Q(dedup_key__startswith=prefix)
        Notification.objects.filter(which, read_at__isnull=True).update(read_at=timezone.now())

    if prefix or keys:
        transaction.on_commit(_settle)


def set_notification_channels(user: User, *, sms: bool, email: bool) -> User:
    """A user's choice of being told by SMS and/or e-mail besides the inbox. A channel needs
    its contact: the phone or the e-mail address on the user's account."""
    if sms and not user.phone:
        raise InvalidInput(
            "no_phone", "短信提醒：账号未登记手机号，请联系系统管理员登记后再开启", field="sms"
        )
    if email and not user.email:
        raise InvalidInput(
            "no_email", "邮件提醒：账号未登记电子邮箱，请联系系统管理员登记后再开启", field="email"
        )
    user.notify_sms, user.notify_email = sms, email
    user.save(update_fields=["notify_sms", "notify_email"])
    return user
