"""Credit supervision rows: 双公示 export batches and credit repair (信用修复) requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from zhifa.disclosure.choices import ExportOperation, RepairStatus

USER = settings.AUTH_USER_MODEL


class CreditExportBatch(models.Model):
    """One run of ``zhifa credit export``: what was sent, when, by which command line."""

    created_at = models.DateTimeField("导出时间", auto_now_add=True)
    date_from = models.DateField("决定日期自")
    date_to = models.DateField("决定日期至")
    format = models.CharField("格式", max_length=8)
    added = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("修改", default=0)
    withdrawn = models.PositiveIntegerField("撤销", default=0)
    rejected = models.PositiveIntegerField("无法导出", default=0)
    out = models.CharField("输出文件", max_length=300, blank=True)

    class Meta:
        verbose_name = "双公示导出批次"
        verbose_name_plural = "双公示导出批次"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.date_from}–{self.date_to}"


class CreditExportRecord(models.Model):
    """One record sent in a batch, with the digest of its content: a later change shows as a
    different digest and is re-sent; a withdrawal is sent once."""

    batch = models.ForeignKey(
        CreditExportBatch, verbose_name="批次", on_delete=models.PROTECT, related_name="records"
    )
    publication = models.ForeignKey(
        "disclosure.Publication",
        verbose_name="公示",
        on_delete=models.PROTECT,
        related_name="credit_exports",
    )
    number = models.CharField("决定书文号", max_length=80)
    operation = models.CharField("操作类型", max_length=10, choices=ExportOperation.choices)
    digest = models.CharField("内容摘要 (SHA-256)", max_length=64)

    class Meta:
        verbose_name = "双公示导出记录"
        verbose_name_plural = "双公示导出记录"
        ordering = ["batch", "id"]
        indexes = [models.Index(fields=["publication", "id"], name="creditrec_pub")]

    def __str__(self) -> str:
        return f"{self.number} {self.get_operation_display()}"


class CreditRepair(models.Model):
    """信用修复: the party asks, after the minimum display period and having performed the
    penalty, to end the public display early; a leader approves or refuses (《信用修复管理办法》,
    rules.md §4.5)."""

    publication = models.ForeignKey(
        "disclosure.Publication",
        verbose_name="公示",
        on_delete=models.PROTECT,
        related_name="repairs",
    )
    requested_on = models.DateField("申请日期")
    requested_by = models.ForeignKey(
        USER, verbose_name="登记人", on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.BooleanField("已作出信用承诺", default=False)
    proof = models.TextField("履行证明")
    status = models.CharField(
        "状态", max_length=10, choices=RepairStatus.choices, default=RepairStatus.REQUESTED
    )
    decided_on = models.DateField("审批日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        USER,
        verbose_name="审批人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    refusal_reason = models.TextField("不予修复理由", blank=True)

    class Meta:
        verbose_name = "信用修复申请"
        verbose_name_plural = "信用修复申请"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=models.Q(status=RepairStatus.REQUESTED),
                name="creditrepair_one_open_request",
                violation_error_message="该公示已有待审批的信用修复申请",
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication} 信用修复"
