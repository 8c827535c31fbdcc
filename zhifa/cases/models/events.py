"""The full-process record (执法全过程记录, 行政处罚法 Art 47): append-only, hash-chained.

Rows are written only by ``zhifa.cases.record.append_event`` and never changed: ``save()`` on an
existing row, ``delete()`` and queryset ``update()``/``delete()`` raise; on PostgreSQL and
SQLite a database trigger refuses UPDATE and DELETE as well (migrations 0002 and 0004). A
correction is a new event that points at the one it corrects."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhifa.cases.choices import EvidenceKind
from zhifa.core.errors import DomainError


class ImmutableRecord(DomainError):
    """A write the full-process record refuses (HTTP 409)."""

    def __init__(self, message: str) -> None:
        super().__init__("immutable_record", message)


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableRecord("执法全过程记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("执法全过程记录不可删除")


class _AppendOnly(models.Model):
    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableRecord("执法全过程记录不可修改：更正请追加新的记录")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("执法全过程记录不可删除")


class CaseEvent(_AppendOnly):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField("序号")
    kind = models.CharField("事项", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField("时间")
    place = models.CharField("地点", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    payload = models.JSONField("内容", default=dict)
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    prev_sm3 = models.CharField(max_length=64)
    digest_sm3 = models.CharField("SM3 摘要", max_length=64)
    digest_sha256 = models.CharField("SHA-256 摘要", max_length=64)

    class Meta:
        verbose_name = "执法全过程记录"
        verbose_name_plural = "执法全过程记录"
        ordering = ["case", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="caseevent_seq_unique"),
        ]
        indexes = [models.Index(fields=["kind", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.kind}"


class EvidenceFile(_AppendOnly):
    """A photo, audio, video or document attached to an event, with its digests and size."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="evidence")
    event = models.ForeignKey(CaseEvent, on_delete=models.PROTECT, related_name="evidence")
    kind = models.CharField("证据种类", max_length=20, choices=EvidenceKind.choices)
    file = models.FileField("文件", upload_to="evidence/%Y/%m/", max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100, blank=True)
    size = models.PositiveBigIntegerField("大小(字节)")
    sm3 = models.CharField("SM3", max_length=64)
    sha256 = models.CharField("SHA-256", max_length=64)
    description = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "证据文件"
        verbose_name_plural = "证据文件"
        ordering = ["event", "id"]

    def __str__(self) -> str:
        return self.name
