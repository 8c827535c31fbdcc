"""The holiday table: the State Council's yearly schedule, editable by administrators.

A day not listed is a working day on Monday–Friday and a rest day on Saturday/Sunday. Listed
days override that: ``holiday`` (法定节假日 and the rest days of a holiday break) or ``workday``
(a 调休 make-up working day on a weekend). A year counts as covered only when it has a
``CalendarYear`` row: the calendar never guesses a year it has no schedule for.
"""

from __future__ import annotations

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "放假"
    WORKDAY = "workday", "调休上班"


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", unique=True)
    source = models.CharField(
        "来源", max_length=200, help_text="例如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "节假日安排年度"
        verbose_name_plural = "节假日安排年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class Holiday(models.Model):
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=100, blank=True)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class ScheduleImport(models.Model):
    """Who entered which year's schedule, when, from what (append-only: a correction is a new
    import). ``text`` keeps what was pasted or the file read; ``days`` what was written."""

    year = models.PositiveSmallIntegerField("年份")
    imported_at = models.DateTimeField("录入时间", auto_now_add=True)
    actor = models.ForeignKey(
        "org.User", on_delete=models.PROTECT, null=True, blank=True, verbose_name="录入人"
    )
    source = models.CharField("来源", max_length=200)
    text = models.TextField("原文", blank=True)
    days = models.JSONField("录入的日期", default=list)
    replaced = models.BooleanField("替换已有安排", default=False)
    recomputed = models.PositiveIntegerField("重新计算的期限数", default=0)

    class Meta:
        verbose_name = "节假日安排录入记录"
        verbose_name_plural = "节假日安排录入记录"
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.source}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("节假日安排录入记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("节假日安排录入记录不可删除")
