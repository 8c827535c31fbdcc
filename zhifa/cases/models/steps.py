"""The rows each procedural step leaves behind. Written only by the actions in
``zhifa.cases.actions``; each is also recorded as a case event."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models

from zhifa.cases import review_checklist
from zhifa.cases.choices import (
    CourtRuling,
    NoPenaltyReason,
    Outcome,
    RemedyKind,
    RemedyResult,
    ReviewOutcome,
    TranscriptKind,
)

USER = settings.AUTH_USER_MODEL


class Transcript(models.Model):
    """询问笔录 / 现场检查(勘验)笔录 (行政处罚法 Art 55: questioning and inspection are minuted)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="transcripts")
    kind = models.CharField("笔录类型", max_length=20, choices=TranscriptKind.choices)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间")
    place = models.CharField("地点", max_length=200)
    interviewee = models.CharField("被询问人/在场人", max_length=100, blank=True)
    content = models.TextField("内容")
    party_signed = models.BooleanField("当事人签名", default=True)
    refusal_note = models.CharField("拒绝签名情况", max_length=200, blank=True)
    # A wrong transcript is never edited: the void_entry event that voided it (its reason in
    # the record); it then leaves the evidence the documents list.
    voided = models.ForeignKey(
        "cases.CaseEvent",
        verbose_name="作废记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "笔录"
        verbose_name_plural = "笔录"
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d}"


class EvidencePreservation(models.Model):
    """先行登记保存 (行政处罚法 Art 56): head approval, then a decision within 7 working days."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="preservations")
    items = models.TextField("登记保存物品")
    requested_on = models.DateField("申请日期")
    approved_on = models.DateField("批准日期", null=True, blank=True)
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_due = models.DateField("处理期限", null=True, blank=True)
    decided_on = models.DateField("处理日期", null=True, blank=True)
    decision = models.CharField("处理决定", max_length=200, blank=True)

    class Meta:
        verbose_name = "先行登记保存"
        verbose_name_plural = "先行登记保存"

    def __str__(self) -> str:
        return f"{self.case} 先行登记保存"


class Proposal(models.Model):
    """案件调查终结报告 with the proposed handling. A case returned for more investigation gets a
    new report; the latest one counts."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="proposals")
    submitted_on = models.DateField("报告日期")
    author = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    findings = models.TextField("调查认定的事实")
    outcome = models.CharField("拟处理意见", max_length=12, choices=Outcome.choices)
    no_penalty_reason = models.CharField(
        "不予处罚理由", max_length=30, choices=NoPenaltyReason.choices, blank=True
    )
    transfer_to = models.CharField("移送机关", max_length=100, blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list)
    fine = models.DecimalField("拟罚款金额", max_digits=14, decimal_places=2, null=True, blank=True)
    discretion_level = models.CharField("裁量档次", max_length=10, blank=True)
    base = models.DecimalField(
        "计罚基数",
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="面积、工程造价或违法所得等，按单位或比例计罚时填写",
    )
    out_of_band_reason = models.TextField("超出裁量基准的理由", blank=True)
    out_of_band = models.BooleanField("超出裁量基准", default=False)
    # A tiered fine (分档: "情节严重的，处…") needs the finding that the case is serious, with
    # its facts and reasons; empty: not found serious (the ordinary tier).
    serious_facts = models.TextField("情节严重的事实和理由", blank=True)

    class Meta:
        verbose_name = "调查终结报告"
        verbose_name_plural = "调查终结报告"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_outcome_display()}"


class PriorNotice(models.Model):
    """行政处罚事先告知 (Art 44): the intended penalty, facts, reasons and rights."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="notices")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    notified_on = models.DateField("告知书制作日期", null=True)
    # Arts 44, 64(1): the periods to state, defend and ask for a hearing run from the day the
    # notice reaches the party — recorded by its service in the delivery app, unknown before.
    served_on = models.DateField("告知书送达日期", null=True, blank=True)
    intended_fine = models.DecimalField(
        "拟罚款金额", max_digits=14, decimal_places=2, null=True, blank=True
    )
    intended_kinds = models.JSONField("拟处罚种类", default=list)
    statement_due = models.DateField("陈述申辩期限", null=True, blank=True)
    hearing_offered = models.BooleanField("告知听证权利", default=False)
    hearing_request_due = models.DateField("听证申请期限", null=True, blank=True)
    statement_waived_on = models.DateField("放弃陈述申辩日期", null=True, blank=True)

    class Meta:
        verbose_name = "事先告知"
        verbose_name_plural = "事先告知"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 事先告知 {self.notified_on}"

    def late(self, day: date) -> bool:
        """A statement received on ``day`` came after the period (it is still heard, Art 45)."""
        return self.statement_due is not None and day > self.statement_due


class Statement(models.Model):
    """陈述申辩 (Art 45): heard fully; adopted where established; never a reason to increase."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="statements")
    notice = models.ForeignKey(PriorNotice, on_delete=models.PROTECT, related_name="statements")
    received_on = models.DateField("收到日期")
    content = models.TextField("陈述申辩内容")
    adopted = models.BooleanField("是否采纳", null=True, blank=True)
    response = models.TextField("复核意见", blank=True)

    class Meta:
        verbose_name = "陈述申辩"
        verbose_name_plural = "陈述申辩"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 陈述申辩 {self.received_on}"


