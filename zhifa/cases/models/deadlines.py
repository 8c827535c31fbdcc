"""Statutory clocks as rows: each step with a legal period stores its due date (indexed), so
"what is due in three days / overdue" is one query."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from zhifa.cases.choices import PARTY_PERIODS, DeadlineKind


class CaseDeadline(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="deadlines")
    kind = models.CharField("期限", max_length=30, choices=DeadlineKind.choices)
    started_on = models.DateField("起算日")
    due_on = models.DateField("到期日")
    # True when the period crossed a year without a holiday schedule (weekends-only guess).
    provisional = models.BooleanField("临时计算", default=False)
    met_on = models.DateField("完成日期", null=True, blank=True)
    cancelled = models.BooleanField("已不适用", default=False)
    missed_recorded_at = models.DateTimeField("逾期记录时间", null=True, blank=True)
    reminded_at = models.DateTimeField("提醒时间", null=True, blank=True)
    # The case's street, copied when the clock starts (a case's street is set when it is
    # registered and never changes): a street's open clocks are then read from their own index
    # (``casedeadline_open_street``) instead of probing the case of every open clock of the
    # city (issue 11: 400 ms on PostgreSQL at a million cases).
    street = models.ForeignKey(
        "org.OrgUnit",
        verbose_name="所属街道",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = "法定期限"
        verbose_name_plural = "法定期限"
        ordering = ["due_on", "id"]
        indexes = [
            # The open clocks in due order, with their case: the deadline lists, their counts,
            # the home queues and the overdue filter read this index alone. ``cancelled`` and
            # ``met_on`` are constant in it, but SQLite checks the condition's terms again on
            # each row (they are bound parameters), and without them it reads every row.
            models.Index(
                fields=["due_on", "id", "case", "cancelled", "met_on"],
                condition=Q(met_on__isnull=True, cancelled=False),
                name="casedeadline_open_due",
            ),
            # a street's open clocks in due order (a street officer's lists and counts)
            models.Index(
                fields=["street", "due_on", "id", "case", "cancelled", "met_on"],
                condition=Q(met_on__isnull=True, cancelled=False),
                name="casedeadline_open_street",
            ),
            models.Index(fields=["case", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.due_on}"

    @property
    def open(self) -> bool:
        return self.met_on is None and not self.cancelled

    @property
    def awaits_party(self) -> bool:
        """The case waits for the party's answer or the end of the party's period."""
        return self.kind in PARTY_PERIODS
