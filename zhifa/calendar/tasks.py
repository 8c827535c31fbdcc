"""Daily: from 1 November, tell the administrators and leaders once per year that next year's
holiday schedule is missing (the notification's dedup key remembers it was sent)."""

from __future__ import annotations

from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone

from zhifa.calendar.reminders import missing_schedule
from zhifa.core.actions import notify
from zhifa.core.schedule import every


@every(6 * 3600)
@task(queue_name="notifications")
def remind_missing_schedule() -> int:
    from zhifa.org.choices import Role
    from zhifa.org.models import User

    missing = missing_schedule(timezone.localdate())
    if missing is None:
        return 0
    title = f"{missing.year} 年节假日安排尚未录入"
    body = (
        f"国务院办公厅公布 {missing.year} 年部分节假日安排后，请系统管理员粘贴通知全文录入；"
        "此前跨入该年的期限按法定节假日暂定计算。"
    )
    url = reverse("calendar:import")
    sent = 0
    for user in User.objects.filter(Q(role=Role.ADMIN) | Q(role=Role.LEADER), is_active=True):
        notify(
            user,
            kind="calendar_missing",
            title=title,
            body=body,
            url=url
            if user.role == Role.ADMIN
            else reverse("calendar:year_of", args=[missing.year]),
            dedup_key=f"calendar-missing:{missing.year}",
        )
        sent += 1
    return sent
