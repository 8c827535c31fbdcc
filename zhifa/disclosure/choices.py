from django.db import models


class PublicationStatus(models.TextChoices):
    """Where a penalty decision stands on the public portal.

    pending → published → withdrawn (行政处罚法 Art 48 ¶2) / expired (display period over,
    rules.md §4.5) / repaired (信用修复 ended the display early); pending → skipped (never shown:
    minor, already revoked, or its display period was over before it could be shown)."""

    PENDING = "pending", "待公示"
    PUBLISHED = "published", "公示中"
    WITHDRAWN = "withdrawn", "已撤回"
    EXPIRED = "expired", "公示期满"
    REPAIRED = "repaired", "信用修复，提前停止公示"
    SKIPPED = "skipped", "不予公示"


# What the public may see: a published decision, or the withdrawal notice of one (Art 48 ¶2
# requires the reason to be published). Expired, repaired, pending and skipped rows are 404.
PUBLIC_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)


class Severity(models.TextChoices):
    """Credit severity of a penalty (《信用修复管理办法》, in force 2026-04-01; rules.md §4.5)."""

    MINOR = "minor", "轻微"
    GENERAL = "general", "一般"
    SERIOUS = "serious", "严重"


class EventKind(models.TextChoices):
    PUBLISHED = "published", "公示"
    WITHDRAWN = "withdrawn", "撤回"
    EXPIRED = "expired", "公示期满停止公示"
    SKIPPED = "skipped", "不予公示"
    REPAIR_REQUESTED = "repair_requested", "申请信用修复"
    REPAIR_REFUSED = "repair_refused", "不予信用修复"
    REPAIRED = "repaired", "信用修复，停止公示"


class RepairStatus(models.TextChoices):
    REQUESTED = "requested", "待审批"
    APPROVED = "approved", "已修复"
    REFUSED = "refused", "不予修复"


class ExportOperation(models.TextChoices):
    """操作类型 of a record sent to the credit platform (the code list is ❌ UNVERIFIED,
    rules.md §10 item 4; these are the words provincial templates commonly use)."""

    ADD = "add", "新增"
    UPDATE = "update", "修改"
    WITHDRAW = "withdraw", "撤销"
