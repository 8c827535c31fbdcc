"""Background jobs of the platform: the daily backup (docs/backup.md), the planner statistics,
the expired sessions."""

from __future__ import annotations

from typing import Any

from django.tasks import task
from django.utils import timezone

from zhifa.core import backup
from zhifa.core.actions import notify
from zhifa.core.schedule import every
from zhifa.org.choices import Role
from zhifa.org.models import User


@every(3600)
@task(queue_name="default")
def daily_backup() -> dict[str, Any]:
    """From 02:00, once a day, a backup into ZHIFA_BACKUP_DIR and the retention. A failure is
    told to the administrators (once a day) and fails the job: a backup that silently stopped
    is found only on the day it is needed."""
    try:
        return backup.scheduled_backup()
    except Exception as exc:
        message = exc.message if isinstance(exc, backup.BackupError) else repr(exc)
        day = timezone.localdate()
        for user in User.objects.filter(role=Role.ADMIN, is_active=True):
            notify(
                user,
                kind="backup_failed",
                title=f"{day} 的每日备份失败",
                body=f"{message}。请查看后台任务日志，修复后运行 zhifa backup create。",
                dedup_key=f"backup-failed:{day}",
            )
        raise


@every(24 * 3600)
@task(queue_name="default")
def refresh_planner_statistics() -> dict[str, Any]:
    """Once a day on SQLite: a sampled ``ANALYZE`` and ``PRAGMA optimize``, so the query planner
    keeps choosing the indexes as the tables grow (``core.dbstats``). PostgreSQL's autovacuum
    does this itself. Idempotent: a second run only recomputes the same statistics."""
    from django.db import connection

    from zhifa.core import dbstats

    if connection.vendor != "sqlite":
        return {"database": connection.vendor, "skipped": "autovacuum analyzes"}
    return dbstats.refresh(sampled=True)


@every(24 * 3600)
@task(queue_name="default")
def clear_expired_sessions() -> dict[str, Any]:
    """Once a day, the sessions past their expiry are deleted (GB/T 22239-2019 §8.1.4.10 剩余
    信息保护: a session left by a closed browser keeps its data no longer than its lifetime).
    Idempotent: a second run finds nothing to delete."""
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return {"deleted": deleted}
