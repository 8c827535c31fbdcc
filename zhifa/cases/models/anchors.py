"""Chain anchors: the daily seal over every case's chain head (行政处罚法 Art 47; ADR 0007).

The case row's keyed ``head_mac`` stops anyone without the key from *forging* a chain head; it
cannot stop them from putting back an *old* (count, head, MAC) triple of the same case after
deleting its last events. The anchor does: once a day every case's (event count, head) is
recorded here, append-only, chained to the previous anchor and sealed with the key, so
``zhifa audit verify`` names a case whose record is shorter than, or does not extend, what an
anchor saw. Only the cases that changed since the previous anchor get an ``AnchorEntry``; the
state at an anchor is the overlay of all entries up to it, and its digest (``state_sm3``) is
what is printed and signed on paper.

Written only by ``zhifa.cases.anchor.write_anchor``; the model, the queryset and database
triggers refuse UPDATE and DELETE (migration 0004)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.cases.models.events import _AppendOnly


class ChainAnchor(_AppendOnly):
    day = models.DateField("锚定日", unique=True)
    created_at = models.DateTimeField("锚定时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cases = models.PositiveIntegerField("案件数")
    events = models.PositiveBigIntegerField("记录总条数")
    changed = models.PositiveIntegerField("本次锚定的案件数")
    state_sm3 = models.CharField("全部链头摘要 (SM3)", max_length=64)
    entries_sm3 = models.CharField("本次条目摘要 (SM3)", max_length=64)
    prev_sm3 = models.CharField("上一锚点摘要", max_length=64)
    digest_sm3 = models.CharField("锚点摘要 (SM3)", max_length=64, unique=True)
    mac = models.CharField("签章 (HMAC-SM3)", max_length=64)
    key_id = models.CharField("密钥标识", max_length=16)
    flagged = models.JSONField("未予锚定的案件 (校验不通过)", default=list, blank=True)

    class Meta:
        verbose_name = "记录锚点"
        verbose_name_plural = "记录锚点"
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day} {self.digest_sm3[:16]}"


class AnchorEntry(_AppendOnly):
    """One case's (event count, chain head) as an anchor saw it — only when it changed."""

    anchor = models.ForeignKey(ChainAnchor, on_delete=models.PROTECT, related_name="entries")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("案件编号", max_length=60)
    event_count = models.PositiveIntegerField("记录条数")
    head_sm3 = models.CharField("链头 SM3", max_length=64)

    class Meta:
        verbose_name = "锚定条目"
        verbose_name_plural = "锚定条目"
        ordering = ["anchor", "case"]
        constraints = [
            models.UniqueConstraint(fields=["anchor", "case"], name="anchorentry_once_per_anchor"),
        ]
        indexes = [models.Index(fields=["case", "anchor"])]

    def __str__(self) -> str:
        return f"{self.number} {self.event_count}"
