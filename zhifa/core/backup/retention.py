"""Retention and the daily backup job (``core.tasks.daily_backup``)."""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from zhifa.core.backup.archive import create_backup
from zhifa.core.backup.database import BackupError

NAME = re.compile(r"^zhifa-backup-(\d{8})-(\d{6})\.(tar|tar\.gz)(\.partial)?$")
BACKUP_HOUR = 2  # the daily backup: the first hourly run from 02:00, after the evening anchor


def _stamp(path: Path) -> datetime | None:
    match = NAME.match(path.name)
    return datetime.strptime(match[1] + match[2], "%Y%m%d%H%M%S") if match else None


def prune_backups(
    directory: Path, *, keep_days: int, today: date | None = None, dry_run: bool = False
) -> list[Path]:
    """Delete the backups (``zhifa-backup-YYYYMMDD-HHMMSS.tar[.gz]``, by the date in the name)
    older than ``keep_days`` days, and interrupted ``.partial`` ones of earlier days. The
    newest complete backup is always kept; other files in the folder are never touched."""
    if keep_days < 1:
        raise BackupError(f"保留天数至少为 1 天 (现为 {keep_days})")
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=keep_days)
    found = sorted((stamp, p) for p in Path(directory).iterdir() if (stamp := _stamp(p)))
    complete = [p for _, p in found if not p.name.endswith(".partial")]
    newest = complete[-1] if complete else None
    old = [
        p
        for stamp, p in found
        if p != newest
        and (stamp.date() < cutoff or (p.name.endswith(".partial") and stamp.date() < today))
    ]
    if not dry_run:
        for p in old:
            p.unlink(missing_ok=True)
    return old


def backup_name(now: datetime | None = None) -> str:
    return f"zhifa-backup-{timezone.localtime(now):%Y%m%d-%H%M%S}.tar.gz"


@contextmanager
def _locked(directory: Path) -> Iterator[bool]:
    """One backup at a time in a folder (two workers, or a job that ran past the hour): a lock
    the kernel releases when the process ends, so a crash leaves nothing stale behind."""
    with (directory / ".zhifa-backup.lock").open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def scheduled_backup(now: datetime | None = None) -> dict[str, Any]:
    """The hourly job's step: from BACKUP_HOUR on, one backup a day into ZHIFA_BACKUP_DIR, then
    the retention of ZHIFA_BACKUP_KEEP_DAYS."""
    local = timezone.localtime(now)
    day = local.date().isoformat()
    if local.hour < BACKUP_HOUR:
        return {"written": 0, "day": day, "reason": "not yet"}
    directory = Path(settings.ZHIFA_BACKUP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory) as mine:
        if not mine:
            return {"written": 0, "day": day, "reason": "another backup is running"}
        done = [
            p
            for p in directory.iterdir()
            if (s := _stamp(p)) and s.date() == local.date() and not p.name.endswith(".partial")
        ]
        if done:
            return {"written": 0, "day": day, "reason": "already backed up"}
        created = create_backup(directory / backup_name(now), now=now)
        removed = prune_backups(
            directory, keep_days=settings.ZHIFA_BACKUP_KEEP_DAYS, today=local.date()
        )
    return {
        "written": 1,
        "day": day,
        "path": str(created.path),
        "size": created.size,
        "seconds": round(created.seconds, 1),
        "removed": [p.name for p in removed],
    }
