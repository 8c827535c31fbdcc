from django.db import models


class DemoLoad(models.Model):
    """Which parts of the demo district were loaded, with which seed (for idempotency)."""

    part = models.CharField("部分", max_length=50, unique=True)
    seed = models.IntegerField("随机种子")
    loaded_at = models.DateTimeField("生成时间", auto_now_add=True)
    summary = models.JSONField("数量", default=dict)

    class Meta:
        verbose_name = "示范数据"
        verbose_name_plural = "示范数据"

    def __str__(self) -> str:
        return f"{self.part} (seed={self.seed})"
