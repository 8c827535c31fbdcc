"""Rendering reserved documents, after the transaction that numbered them has committed.

``render_pending(ids)`` renders each missing layout of each document (A4 PDF + DOCX; the 80 mm
roll PDF of an on-the-spot decision) from its frozen context — outside any lock: only the short
write of the result takes one — and records the attempt as a ``DocumentRender`` row: the files
with their SM3/SHA-256, or the error. A failure never loses the number: the document stays
``render_failed``, the case page shows it with 重新生成, and ``tasks.retry_renders`` tries again
every few minutes. Two attempts racing (the after-commit render and the job) are harmless: the
database keeps one success per document and layout."""

from __future__ import annotations

import hashlib
import io
import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from zhifa.cases.models import Case, EvidenceFile
from zhifa.cases.record import CHAIN_FIELDS, Upload, append_event
from zhifa.documents import render, seal, templating
from zhifa.documents.choices import ROLL_KINDS, Layout, RenderStatus
from zhifa.documents.contexts import enforcement as file_pages
from zhifa.documents.contexts.enforcement import FILE_KINDS
from zhifa.documents.models import Document, DocumentRender

logger = logging.getLogger(__name__)
MAX_ERROR = 2000
_deferred: ContextVar[bool] = ContextVar("documents_render_deferred", default=False)


