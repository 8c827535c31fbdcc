"""The log's periodic jobs: a checkpoint of its head every ten minutes (the window in which a
cut tail could go unseen, ADR 0011) and the archive of rows past ``ZHIFA_AUDIT_KEEP_DAYS``."""

from __future__ import annotations

from django.tasks import task

from zhifa.core.schedule import every
from zhifa.security import archive
from zhifa.security.actions import write_checkpoint


@every(600)
@task(queue_name="default")
def checkpoint_security_log() -> dict[str, int | None]:
    checkpoint = write_checkpoint()
    return {"seq": checkpoint.seq if checkpoint is not None else None}


@every(6 * 3600)
@task(queue_name="default")
def archive_security_log() -> dict[str, int]:
    done = archive.archive_old_events()
    return {"archives": len(done), "events": sum(a.count for a in done)}
