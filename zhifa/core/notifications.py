"""The notification inbox: what a user was told (``core.actions.notify``), newest first, with
its unread count in every page's header. Reading goes through these functions only; a user
sees and marks their own notifications, never another's."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from zhifa.core.models import Notification
from zhifa.org.models import User

PER_PAGE = 30

# What each kind of notification is about, as the inbox labels it.
KIND_LABELS: dict[str, str] = {
    "deadline_soon": "期限将到",
    "deadline_missed": "期限已过",
    "filing_request": "待审批立案",
    "preservation_request": "待审批登记保存",
    "legal_review": "待法制审核",
    "record_tampered": "记录校验异常",
    "backup_failed": "备份失败",
    "review_returned": "退回补充调查",
    "party_statement": "当事人陈述申辩",
    "party_hearing_request": "当事人申请听证",
    "service_completed": "送达完成",
    "service_failed": "送达未成功",
    "payment_recorded": "已缴款",
    "time_limit_extended": "办案期限延长",
    "certificate_expiry": "执法证件到期",
    "calendar_missing": "节假日安排",
    "deadline_recomputed": "期限重算",
}


def label(kind: str) -> str:
    return KIND_LABELS.get(kind, "通知")


def mine(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def with_unread_count(users: QuerySet[User]) -> QuerySet[User]:
    """``users``, each with its unread count (``unread_notifications``) in the same query: the
    signed-in user of a page is read so (``security.backends.RoleBackend.get_user``)."""
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return users.annotate(unread_notifications=Coalesce(Subquery(unread), 0))


def unread_count(user: User) -> int:
    """One indexed count (user, read_at) per page: in the query that read the signed-in user at
    the start of the request (``with_unread_count``), else its own."""
    counted = getattr(user, "unread_notifications", None)  # (request.user is a lazy proxy)
    if isinstance(counted, int):
        return counted
    return mine(user).filter(read_at__isnull=True).count()


def inbox(user: User, page: int | str | None = 1, *, unread_only: bool = False) -> Page:
    rows = mine(user).order_by("-created_at", "-id")
    if unread_only:
        rows = rows.filter(read_at__isnull=True)
    return Paginator(
        rows.only("id", "kind", "title", "body", "url", "created_at", "read_at"), PER_PAGE
    ).get_page(page)


def mark_read(user: User, pk: int) -> Notification | None:
    """Mark one of the user's notifications read (None: not theirs or not there)."""
    row = mine(user).filter(pk=pk).first()
    if row is not None and row.read_at is None:
        row.read_at = timezone.now()
        row.save(update_fields=["read_at"])
    return row


def mark_all_read(user: User) -> int:
    return mine(user).filter(read_at__isnull=True).update(read_at=timezone.now())


def safe_target(url: str) -> str:
    """Where opening a notification leads: a path of this site only (no open redirect)."""
    if url.startswith("/") and not url.startswith("//"):
        return url
    return "/notifications/"
