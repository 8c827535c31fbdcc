"""Every write of the documents app.

The service API for steps (docs/architecture.md, "Documents"):

``reserve(case, kind, *, event, actor, extra=None, on=None)`` — call it **inside** the step's
transaction, after the step's event is written: it draws the gapless 文号, builds the context
from the case as it is now and freezes it (with its SHA-256), and writes the ``Document`` row
pending its render, linked to ``event``. It renders nothing. A refusal (the case lacks what the
document states) raises and rolls the step back, number included.

``render_pending(document_ids)`` — call it right **after commit**
(``tasks.render_after_commit(ids)`` enqueues it for the worker, ``zhifa db_worker``;
``reserve_after_commit`` does both): it renders PDF + DOCX (and the 80 mm roll of an
on-the-spot decision) outside any lock and adds the files and their digests as
``DocumentRender`` rows. A failure leaves the document
``render_failed`` with the error, is retried by ``tasks.retry_renders`` and shown on the case
page with 重新生成 (``rerender``); the number is never given back or changed.

``make_step_documents`` is the ``workflow.DOCUMENT_MAKERS`` entry: every step's declared kinds are
reserved in the step's transaction and rendered after its commit.

``issue_document`` — 制作文书 by hand (page, API, delivery): the same reserve in its own
transaction with an ``issue_document`` event that records the number and the context digest,
then the render right after that transaction. Also here: capturing a signature, template
versions."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from contextlib import suppress
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template import TemplateSyntaxError
from django.utils import timezone

from zhifa.cases.actions._common import today
from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.workflow import STEPS, advance, check_table, lock_case
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.documents import access, availability, render, reservation, tasks, templating
from zhifa.documents.choices import DocumentKind, SignerRole
from zhifa.documents.contexts.decision import DECISION_KINDS, decisions_for
from zhifa.documents.models import Document, DocumentTemplate, Signature
from zhifa.documents.renderer import render_pending, renders_deferred
from zhifa.org.models import User

__all__ = [
    "capture_signature",
    "issue_document",
    "make_step_documents",
    "render_pending",
    "rerender",
    "reserve",
    "reserve_after_commit",
    "save_template",
]

logger = logging.getLogger(__name__)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 512 * 1024


def _kind(kind: str) -> str:
    return reservation.check_kind(kind)


def _store(data: bytes, folder: str, ext: str) -> str:
    name = f"{folder}/{hashlib.sha256(data).hexdigest()}.{ext}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


def reserve(
    case: Case,
    kind: str,
    *,
    event: CaseEvent | None,
    actor: User | None,
    extra: dict[str, Any] | None = None,
    on: date | None = None,
    signatures: Iterable[Signature | int] = (),
) -> Document:
    """Number and freeze a document of ``case`` inside the caller's (the step's) transaction,
    linked to the step's ``event``; render it after commit with ``render_pending``. The caller
    holds the case lock (``workflow.lock_case``); the step's table is the permission."""
    prepared = reservation.prepare(case, kind, day=today(on), extra=extra, signatures=signatures)
    return reservation.create(prepared, case=case, event=event, actor=actor)


def reserve_after_commit(
    case: Case,
    kinds: Iterable[str],
    *,
    event: CaseEvent | None,
    actor: User | None,
    extra: dict[str, Any] | None = None,
    on: date | None = None,
) -> list[Document]:
    """``reserve`` each kind now and ``render_pending`` them once the transaction commits."""
    docs = [reserve(case, k, event=event, actor=actor, extra=extra, on=on) for k in kinds]
    ids = [d.pk for d in docs]
    if ids and not renders_deferred():
        tasks.render_after_commit(ids)  # by the worker (documents queue)
    return docs


# Keys of a step's event payload that name the row its document is about (``common.pick``).
STEP_ROW_KEYS = frozenset({"statement", "preservation", "hearing", "transcript", "decision"})


