"""The security audit log (GB/T 22239-2019 8.1.4.3, level 3; ADR 0011): one append-only,
hash-chained table of security events, the checkpoints that pin its head, and the archives of
rows past their retention.

All three refuse change in the model, the queryset and the database (migration 0002: triggers on
PostgreSQL and SQLite). The one exception: rows of ``SecurityEvent`` covered by a recorded
``SecurityArchive`` may be deleted — the archive job writes them to a file, records the archive
(append-only itself) and only then deletes them (``zhifa.security.archive``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhifa.core.errors import DomainError
from zhifa.security.choices import EventKind, Outcome


class ImmutableAuditLog(DomainError):
    """A write the security audit log refuses (HTTP 409)."""

    def __init__(self, message: str = "安全审计日志不可修改或删除") -> None:
        super().__init__("immutable_audit_log", message)


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableAuditLog("安全审计日志不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableAuditLog("安全审计日志不可删除")


class _AppendOnly(models.Model):
    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableAuditLog("安全审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableAuditLog("安全审计日志不可删除")


class SecurityEvent(_AppendOnly):
    """One security event: who (the account, and its name as it was), from where, did what to
    which object, with which outcome. Written only by ``zhifa.security.actions.record``."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    at = models.DateTimeField("时间")
    kind = models.CharField("事件", max_length=32, choices=EventKind.choices)
    # No database constraint and nothing done on delete: an account deleted later leaves its
    # events (and their digests) as they are; ``actor_name`` keeps who it was.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    actor_name = models.CharField("账号", max_length=150, blank=True)
    address = models.CharField("客户端地址", max_length=45, blank=True)
    object_type = models.CharField("对象类型", max_length=64, blank=True)
    object_id = models.CharField("对象标识", max_length=64, blank=True)
    object_label = models.CharField("对象", max_length=200, blank=True)
    outcome = models.CharField("结果", max_length=8, choices=Outcome.choices)
    detail = models.JSONField("详情", default=dict, blank=True)
    prev_digest = models.CharField("前一事件摘要", max_length=64)
    digest = models.CharField("SM3 摘要", max_length=64)
    mac = models.CharField("签章 (HMAC-SM3)", max_length=64)

    class Meta:
        verbose_name = "安全审计事件"
        verbose_name_plural = "安全审计日志"
        ordering = ["-at", "-seq"]
        indexes = [
            models.Index(fields=["at", "seq"], name="security_event_at"),
            models.Index(fields=["actor_name", "at"], name="security_event_actor_at"),
            models.Index(fields=["kind", "at"], name="security_event_kind_at"),
        ]
        permissions = [("read_audit", "查看、筛选和导出安全审计日志")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.get_kind_display()} {self.actor_name}"


class SecurityCheckpoint(_AppendOnly):
    """The log's head at one moment (its last ``seq`` and that event's digest), chained to the
    previous checkpoint and sealed with the key; each is also appended to
    ``ZHIFA_AUDIT_DIR/checkpoints.jsonl``, outside the database. ``zhifa audit verify`` requires
    the log to reach every checkpoint with the same digest: its tail cannot be cut unseen."""

    created_at = models.DateTimeField("时间")
    seq = models.PositiveBigIntegerField("事件序号")
    head = models.CharField("该事件摘要", max_length=64)
    prev = models.CharField("前一检查点摘要", max_length=64, unique=True)
    digest = models.CharField("SM3 摘要", max_length=64, unique=True)
    key_id = models.CharField("密钥标识", max_length=16)
    mac = models.CharField("签章 (HMAC-SM3)", max_length=64)

    class Meta:
        verbose_name = "安全审计检查点"
        verbose_name_plural = "安全审计检查点"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"检查点：第 {self.seq} 条"


class SecurityArchive(_AppendOnly):
    """Events ``first_seq``–``last_seq`` written to ``file`` (JSONL, gzip, under
    ``ZHIFA_AUDIT_DIR``) before they were deleted from the table: the chain goes on from
    ``last_digest``; the file's own digest and the seal let verify check both."""

    created_at = models.DateTimeField("时间")
    first_seq = models.PositiveBigIntegerField("起始序号", unique=True)
    last_seq = models.PositiveBigIntegerField("截止序号", unique=True)
    count = models.PositiveBigIntegerField("事件数")
    first_prev = models.CharField("起始事件的前一摘要", max_length=64)
    last_digest = models.CharField("截止事件摘要", max_length=64)
    oldest_at = models.DateTimeField("最早事件时间")
    newest_at = models.DateTimeField("最晚事件时间")
    file = models.CharField("归档文件", max_length=200)
    file_sm3 = models.CharField("文件 SM3 摘要", max_length=64)
    file_size = models.PositiveBigIntegerField("文件大小")
    digest = models.CharField("SM3 摘要", max_length=64, unique=True)
    key_id = models.CharField("密钥标识", max_length=16)
    mac = models.CharField("签章 (HMAC-SM3)", max_length=64)

    class Meta:
        verbose_name = "安全审计归档"
        verbose_name_plural = "安全审计归档"
        ordering = ["-first_seq"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_seq__gte=models.F("first_seq")),
                name="security_archive_range",
            )
        ]

    def __str__(self) -> str:
        return f"归档：第 {self.first_seq}–{self.last_seq} 条"


# Identification and authentication (8.1.4.1): password history, sessions, trusted browsers.
from zhifa.security.identity_models import (  # noqa: E402, F401
    PasswordHistory,
    SessionEnd,
    TrustedBrowser,
    UserSession,
)
