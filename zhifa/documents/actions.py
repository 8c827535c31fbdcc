"""Every write of the documents app: issuing a document (frozen, numbered, in the case record),
capturing a signature, saving a new template version."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template import TemplateSyntaxError
from django.utils import timezone

from zhifa.cases.actions._common import today
from zhifa.cases.models import Case, EvidenceFile
from zhifa.cases.record import Upload
from zhifa.cases.workflow import STEPS, advance, check_table, lock_case
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.documents import availability, render, templating, verify
from zhifa.documents.choices import DocumentKind, SignerRole
from zhifa.documents.contexts import build_context
from zhifa.documents.contexts.common import pick
from zhifa.documents.contexts.decision import DECISION_KINDS, decisions_for
from zhifa.documents.formatting import cn_date, zh
from zhifa.documents.models import Document, DocumentTemplate, Signature
from zhifa.documents.numbering import next_document_number
from zhifa.org.models import User

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_SIGNATURE_BYTES = 512 * 1024


def _kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise InvalidInput("invalid_choice", f"文书种类「{kind}」无效", field="kind")
    return kind


def _number(
    case: Case, kind: str, day: date, extra: dict[str, Any], corrects: Document | None
) -> tuple[str, int]:
    """The 文号. A decision document carries its decision's number (drawn when the decision was
    made); a correction, and every other kind, draws the next number of its sequence here,
    inside the issuing transaction (a rollback gives it back)."""
    if kind in DECISION_KINDS and corrects is None:
        decision = pick(decisions_for(case, kind), extra, "decision", "相应的决定")
        if Document.objects.filter(number=decision.number).exists():
            raise DomainError("already_issued", f"{decision.number}已制发；如需更正，请制作更正件")
        return decision.number, decision.decided_on.year
    return next_document_number(kind, day.year), day.year


def _check_correction(case: Case, kind: str, corrects: Document | None) -> None:
    if corrects is None:
        return
    if corrects.case_id != case.pk or corrects.kind != kind:
        raise InvalidInput("wrong_document", "只能更正本案同一种类的文书", field="corrects")
    later = corrects.corrections.first()
    if later is not None:
        raise DomainError(
            "already_corrected", f"{corrects.number}已被{later.number}更正，请更正最新的文书"
        )


def _signatures(case: Case, kind: str, signatures: Iterable[Signature | int]) -> list[Signature]:
    ids = [s.pk if isinstance(s, Signature) else int(s) for s in signatures]
    rows = list(Signature.objects.filter(pk__in=ids, case=case, document__isnull=True, kind=kind))
    if len(rows) != len(set(ids)):
        raise InvalidInput(
            "invalid_signature", "签名不属于本案本文书，或已用于其他文书", field="signatures"
        )
    return sorted(rows, key=lambda s: (s.signed_at, s.pk))


def _signature_block(rows: list[Signature]) -> tuple[list[dict[str, Any]], dict[str, bytes]]:
    block, images = [], {}
    for s in rows:
        block.append(
            {
                "role": s.role,
                "role_label": s.get_role_display(),
                "name": s.name,
                "refused": s.refused,
                "refusal_note": s.refusal_note,
                "signed_on": cn_date(s.signed_at),
                "sha256": s.image_sha256,
            }
        )
        if s.image:
            with default_storage.open(str(s.image.name), "rb") as fh:
                images[s.image_sha256] = fh.read()
    return block, images


def _store(data: bytes, folder: str, ext: str) -> str:
    name = f"{folder}/{hashlib.sha256(data).hexdigest()}.{ext}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(data))
    return name


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
    """制作文书: take the 文号, build the context from the case, render the PDF (and DOCX), and
    record the PDF with its SM3/SHA-256 as evidence of an ``issue_document`` event — all in one
    transaction under the case lock. The document is frozen from then on; a correction is a new,
    numbered document naming the one it corrects."""
    kind = _kind(kind)
    day = today(on)
    extra = dict(extra or {})
    with transaction.atomic():
        case = lock_case(case, "issue_document", actor=actor)
        reason = availability.unavailable_reason(case, kind) if corrects is None else None
        if reason:
            raise DomainError("kind_not_available", f"不能制作{DocumentKind(kind).label}：{reason}")
        _check_correction(case, kind, corrects)
        number, year = _number(case, kind, day, extra, corrects)
        sigs = _signatures(case, kind, signatures)
        context = build_context(case, kind, on=day, extra=extra)
        code = verify.new_code()
        source = templating.resolve(kind)
        context["extra"] = extra  # kept so that a correction can repeat the same choices
        context["signatures"], images = _signature_block(sigs)
        context["document"] = {
            "number": number,
            "title": zh(DocumentKind(kind).label),
            "issued_on": cn_date(day),
            "issued_on_iso": day.isoformat(),
            "verify_code": code,
            "verify_code_display": verify.display(code),
            "verify_url": verify.verify_url(code),
            "corrects": {
                "number": corrects.number,
                "title": zh(corrects.get_kind_display()),
                "issued_on": cn_date(corrects.issued_on),
            }
            if corrects
            else None,
            "template": source.label,
        }
        html = render.render_html(kind, context, source=source, images=images)
        pdf = render.html_to_pdf(html)
        docx = render.render_docx(kind, context, source=source, images=images, html=html)
        pages = render.page_count(pdf)
        docx_sha256 = hashlib.sha256(docx).hexdigest()
        upload = Upload(
            io.BytesIO(pdf),
            f"{number}.pdf",
            "documentary",
            description=f"{DocumentKind(kind).label} {number}",
            content_type="application/pdf",
        )
        event = advance(
            case,
            "issue_document",
            actor=actor,
            evidence=[upload],
            payload={
                "document_kind": kind,
                "title": DocumentKind(kind).label,
                "number": number,
                "issued_on": day,
                "verify_code": code,
                "pages": pages,
                "docx_sha256": docx_sha256,
                "template": source.label,
                "template_digest": source.digest,
                "corrects": corrects.number if corrects else None,
                "signatures": [s["sha256"] or f"拒签:{s['name']}" for s in context["signatures"]],
            },
        )
        stored = EvidenceFile.objects.get(event=event)
        document = Document.objects.create(
            case=case,
            kind=kind,
            number=number,
            year=year,
            issued_on=day,
            issued_by=actor,
            template=source.row,
            template_digest=source.digest,
            context=context,
            pdf=stored.file.name,
            pdf_sm3=stored.sm3,
            pdf_sha256=stored.sha256,
            pdf_size=stored.size,
            pages=pages,
            docx=_store(docx, f"documents/{day.year}", "docx"),
            docx_sha256=docx_sha256,
            verify_code=code,
            corrects=corrects,
            event=event,
        )
        for sig in sigs:
            sig.document = document
            sig.save(update_fields=["document"])
    return document


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