@contextmanager
def deferred_renders() -> Iterator[None]:
    """Within this block steps reserve their documents but do not render them after commit —
    for bulk loads (``zhifa demo``): ``retry`` (the job, or ``zhifa render_documents``)
    renders them later. Numbers and contents are fixed all the same."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def renders_deferred() -> bool:
    return _deferred.get()


@dataclass(frozen=True)
class Files:
    pdf: bytes
    pages: int
    docx: bytes | None
    template_digest: str


def _images(context: dict[str, Any]) -> dict[str, bytes]:
    """Signature images and the seal, read from storage by the names the context froze."""
    images: dict[str, bytes] = {}
    for sig in context.get("signatures", []):
        name = sig.get("image_name")
        if name:
            with default_storage.open(name, "rb") as fh:
                images[sig["sha256"]] = fh.read()
    images.update(seal.load(context.get("seal")))
    return images


def source_for(doc: Document) -> templating.TemplateSource:
    """The layout the document was reserved with: its template row (rows never change), else
    the file default of its kind."""
    if doc.template_id is not None and doc.template is not None:
        return templating.from_row(doc.template)
    return templating.file_default(doc.kind)


# One render at a time per process. Rendering is CPU-bound Python (WeasyPrint) holding the GIL:
# several at once give no more throughput, but they starve the threads that hold a database
# lock for a short write — each SQL call gives the GIL up and must queue for it again behind
# every rendering thread (with 6 renders a 20-query transaction held SQLite's write lock for
# seconds). Serialised, a write competes with one render at most.
_RENDER_SLOT = threading.Lock()


def render_files(doc: Document, layout: str = Layout.A4) -> Files:
    """The files of one layout, from the frozen context only (no case data is read; a 卷内目录
    or 备考表 also reads the page counts of the renders it lists)."""
    with _RENDER_SLOT:
        return _render_files(doc, layout)


def _render_files(doc: Document, layout: str) -> Files:
    context = dict(doc.context)
    if doc.kind in FILE_KINDS:  # 卷内目录, 备考表: page numbers from the listed renders
        context = file_pages.complete(context)
    images = _images(context)
    if layout == Layout.ROLL80:
        source = templating.layout_default(doc.kind, layout)
        html = render.render_html(doc.kind, context, source=source, images=images)
        pdf = render.fit_roll(html)
        return Files(pdf, render.page_count(pdf), None, source.digest)
    source = source_for(doc)
    html = render.render_html(doc.kind, context, source=source, images=images)
    pdf = render.html_to_pdf(html)
    docx = render.render_docx(doc.kind, context, source=source, images=images, html=html)
    return Files(pdf, render.page_count(pdf), docx, source.digest)


def _store(data: bytes, folder: str, ext: str) -> str:
    name = f"{folder}/{hashlib.sha256(data).hexdigest()}.{ext}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


def _record(doc: Document, layout: str, files: Files) -> DocumentRender | None:
    """The rendered files join the case record: the PDF is the evidence of a
    ``document_rendered`` event (hash-chained, as every file of the record), the DOCX is kept
    beside it with its digest. A short transaction under the case lock — the render itself ran
    before, outside it. None if a concurrent attempt recorded this layout first."""
    suffix = "" if layout == Layout.A4 else f"-{layout}"
    docx_name = _store(files.docx, f"documents/{doc.issued_on.year}", "docx") if files.docx else ""
    docx_sha = hashlib.sha256(files.docx).hexdigest() if files.docx else ""
    upload = Upload(
        io.BytesIO(files.pdf),
        f"{doc.number}{suffix}.pdf",
        "documentary",
        description=f"{doc.get_kind_display()} {doc.number}"
        + ("" if layout == Layout.A4 else f"（{Layout(layout).label}）"),
        content_type="application/pdf",
    )
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=doc.case_id)
            done = DocumentRender.objects.filter(
                document=doc, layout=layout, status=RenderStatus.RENDERED
            )
            if done.exists():
                return None
            event = append_event(
                case,
                "document_rendered",
                actor=None,
                evidence=[upload],
                payload={
                    "number": doc.number,
                    "document_kind": doc.kind,
                    "layout": layout,
                    "pages": files.pages,
                    "context_sha256": doc.context_sha256,
                    "docx_sha256": docx_sha,
                    "template_digest": files.template_digest,
                },
            )
            case.save(update_fields=CHAIN_FIELDS)
            stored = EvidenceFile.objects.get(event=event)
            return DocumentRender.objects.create(
                document=doc,
                layout=layout,
                status=RenderStatus.RENDERED,
                event=event,
                pdf=stored.file.name,
                pdf_sm3=stored.sm3,
                pdf_sha256=stored.sha256,
                pdf_size=stored.size,
                pages=files.pages,
                docx=docx_name,
                docx_sha256=docx_sha,
                template_digest=files.template_digest,
            )
    except IntegrityError:  # a concurrent attempt rendered this layout first: keep that one
        return None


def _record_failure(doc: Document, layout: str, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"[:MAX_ERROR]
    with transaction.atomic():
        DocumentRender.objects.create(
            document=doc, layout=layout, status=RenderStatus.FAILED, error=message
        )


def render_document(doc: Document) -> str:
    """Render the layouts ``doc`` still lacks; returns its render state afterwards."""
    if doc.kind in FILE_KINDS:  # the documents it counts first, so their pages are known
        listed = [i for i in file_pages.listed_documents(doc.context) if i != doc.pk]
        if listed:
            render_pending(listed)
    for layout in doc.layouts:
        if doc.rendered(layout) is not None:
            continue
        try:
            files = render_files(doc, layout)
        except Exception as exc:  # any failure: recorded, shown, retried — never raised
            logger.exception("render of %s (%s) failed", doc.number, layout)
            _record_failure(doc, layout, exc)
            continue
        _record(doc, layout, files)
    doc.forget_renders()
    return doc.render_state


def render_pending(document_ids: Iterable[int]) -> dict[int, str]:
    """Render the given documents' missing files (call it after the reserving transaction has
    committed, e.g. from ``transaction.on_commit``); returns {id: render state}."""
    ids = list(dict.fromkeys(document_ids))
    docs = Document.objects.filter(pk__in=ids).select_related("template").order_by("id")
    return {doc.pk: render_document(doc) for doc in docs.prefetch_related("renders")}


def missing_renders(*, older_than: timedelta = timedelta(0)) -> models.QuerySet[Document]:
    """Documents with a layout not rendered yet (pending or failed), reserved at least
    ``older_than`` ago (the after-commit render of a fresh one is probably still running)."""
    done = DocumentRender.objects.filter(
        document=models.OuterRef("pk"), status=RenderStatus.RENDERED
    )
    a4 = models.Exists(done.filter(layout=Layout.A4))
    roll = models.Exists(done.filter(layout=Layout.ROLL80))
    return (
        Document.objects.filter(issued_at__lte=timezone.now() - older_than)
        .filter(~a4 | (models.Q(kind__in=list(ROLL_KINDS)) & ~roll))
        .order_by("issued_at", "id")
    )


def retry(*, limit: int = 50, older_than: timedelta = timedelta(minutes=2)) -> dict[str, int]:
    """The retry job's body: render up to ``limit`` documents still missing files."""
    ids = list(missing_renders(older_than=older_than).values_list("id", flat=True)[:limit])
    states = render_pending(ids)
    rendered = sum(1 for s in states.values() if s == "rendered")
    return {"rendered": rendered, "failed": len(states) - rendered}
