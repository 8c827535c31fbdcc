"""The public record of a penalty decision (行政处罚法 Art 48; 国办发〔2018〕118号; 双公示) and
its append-only history.

A ``Publication`` holds, as its own columns, exactly what may be shown to the public — copied
and masked when the row is created — so public pages read this table alone, through the
allow-list in ``zhifa.disclosure.public``; the case, decision and party keys are for staff.
Status moves only through ``zhifa.disclosure.jobs`` and ``zhifa.disclosure.actions``
(``transition``), each move with its ``PublicationEvent`` in the same transaction."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from zhifa.cases.choices import Procedure
from zhifa.core import textsearch
from zhifa.disclosure.choices import EventKind, PublicationStatus, Severity
from zhifa.law.choices import Category
from zhifa.parties.choices import PartyKind


class Publication(models.Model):
    decision = models.OneToOneField(
        "cases.Decision",
        verbose_name="处罚决定",
        on_delete=models.PROTECT,
        related_name="publication",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="publications"
    )
    party = models.ForeignKey(
        "parties.Party",
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
    )

    # --- What the public sees (the allow-list: zhifa.disclosure.public.PUBLIC_FIELDS) --------
    number = models.CharField("行政处罚决定书文号", max_length=80, unique=True)
    violation_code = models.CharField("权责清单编号", max_length=32, blank=True)
    violation_name = models.CharField("违法行为", max_length=200)
    facts_brief = models.TextField("违法事实")
    violated_provision = models.TextField("违法依据", blank=True)
    penalty_provision = models.TextField("处罚依据")
    penalty_kinds = models.CharField("处罚类别", max_length=200)
    penalty_content = models.TextField("处罚内容")
    fine = models.DecimalField("罚款金额(元)", max_digits=14, decimal_places=2, null=True)
    decided_on = models.DateField("处罚决定日期")
    agency = models.CharField("处罚机关", max_length=100)
    category = models.CharField("类别", max_length=24, choices=Category.choices)
    street = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    street_name = models.CharField("街道", max_length=100, blank=True)
    procedure = models.CharField("程序", max_length=10, choices=Procedure.choices)
    party_kind = models.CharField("当事人类别", max_length=16, choices=PartyKind.choices)
    # A natural person's name masked (mask_name); an organisation's name whole.
    party_name = models.CharField("当事人", max_length=200)
    party_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=PublicationStatus.choices, default=PublicationStatus.PENDING
    )
    published_on = models.DateField("公示日期", null=True, blank=True)
    withdrawn_on = models.DateField("撤回日期", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)
    replacement_number = models.CharField("变更后的决定书文号", max_length=80, blank=True)
    display_until = models.DateField("公示截止日期")

    # --- Internal: deadlines and their keeping --------------------------------------------
    severity = models.CharField("失信程度", max_length=10, choices=Severity.choices)
    due_on = models.DateField("应公示日期")
    published_late = models.BooleanField("逾期公示", default=False)
    withdraw_due = models.DateField("应撤回日期", null=True, blank=True)
    withdrawn_late = models.BooleanField("逾期撤回", default=False)
    repair_from = models.DateField("可申请信用修复日期")
    ended_on = models.DateField("停止公示日期", null=True, blank=True)
    skip_reason = models.CharField("不予公示理由", max_length=200, blank=True)
    # The text search index's bigram tokens of SEARCH_FIELDS (core.textsearch, ADR 0014).
    search_text = models.TextField("检索文本", blank=True, default="", editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "处罚决定公示"
        verbose_name_plural = "处罚决定公示"
        ordering = ["-decided_on", "-id"]
        indexes = [
            # Public search orders by (decided_on, id) descending within one filter.
            models.Index(fields=["status", "decided_on", "id"], name="pub_status_date"),
            # a name search's walk, newest first, tests each published row's tokens in the
            # index itself (PostgreSQL INCLUDE; SQLite has no covering columns and keeps the
            # plain partial index): no table row is read but the page's (namesearch)
            models.Index(
                fields=["decided_on", "id"],
                include=["search_text"],
                condition=models.Q(status="published"),
                name="pub_published_text",
            ),
            models.Index(fields=["category", "decided_on", "id"], name="pub_category_date"),
            models.Index(fields=["street", "decided_on", "id"], name="pub_street_date"),
            models.Index(fields=["party_name"], name="pub_party_name"),
            models.Index(fields=["status", "due_on"], name="pub_status_due"),
            models.Index(fields=["status", "withdrawn_on"], name="pub_status_withdrawn"),
            # the staff overview's late lists: a few rows among a city's (issue 11)
            models.Index(
                fields=["published_on", "id"],
                condition=models.Q(published_late=True),
                name="pub_late",
            ),
            models.Index(
                fields=["withdrawn_on", "id"],
                condition=models.Q(withdrawn_late=True),
                name="pub_withdrawn_late",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=PublicationStatus.PUBLISHED)
                | models.Q(published_on__isnull=False),
                name="publication_published_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=PublicationStatus.WITHDRAWN)
                | (models.Q(withdrawn_on__isnull=False) & ~models.Q(withdraw_reason="")),
                name="publication_withdrawn_has_reason",
                violation_error_message="撤回须有日期和理由 (行政处罚法第48条第2款)",
            ),
        ]

    # The portal finds a decision by any continuous part of the name as published (masked).
    SEARCH_FIELDS = ("party_name",)

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        kwargs["update_fields"] = textsearch.fill(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)


class ImmutableRecord(Exception):
    pass


class _AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableRecord("公示记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("公示记录不可删除")


class PublicationEvent(models.Model):
    """One publication, withdrawal, expiry, skip or repair step. Append-only: ``save()`` on an
    existing row, ``delete()`` and queryset ``update()``/``delete()`` raise, and a database
    trigger refuses UPDATE (and DELETE on PostgreSQL) — migration 0002."""

    publication = models.ForeignKey(
        Publication, verbose_name="公示", on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField("事项", max_length=20, choices=EventKind.choices)
    on = models.DateField("日期")
    at = models.DateTimeField("记录时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField("期限", null=True, blank=True)
    late = models.BooleanField("逾期", default=False)
    note = models.TextField("说明", blank=True)

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = "公示记录"
        verbose_name_plural = "公示记录"
        ordering = ["publication", "id"]
        indexes = [models.Index(fields=["kind", "on"], name="pubevent_kind_on")]

    def __str__(self) -> str:
        return f"{self.publication_id} {self.get_kind_display()} {self.on}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableRecord("公示记录不可修改：更正请追加新的记录")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRecord("公示记录不可删除")
