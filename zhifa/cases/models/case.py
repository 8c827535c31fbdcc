"""The case (案件): one row per clue/case, its current stage, and the facts statistics read.

Facts that statistics and exports need (decided_on, fine, paid, legal_review…) are kept on the
case row by the actions that establish them, in the same transaction as their event, so the
annual report is a query, not a reconstruction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from zhifa.cases.choices import CaseStatus, HandlerRole, Outcome, Procedure, Source
from zhifa.core import textsearch

ZERO = Decimal("0")


class Case(models.Model):
    number = models.CharField("案件编号", max_length=60, unique=True)
    procedure = models.CharField("程序", max_length=10, choices=Procedure.choices)
    status = models.CharField("状态", max_length=20, choices=CaseStatus.choices)
    # Optimistic concurrency for clients that hold a copy: a stale version is refused.
    version = models.PositiveIntegerField("版本", default=1)
    # Not stored: the legal day of the step being taken, set by ``workflow.lock_case`` (the
    # day the step's documents are dated on).
    step_day: date | None = None
    # The legal day the case reached its status: no step taken in it may be dated earlier
    # (dates in legal order, ``workflow.check_dates``). Null for cases from before it was kept.
    status_on = models.DateField("进入当前状态日期", null=True, blank=True)
    source = models.CharField("案件来源", max_length=20, choices=Source.choices)

    violation_item = models.ForeignKey(
        "law.ViolationItem",
        verbose_name="案由(违法行为)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    category = models.CharField("类别", max_length=30, blank=True)
    party = models.ForeignKey(
        "parties.Party",
        verbose_name="当事人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    party_kind = models.CharField("当事人类别", max_length=20, blank=True)
    street = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="所属街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="street_cases",
    )
    handling_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="办案单位",
        on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    place = models.CharField("地点", max_length=200, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    facts = models.TextField("违法事实", blank=True)

    act_on = models.DateField("违法行为发生日", null=True, blank=True)
    act_ended_on = models.DateField("连续/继续状态终了日", null=True, blank=True)
    continuing = models.BooleanField("连续或继续状态", default=False)
    extended_limitation = models.BooleanField(
        "涉及公民生命健康安全、金融安全且有危害后果 (追责期限5年)", default=False
    )
    found_on = models.DateField("发现日期")
    filed_on = models.DateField("立案日期", null=True, blank=True)

    major_public_interest = models.BooleanField("涉及重大公共利益", default=False)
    complex_case = models.BooleanField("情节复杂或重大违法", default=False)
    requires_legal_review = models.BooleanField("须法制审核", default=False)
    requires_collective_discussion = models.BooleanField("须集体讨论", default=False)
    hearing_offered = models.BooleanField("告知听证权利", default=False)
    legal_review_done = models.BooleanField("已法制审核", default=False)
    collective_discussion_done = models.BooleanField("已集体讨论", default=False)
    hearing_held = models.BooleanField("已听证", default=False)

    outcome = models.CharField("处理结果", max_length=12, choices=Outcome.choices, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    fine = models.DecimalField("罚款金额", max_digits=14, decimal_places=2, null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)
    payment_due = models.DateField("缴款期限", null=True, blank=True)
    paid = models.DecimalField("已缴罚款", max_digits=14, decimal_places=2, default=ZERO)
    surcharge = models.DecimalField("已缴加处罚款", max_digits=14, decimal_places=2, default=ZERO)
    decision_revoked = models.BooleanField("决定已被撤销", default=False)
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_reason = models.CharField("结案理由", max_length=200, blank=True)
    archived_on = models.DateField("归档日期", null=True, blank=True)

    event_count = models.PositiveIntegerField("记录条数", default=0)
    chain_head_sm3 = models.CharField(max_length=64, blank=True)
    chain_head_sha256 = models.CharField(max_length=64, blank=True)
    # HMAC-SM3 (key outside the database) of (id, event_count, chain heads): record.seal_head.
    head_mac = models.CharField("链头签章", max_length=64, blank=True)

    # The text search index's bigram tokens of SEARCH_FIELDS (core.textsearch, ADR 0014).
    search_text = models.TextField("检索文本", blank=True, default="", editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "案件"
        verbose_name_plural = "案件"
        ordering = ["-id"]
        indexes = [
            # the list by status, newest first (SQLite appends the id to every index by itself)
            models.Index(fields=["status", "id"]),
            # the queues by status, the longest waiting first (closing, archiving)
            models.Index(fields=["status", "status_on", "id"]),
            # the closing queue's no-penalty and transferred cases of a status, longest waiting
            models.Index(fields=["status", "outcome", "status_on", "id"], name="case_outcome_wait"),
            models.Index(fields=["street", "status"]),
            models.Index(fields=["procedure", "decided_on"]),
            models.Index(fields=["category", "decided_on"]),
            models.Index(fields=["category", "id"]),  # the list by category, newest first
            models.Index(fields=["found_on"]),
            models.Index(fields=["party"]),
            # the few revoked decisions (the disclosure job's withdrawals), not a scan of all
            models.Index(
                fields=["id"], condition=models.Q(decision_revoked=True), name="case_revoked"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fine__isnull=True) | Q(fine__gte=0),
                name="case_fine_not_negative",
                violation_error_message="罚款金额不能为负数",
            ),
            models.CheckConstraint(
                condition=Q(paid__gte=0) & Q(surcharge__gte=0),
                name="case_paid_not_negative",
            ),
        ]

    # The case list finds a case by any continuous part of its number or place (the party: parties).
    SEARCH_FIELDS = ("number", "place")

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        kwargs["update_fields"] = textsearch.fill(self, kwargs.get("update_fields"))
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        from zhifa.cases.choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def unpaid(self) -> Decimal:
        return max((self.fine or ZERO) - self.paid, ZERO)


class CaseHandler(models.Model):
    """An officer handling the case (承办人). 行政处罚法 Art 42: at least two, certified;
    Art 43: a handler with a conflict of interest is recused (the row stays, with the reason)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="handlers")
    officer = models.ForeignKey(
        "org.Officer", verbose_name="承办人", on_delete=models.PROTECT, related_name="case_roles"
    )
    role = models.CharField("分工", max_length=10, choices=HandlerRole.choices)
    assigned_on = models.DateField("指派日期")
    recused_on = models.DateField("回避日期", null=True, blank=True)
    recusal_reason = models.CharField("回避理由", max_length=200, blank=True)

    class Meta:
        verbose_name = "承办人"
        verbose_name_plural = "承办人"
        ordering = ["id"]  # assignment order: the lead (主办) is assigned first
        constraints = [
            models.UniqueConstraint(
                fields=["case", "officer"],
                condition=Q(recused_on__isnull=True),
                name="casehandler_once_per_case",
            )
        ]
        indexes = [
            models.Index(fields=["officer", "recused_on"]),
            # an officer's active cases from the index alone ("mine", its deadlines): a handler
            # of tens of thousands was read row by row from the table (250 ms on PostgreSQL)
            models.Index(
                fields=["officer", "case", "recused_on"],
                condition=Q(recused_on__isnull=True),
                name="casehandler_active_cases",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.officer}"
