"""The hourly publication job (``zhifa scheduler`` enqueues it; see ``jobs``)."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from zhifa.core.schedule import every
from zhifa.disclosure import jobs


@every(3600)
@task(queue_name="default")
def run_disclosure() -> dict[str, int]:
    return jobs.run(timezone.localdate())
