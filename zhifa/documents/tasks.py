"""Background rendering.

``render_documents``: the documents a step reserved are rendered by the worker (the
``documents`` queue of ``zhifa db_worker``), enqueued when the step's transaction commits — a
request never spends its time in WeasyPrint (0.3–1 s a document), so the app servers' request
timeout stays short and a burst of decisions queues instead of holding request threads. With
the immediate backend (the test suite) the task runs at once, in the committing process.

The render retry job: documents numbered but not rendered (a failed render, or a process that
stopped between commit and render) are rendered again every five minutes (``zhifa scheduler``
enqueues it). Idempotent: a layout rendered once is never rendered again."""

from __future__ import annotations

from django.db import transaction
from django.tasks import task

from zhifa.core.schedule import every
from zhifa.documents import renderer


@task(queue_name="documents")
def render_documents(document_ids: list[int]) -> dict[str, str]:
    """Render these documents' missing files; {id: render state}."""
    return {str(k): v for k, v in renderer.render_pending(document_ids).items()}


def render_after_commit(document_ids: list[int]) -> None:
    """Enqueue ``render_documents`` once the current transaction commits. A failed enqueue is
    logged (``robust``): the retry job renders the documents all the same."""
    ids = list(document_ids)
    transaction.on_commit(lambda: render_documents.enqueue(ids), robust=True)


@every(300)
@task(queue_name="default")
def retry_renders() -> dict[str, int]:
    return renderer.retry()
