"""Performance of a decision (执行): payments, deferral and instalment plans (Art 66), the
reminder before enforcement (催告, 行政强制法 Art 54) and the application to court (Art 53)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

USER = settings.AUTH_USER_MODEL


class Channel(models.TextChoices):
    BANK = "bank", "银行代收"
    ONLINE = "online", "电子缴款"
    ON_SPOT = "on_spot", "当场收缴"
    COURT = "court", "法院强制执行"


class Payment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField("缴款日期")
    amount = models.DecimalField("金额", max_digits=14, decimal_places=2)
    principal = models.DecimalField("其中罚款", max_digits=14, decimal_places=2)
    surcharge = models.DecimalField("其中加处罚款", max_digits=14, decimal_places=2)
    channel = models.CharField("缴款方式", max_length=10, choices=Channel.choices)
    reference = models.CharField("缴款凭证号/非税收入缴款码", max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handed_over_on = models.DateField("交至机关日期", null=True, blank=True)

    class Meta:
        verbose_name = "缴款"
        verbose_name_plural = "缴款"
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(principal__gte=0) & Q(surcharge__gte=0),
                name="payment_split_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} ¥{self.amount} {self.paid_on}"


class PlanKind(models.TextChoices):
    DEFERRAL = "deferral", "延期缴纳"
    INSTALMENTS = "instalments", "分期缴纳"


class PlanStatus(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已批准"
    REFUSED = "refused", "不予批准"


class PaymentPlan(models.Model):
    """Deferred or instalment payment for genuine hardship, approved by the bureau (Art 66 ¶2).
    ``instalments`` is a list of {"due_on", "amount"}; a deferral has one row."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="payment_plans")
    kind = models.CharField("方式", max_length=12, choices=PlanKind.choices)
    status = models.CharField(
        "状态", max_length=10, choices=PlanStatus.choices, default=PlanStatus.REQUESTED
    )
    reason = models.TextField("申请理由")
    requested_on = models.DateField("申请日期")
    instalments = models.JSONField("缴纳安排", default=list)
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期/分期缴纳"
        verbose_name_plural = "延期/分期缴纳"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class Reminder(models.Model):
    """催告书 (行政强制法 Art 35): the deadline, the amount, the right to state and defend."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="reminders")
    issued_on = models.DateField("催告日期")
    # Set when the delivery app completes the 催告书's service (行政强制法 Art 38): the 10
    # working days of Art 54 run from it, so the court cannot be asked before.
    served_on = models.DateField("催告书送达日期", null=True, blank=True)
    fine_owed = models.DecimalField("应缴罚款", max_digits=14, decimal_places=2)
    surcharge_owed = models.DecimalField("应缴加处罚款", max_digits=14, decimal_places=2)
    wait_until = models.DateField("履行期限 (送达后10个工作日)", null=True, blank=True)

    class Meta:
        verbose_name = "催告"
        verbose_name_plural = "催告"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 催告 {self.issued_on}"


class ReminderStatement(models.Model):
    """陈述、申辩 after a 催告 (行政强制法 Art 36): the party, having received the 催告书, states
    and defends; the bureau records it, re-examines the facts, reasons and evidence raised and
    adopts what is established — recorded with its re-examination in one step, the reasons
    written where it is not adopted."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="reminder_statements"
    )
    reminder = models.ForeignKey(Reminder, on_delete=models.PROTECT, related_name="statements")
    received_on = models.DateField("收到陈述申辩日期")
    content = models.TextField("陈述申辩内容")
    adopted = models.BooleanField("是否采纳")
    reasons = models.TextField("复核意见", blank=True)
    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "催告后陈述申辩"
        verbose_name_plural = "催告后陈述申辩"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 催告后陈述申辩 {self.received_on}"


class CourtStage(models.TextChoices):
    APPLIED = "applied", "已申请"
    ACCEPTED = "accepted", "法院已受理"
    NOT_ACCEPTED = "not_accepted", "法院不予受理"
    RULED_ENFORCE = "ruled_enforce", "裁定准予执行"
    RULED_REFUSE = "ruled_refuse", "裁定不准予执行"
    EXECUTED = "executed", "执行完毕"
    TERMINATED = "terminated", "终结执行"


COURT_ENDED = frozenset(
    {CourtStage.NOT_ACCEPTED, CourtStage.RULED_REFUSE, CourtStage.EXECUTED, CourtStage.TERMINATED}
)


class CourtApplication(models.Model):
    """申请人民法院强制执行 (行政强制法 Arts 53–58): filed within 3 months after the statutory
    litigation period lapsed, after the 催告 and its 10 working days."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="court_applications"
    )
    applied_on = models.DateField("申请日期")
    court = models.CharField("法院", max_length=100)
    window_ends_on = models.DateField("申请期限届满日")
    stage = models.CharField(
        "进展", max_length=16, choices=CourtStage.choices, default=CourtStage.APPLIED
    )
    court_case_number = models.CharField("法院案号", max_length=60, blank=True)
    accepted_on = models.DateField("受理日期", null=True, blank=True)
    ruled_on = models.DateField("裁定日期", null=True, blank=True)
    ended_on = models.DateField("终结日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "申请法院强制执行"
        verbose_name_plural = "申请法院强制执行"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.case} 申请强制执行"
