"""The render retry job: documents numbered but not rendered (a failed render, or a process that
stopped between commit and render) are rendered again every five minutes (``zhifa scheduler``
enqueues it). Idempotent: a layout rendered once is never rendered again."""

from __future__ import annotations

from django.tasks import task

from zhifa.core.schedule import every
from zhifa.documents import renderer


@every(300)
@task(queue_name="default")
def retry_renders() -> dict[str, int]:
    return renderer.retry()
