"""Periodic jobs. django.tasks has no scheduler: ``zhifa scheduler`` (a long-running command,
or ``--once`` from cron/systemd timers) enqueues every registered job; workers
(``zhifa db_worker``) run them. Jobs must be idempotent: running twice sends nothing twice."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.tasks import Task


@dataclass(frozen=True)
class Periodic:
    task: Task
    every_seconds: int


_JOBS: list[Periodic] = []


def every(seconds: int) -> Callable[[Task], Task]:
    """Decorator for a django.tasks ``Task``: enqueue it every ``seconds``."""

    def decorator(task: Task) -> Task:
        _JOBS.append(Periodic(task, seconds))
        return task

    return decorator


def jobs() -> list[Periodic]:
    return list(_JOBS)
