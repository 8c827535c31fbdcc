"""What the portal shows before enforcement (事前公开) that is not elsewhere in the data."""

from __future__ import annotations

from django.db import models

from zhifa.law.choices import Category


class RandomCheckItem(models.Model):
    """An item of the random-check list (双随机、一公开 抽查事项清单), edited in the admin."""

    name = models.CharField("抽查事项", max_length=200)
    category = models.CharField("类别", max_length=24, choices=Category.choices)
    subject = models.CharField("检查对象", max_length=200)
    basis = models.TextField("检查依据")
    method = models.CharField("检查方式", max_length=100, default="现场检查")
    frequency = models.CharField("抽查比例/频次", max_length=100, blank=True)
    active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "随机抽查事项"
        verbose_name_plural = "随机抽查事项"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name
