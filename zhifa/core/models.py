"""Platform rows: API tokens and in-app notifications."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "zf_"


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def default_token_expiry() -> datetime:
    """``ZHIFA_API_TOKEN_DAYS`` (90) days from now."""
    return timezone.now() + timedelta(days=int(settings.ZHIFA_API_TOKEN_DAYS))


class ApiToken(models.Model):
    """A bearer token for the REST API, named, of one user, until it expires or is revoked (GB/T
    22239-2019 8.1.4.1). Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField("前缀", max_length=12, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间", default=default_token_expiry)
    # updated at most once a minute (zhifa/api.py)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API 令牌"
        verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate() -> str:
        return TOKEN_PREFIX + secrets.token_urlsafe(32)

    def state(self, now: datetime | None = None) -> str:
        """有效 / 已过期 / 已吊销."""
        if self.revoked_at is not None:
            return "已吊销"
        if self.expires_at <= (now or timezone.now()):
            return "已过期"
        return "有效"


class Notification(models.Model):
    """A message to a user inside zhifa (deadline reminders, expiring certificates…)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("类别", max_length=50)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    # Makes reminder jobs idempotent: the same reminder for the same thing is sent once.
    dedup_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # settling what was done (core.actions.settle_notifications): the unread by key
            models.Index(
                fields=["dedup_key"],
                condition=models.Q(read_at__isnull=True) & ~models.Q(dedup_key=""),
                name="notification_unread_key",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedup_key"],
                condition=~models.Q(dedup_key=""),
                name="notification_dedup_once",
            )
        ]

    def __str__(self) -> str:
        return self.title


class NumberSequence(models.Model):
    """Gapless counters (case numbers, document numbers per kind and year).

    ``next_number`` locks the row inside the caller's transaction: if that transaction rolls
    back, the number is not used up, so numbers stay without gaps or duplicates."""

    key = models.CharField(max_length=100, unique=True)
    last = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "编号序列"
        verbose_name_plural = "编号序列"

    def __str__(self) -> str:
        return f"{self.key}: {self.last}"