def make_step_documents(
    case: Case, event: CaseEvent, kinds: tuple[str, ...], actor: User | None, day: date
) -> None:
    """``workflow.DOCUMENT_MAKERS``: the documents a step declares, reserved in its transaction
    (dated on the step's legal ``day``) and rendered after it commits.

    A kind the case cannot support yet is left out, never invented: the step goes on, the case
    page lists the kind with the reason (``availability``), and 制作文书 refuses it with that
    reason until the case holds what it must state — e.g. a 行政处罚决定书 while a statement's
    review (Art 45) is not recorded, or a 先行登记保存通知书 before the head's approval."""
    made = []
    # the rows the step concerns (a statement, a preservation…), named in its event's payload
    extra = {k: v for k, v in (event.payload or {}).items() if k in STEP_ROW_KEYS}
    for kind in kinds:
        try:
            with transaction.atomic():  # a savepoint: a refusal leaves nothing half-written
                made.append(reserve(case, kind, event=event, actor=actor, on=day, extra=extra))
        except DomainError as exc:
            logger.warning("step %s of %s: %s not made: %s", event.kind, case.number, kind, exc)
    ids = [d.pk for d in made]
    if ids and not renders_deferred():
        tasks.render_after_commit(ids)  # by the worker (documents queue)


def _decision_document(case: Case, kind: str, extra: dict[str, Any] | None) -> Document | None:
    """The document the decision step already reserved for its decision (same 文号), if any."""
    if kind not in DECISION_KINDS:
        return None
    wanted = (extra or {}).get("decision")
    rows = decisions_for(case, kind)
    decision = rows.filter(pk=wanted).first() if wanted else rows.order_by("-id").first()
    if decision is None:
        return None
    return Document.objects.filter(case=case, number=decision.number, kind=kind).first()


def issue_document(
    case: Case,
    kind: str,
    *,
    actor: User,
    on: date | None = None,
    signatures: Iterable[Signature | int] = (),
    extra: dict[str, Any] | None = None,
    corrects: Document | None = None,
) -> Document:
    """制作文书: under the case lock, the 文号, the frozen context and an ``issue_document`` event
    (number, verification code, context SHA-256 — chained with the record); then, after that
    transaction, the render. A failed render does not undo the document: it is numbered, shown
    as 生成失败 and retried. A correction is a new, numbered document naming the one it
    corrects."""
    kind = _kind(kind)
    day = today(on)
    made = _decision_document(case, kind, extra) if corrects is None else None
    if made is not None:  # the decide step made it: the decision has one document
        render_pending([made.pk])
        return Document.objects.prefetch_related("renders").get(pk=made.pk)
    # What the document says is built before the lock (a dozen reads); under the lock it is
    # used if the case has not moved since, so the locked transaction is the number and a few
    # inserts (the lock of SQLite's single writer, and the case row's, are held for that only).
    current = Case.objects.get(pk=case.pk)
    drafted = None
    with suppress(DomainError):  # refused again, with its reason, under the lock
        drafted = reservation.draft(current, kind, day=day, extra=extra, corrects=corrects)
    with transaction.atomic():
        case = lock_case(case, "issue_document", actor=actor)
        reason = availability.unavailable_reason(case, kind) if corrects is None else None
        if reason:
            raise DomainError("kind_not_available", f"不能制作{DocumentKind(kind).label}：{reason}")
        prepared = reservation.prepare(
            case, kind, day=day, extra=extra, corrects=corrects, signatures=signatures,
            drafted=drafted,
        )  # fmt: skip
        event = advance(case, "issue_document", actor=actor, payload=prepared.payload())
        document = reservation.create(prepared, case=case, event=event, actor=actor)
    # Outside the transaction above (and its locks): the render. Called within a caller's own
    # transaction (e.g. delivery), it runs there, as before, and never raises.
    render_pending([document.pk])
    return Document.objects.prefetch_related("renders").get(pk=document.pk)


