"""Platform actions: API tokens and notifications."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from zhifa.core.models import ApiToken, Notification, hash_token
from zhifa.org.models import User


def create_api_token(user: User, *, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``. Returns the row and the raw token (shown once, never stored)."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_token(raw), prefix=raw[:10])
    return token, raw


def revoke_api_token(token: ApiToken) -> None:
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def notify(
    user: User, *, kind: str, title: str, body: str = "", url: str = "", dedup_key: str = ""
) -> Notification | None:
    """Create a notification after the current transaction commits. With ``dedup_key`` the same
    notification is created at most once per user (a rerun job sends nothing twice)."""

    def _create() -> None:
        try:
            with transaction.atomic():
                Notification.objects.create(
                    user=user, kind=kind, title=title, body=body, url=url, dedup_key=dedup_key
                )
        except IntegrityError:
            pass  # already sent

    transaction.on_commit(_create)
    return None