class Hearing(models.Model):
    """听证 (Arts 63–65): requested within 5 working days, notified at least 7 working days
    before, chaired by someone who did not investigate."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="hearings")
    notice = models.ForeignKey(PriorNotice, on_delete=models.PROTECT, related_name="hearings")
    requested_on = models.DateField("申请日期")
    notified_on = models.DateField("听证通知送达日期", null=True, blank=True)
    scheduled_on = models.DateField("听证日期", null=True, blank=True)
    place = models.CharField("听证地点", max_length=200, blank=True)
    host = models.ForeignKey(
        "org.Officer",
        verbose_name="主持人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField("举行日期", null=True, blank=True)
    party_absent = models.BooleanField("当事人无正当理由缺席/中途退出 (视为放弃)", default=False)
    minutes = models.TextField("听证笔录", blank=True)

    class Meta:
        verbose_name = "听证"
        verbose_name_plural = "听证"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 听证"

    @property
    def concluded(self) -> bool:
        return self.held_on is not None


class LegalReview(models.Model):
    """法制审核 (Art 58): before the head decides; the reviewer never handled the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="reviews")
    submitted_on = models.DateField("提交日期")
    reviewer = models.ForeignKey(
        USER,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_on = models.DateField("审核日期", null=True, blank=True)
    outcome = models.CharField("审核意见", max_length=10, choices=ReviewOutcome.choices, blank=True)
    opinion = models.TextField("审核意见书", blank=True)
    reasons = models.JSONField("须审核的情形", default=list)
    # Art 58: 执法主体、事实、证据、依据、程序、裁量、文书, each {"item", "result", "note"}
    # (``cases.review_checklist``); empty until decided
    checklist = models.JSONField("审核内容", default=list, blank=True)

    class Meta:
        verbose_name = "法制审核"
        verbose_name_plural = "法制审核"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 法制审核"

    @property
    def checklist_rows(self) -> list[dict[str, Any]]:
        """The checklist in words (item, question, 结论, note) for pages and documents."""
        return review_checklist.display(self.checklist)


class CollectiveDiscussion(models.Model):
    """负责人集体讨论 (Art 57 ¶2) for complex or serious cases."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="discussions")
    held_on = models.DateField("讨论日期")
    chair = models.ForeignKey(
        USER, verbose_name="主持人", on_delete=models.PROTECT, related_name="+"
    )
    # The officers who took part (Art 57 ¶2), and their names as printed on the 集体讨论记录
    attendee_officers = models.ManyToManyField(
        "org.Officer", verbose_name="参加人员（执法人员）", related_name="+", blank=True
    )
    attendees = models.JSONField("参加人员", default=list)
    conclusion = models.TextField("讨论结论")
    agreed_outcome = models.CharField("决定意见", max_length=12, choices=Outcome.choices)
    agreed_fine = models.DecimalField(
        "决定罚款", max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = "集体讨论"
        verbose_name_plural = "集体讨论"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 集体讨论 {self.held_on}"

    @property
    def attendee_ids(self) -> list[int]:
        return sorted(o.pk for o in self.attendee_officers.all())


class Decision(models.Model):
    """The decision (行政处罚决定 / 不予行政处罚决定 / 移送 / 当场处罚决定). A decision changed on
    review is a new row marked as replacing the earlier one."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField("决定书文号", max_length=80, unique=True)
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(
        USER, verbose_name="决定人", on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField("决定", max_length=12, choices=Outcome.choices)
    no_penalty_reason = models.CharField(
        "不予处罚理由", max_length=30, choices=NoPenaltyReason.choices, blank=True
    )
    transfer_to = models.CharField("移送机关", max_length=100, blank=True)
    penalty_kinds = models.JSONField("处罚种类", default=list)
    fine = models.DecimalField("罚款金额", max_digits=14, decimal_places=2, null=True, blank=True)
    on_the_spot = models.BooleanField("当场处罚 (简易程序)", default=False)
    collected_on_spot = models.BooleanField("当场收缴", default=False)
    education_given = models.BooleanField("已对当事人进行教育 (第33条第3款)", default=False)
    # The decided tier of a tiered fine (the proposal's finding, or the officer's on the spot)
    # and, on the spot, the discretion level applied (a general case's is its proposal's).
    serious_facts = models.TextField("情节严重的事实和理由", blank=True)
    discretion_level = models.CharField("裁量档次", max_length=10, blank=True)
    remedy_notice = models.TextField("救济途径告知")
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    filed_with_bureau_on = models.DateField("备案日期", null=True, blank=True)

    class Meta:
        verbose_name = "处罚决定"
        verbose_name_plural = "处罚决定"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.number


class Remedy(models.Model):
    """The party's 行政复议 or 行政诉讼 against the decision. While pending, the late surcharge
    does not run (行政处罚法 Art 73 ¶3)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField("类型", max_length=12, choices=RemedyKind.choices)
    applied_on = models.DateField("申请/起诉日期")
    body = models.CharField("复议机关/法院", max_length=100)
    result = models.CharField("结果", max_length=20, choices=RemedyResult.choices, blank=True)
    decided_on = models.DateField("结果日期", null=True, blank=True)
    # The party's further periods run from the day it received the result document: to sue
    # after review (行政诉讼法 Art 45), to appeal a first-instance judgment or ruling (Art 85).
    # Null on rows recorded before it was asked (their periods are counted from decided_on).
    result_received_on = models.DateField("结果文书送达当事人日期", null=True, blank=True)
    # 行政诉讼 only: which ruling the court gave, so when it takes effect (Art 85).
    ruling = models.CharField("裁判类型", max_length=16, choices=CourtRuling.choices, blank=True)
    new_fine = models.DecimalField(
        "变更后罚款", max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "复议诉讼"
        verbose_name_plural = "复议诉讼"
        ordering = ["applied_on", "id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"

    @property
    def pending(self) -> bool:
        return self.decided_on is None