def rerender(document: Document, *, actor: User) -> str:
    """重新生成: render a document's missing files now (staff who may see the case). The number,
    the context and the event stay; a new attempt is added. Returns the render state."""
    if not access.can_rerender(actor, document.case):
        raise NotAllowed("not_allowed", "您不能重新生成本案文书")
    if document.render_state == "rendered":
        raise DomainError("already_rendered", f"{document.number}已生成，无需重新生成")
    return render_pending([document.pk])[document.pk]


def capture_signature(
    case: Case,
    *,
    actor: User,
    kind: str,
    role: str,
    name: str,
    png: bytes | None = None,
    refused: bool = False,
    refusal_note: str = "",
) -> Signature:
    """A handwritten signature drawn on a phone or tablet (PNG, kept with its SHA-256), or the
    signer's refusal with what happened (行政处罚法 Art 52 ¶1; 民事诉讼法 Art 89)."""
    kind = _kind(kind)
    if role not in SignerRole.values:
        raise InvalidInput("invalid_choice", f"签名人身份「{role}」无效", field="role")
    name = (name or "").strip()
    if not name:
        raise InvalidInput("required", "请填写签名人姓名", field="name")
    if refused:
        if not refusal_note.strip():
            raise InvalidInput("required", "拒绝签名的，应当注明情况", field="refusal_note")
        png = None
    elif not png or not png.startswith(PNG_MAGIC):
        raise InvalidInput("invalid_image", "请在签名区域内签名 (须为 PNG 图像)", field="image")
    elif len(png) > MAX_SIGNATURE_BYTES:
        raise InvalidInput("too_large", "签名图像过大", field="image")
    check_table(case, STEPS["issue_document"], actor)
    digest = hashlib.sha256(png).hexdigest() if png else ""
    return Signature.objects.create(
        case=case,
        kind=kind,
        role=role,
        name=name[:50],
        image=_store(png, "signatures", "png") if png else "",
        image_sha256=digest,
        refused=refused,
        refusal_note=refusal_note.strip()[:200],
        signed_at=timezone.now(),
        captured_by=actor,
    )


def check_template(kind: str, html: str) -> None:
    """Refuse a template that does not compile or does not render the sample data."""
    from zhifa.documents.samples import sample_context

    try:
        compiled = templating.compile_html(html)
        compiled.render(render.template_context(sample_context(kind)))
    except TemplateSyntaxError as exc:
        raise InvalidInput("template_error", f"模板无法编译：{exc}", field="html") from exc
    except Exception as exc:
        raise InvalidInput(
            "template_error", f"模板无法用示例数据渲染：{exc}", field="html"
        ) from exc


def save_template(
    kind: str,
    *,
    actor: User | None,
    html: str,
    docx: UploadedFile | None = None,
    note: str = "",
    active: bool = True,
) -> DocumentTemplate:
    """A new version of a kind's layout. The HTML must compile and render the sample data; a
    DOCX must be a docxtpl template that renders too."""
    kind = _kind(kind)
    check_template(kind, html)
    with transaction.atomic():
        last = (
            DocumentTemplate.objects.select_for_update()
            .filter(kind=kind)
            .order_by("-version")
            .first()
        )
        row = DocumentTemplate(
            kind=kind,
            version=(last.version + 1) if last else 1,
            html=html,
            note=note,
            active=active,
            created_by=actor,
        )
        if docx is not None:
            row.docx.save(docx.name or f"{kind}.docx", docx, save=False)
            _check_docx(row, kind)
        row.save()
    return row


def _check_docx(row: DocumentTemplate, kind: str) -> None:
    from zhifa.documents.docx_build import render_docxtpl
    from zhifa.documents.samples import sample_context

    try:
        render_docxtpl(row.docx, render.template_context(sample_context(kind)))
    except Exception as exc:
        raise InvalidInput("docx_error", f"Word 模板无法渲染：{exc}", field="docx") from exc


def set_template_active(row: DocumentTemplate, *, active: bool) -> DocumentTemplate:
    row.active = active
    row.save(update_fields=["active"])
    return row
