"""Service by staff, one function per mode (民事诉讼法 Arts 87–95 via 行政处罚法 Art 61), and the
service's ending: failure, the 送达回证."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from zhifa.cases.actions._common import notify_handlers
from zhifa.cases.choices import EvidenceKind
from zhifa.cases.record import Upload
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.delivery import rules
from zhifa.delivery.actions._common import (
    check_date,
    check_document,
    complete,
    describe,
    lock_for_service,
    new_service,
    write_event,
)
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.models import PartyLink, Service
from zhifa.documents.choices import SignerRole
from zhifa.documents.models import Document, Signature
from zhifa.org.models import User

RECIPIENT_ROLES = frozenset({SignerRole.PARTY, SignerRole.RECIPIENT})


def _text(value: str, field: str, label: str, limit: int = 200) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("required", f"请填写{label}", field=field)
    return value[:limit]


def _recipient(document: Document, recipient: str) -> str:
    party = document.case.party
    return (recipient or "").strip()[:100] or (party.name if party else "")


def serve_in_person(
    document: Document,
    *,
    actor: User,
    served_on: date,
    recipient: str = "",
    signature: Signature | None = None,
    receipt_scan: Upload | None = None,
    address: str = "",
    note: str = "",
) -> Service:
    """直接送达: the recipient signs the 送达回证 and its signature date is the service date
    (民事诉讼法 Arts 87–88). Proof: the signature captured on a phone or tablet, or a photo or
    scan of the signed paper receipt. A refusal to sign is lodging (Art 89)."""
    if signature is None and receipt_scan is None:
        raise InvalidInput(
            "proof_required",
            "请采集受送达人签名，或上传已签收的送达回证照片 (民事诉讼法第八十七条)",
            field="signature",
        )
    if signature is not None:
        if signature.refused:
            raise InvalidInput(
                "refused_use_lodging",
                "受送达人拒绝签收的，请按留置送达办理 (民事诉讼法第八十九条)",
                field="signature",
            )
        if signature.case_id != document.case_id or signature.role not in RECIPIENT_ROLES:
            raise InvalidInput(
                "invalid_signature", "签名应为本案受送达人(当事人或代收人)的签名", field="signature"
            )
    check_date(document, served_on, "served_on")
    with transaction.atomic():
        case = lock_for_service(document.case_id, actor)
        check_document(document)
        service = new_service(
            document,
            case,
            ServiceMode.IN_PERSON,
            actor,
            recipient=_recipient(document, recipient),
            address=address.strip()[:300],
            note=note.strip()[:300],
            signature=signature,
        )
        proof = {"signature": signature.image_sha256 if signature else None}
        complete(
            service,
            served_on=served_on,
            actor=actor,
            proof=proof,
            evidence=[receipt_scan] if receipt_scan else [],
        )
    return service


def serve_by_lodging(
    document: Document,
    *,
    actor: User,
    served_on: date,
    address: str,
    refusal_note: str,
    witnesses: Sequence[str] = (),
    photos: Sequence[Upload] = (),
    recipient: str = "",
    note: str = "",
) -> Service:
    """留置送达: the recipient (or an adult of the household) refused; the refusal and the date
    are noted, a witness signs or the lodging is photographed or filmed, and the document is
    left at the residence — served that day (民事诉讼法 Art 89)."""
    address = _text(address, "address", "留置地点(受送达人住所)", 300)
    refusal_note = _text(refusal_note, "refusal_note", "拒收事由")
    names = [w.strip() for w in witnesses if w and w.strip()]
    if not names and not photos:
        raise InvalidInput(
            "proof_required",
            "留置送达应当有见证人签名，或者采用拍照、录像等方式记录送达过程 (民事诉讼法第八十九条)",
            field="witnesses",
        )
    check_date(document, served_on, "served_on")
    with transaction.atomic():
        case = lock_for_service(document.case_id, actor)
        check_document(document)
        service = new_service(
            document,
            case,
            ServiceMode.LODGING,
            actor,
            recipient=_recipient(document, recipient),
            address=address,
            refusal_note=refusal_note,
            witnesses="、".join(names)[:200],
            photo_count=len(photos),
            note=note.strip()[:300],
        )
        complete(
            service,
            served_on=served_on,
            actor=actor,
            proof={
                "address": address,
                "refusal_note": refusal_note,
                "witnesses": names,
                "photos": len(photos),
            },
            evidence=[_as_evidence(p) for p in photos],
        )
    return service


def _as_evidence(upload: Upload) -> Upload:
    kind = upload.kind or EvidenceKind.AUDIO_VISUAL
    return replace(upload, kind=kind, description=upload.description or "留置送达照片/录像")


def serve_by_post(
    document: Document,
    *,
    actor: User,
    tracking_number: str,
    posted_on: date,
    address: str,
    recipient: str = "",
) -> Service:
    """邮寄送达: posted today; served on the date the receipt shows (民事诉讼法 Art 91), recorded
    by ``record_postal_receipt``."""
    tracking_number = _text(tracking_number, "tracking_number", "邮件号", 50)
    address = _text(address, "address", "邮寄地址", 300)
    check_date(document, posted_on, "posted_on")
    with transaction.atomic():
        case = lock_for_service(document.case_id, actor)
        check_document(document)
        _no_pending(document, ServiceMode.POSTAL)
        service = new_service(
            document,
            case,
            ServiceMode.POSTAL,
            actor,
            recipient=_recipient(document, recipient),
            address=address,
            tracking_number=tracking_number,
            posted_on=posted_on,
        )
        _started(service, actor, {"tracking_number": tracking_number, "posted_on": posted_on})
    return service


def record_postal_receipt(
    service: Service, *, actor: User, received_on: date, note: str = ""
) -> Service:
    """The returned receipt (回执) shows the date the recipient received the mail: that date is
    the service date (民事诉讼法 Art 91)."""
    with transaction.atomic():
        lock_for_service(service.case_id, actor)
        service = _pending(service, ServiceMode.POSTAL)
        assert service.posted_on is not None
        if received_on < service.posted_on:
            raise InvalidInput("before_posting", "收件日期不能早于交寄日期", field="received_on")
        if received_on > timezone.localdate():
            raise InvalidInput("in_future", "收件日期不能晚于今天", field="received_on")
        service.receipt_on = received_on
        service.note = note.strip()[:300] or service.note
        service.save(update_fields=["receipt_on", "note"])
        complete(
            service,
            served_on=received_on,
            actor=actor,
            proof={"tracking_number": service.tracking_number, "receipt_on": received_on},
        )
    return service


def serve_by_public_notice(
    document: Document,
    *,
    actor: User,
    published_on: date,
    place: str,
    whereabouts_unknown: str = "",
) -> Service:
    """公告送达, only when the party cannot be found (``whereabouts_unknown``: what was done to
    find it) or another mode failed (a failed service of this document on record): deemed
    served 30 days after publication (民事诉讼法 Art 95). The service completes when that day
    comes (the hourly job, or the next time the case's services are read)."""
    place = _text(place, "place", "公告载体/地点")
    whereabouts_unknown = (whereabouts_unknown or "").strip()[:300]
    check_date(document, published_on, "published_on")
    deemed = rules.deemed_served_on(published_on)
    with transaction.atomic():
        case = lock_for_service(document.case_id, actor)
        check_document(document)
        _no_pending(document, ServiceMode.PUBLIC_NOTICE)
        basis = public_notice_basis(document, whereabouts_unknown)
        service = new_service(
            document,
            case,
            ServiceMode.PUBLIC_NOTICE,
            actor,
            published_on=published_on,
            publication_place=place,
            deemed_on=deemed,
            whereabouts_unknown=whereabouts_unknown,
        )
        _started(
            service,
            actor,
            {"published_on": published_on, "place": place, "deemed_on": deemed, "basis": basis},
        )
    complete_due_public_notices(case_id=document.case_id)
    service.refresh_from_db()
    return service


def public_notice_basis(document: Document, whereabouts_unknown: str) -> str:
    """Why public notice is allowed for ``document``, or the refusal (民事诉讼法 Art 95: only
    when the party's whereabouts are unknown or the other modes could not serve it)."""
    if whereabouts_unknown:
        return f"受送达人下落不明：{whereabouts_unknown}"
    failed = (
        document.services.filter(status=ServiceStatus.FAILED).order_by("-failed_at", "-id").first()
    )
    if failed is None:
        raise InvalidInput(
            "public_notice_not_allowed",
            "公告送达限于受送达人下落不明，或者用其他方式无法送达的情形 (民事诉讼法第九十五条)："
            f"{document.number}没有未能送达的记录，请填写「受送达人下落不明的情况」",
            field="whereabouts_unknown",
        )
    return f"{failed.get_mode_display()}未能送达：{failed.failure_reason}"


def complete_due_public_notices(*, on: date | None = None, case_id: int | None = None) -> int:
    """Complete every public notice whose deemed date has come (idempotent). Returns how many."""
    day = on or timezone.localdate()
    due = Service.objects.filter(
        mode=ServiceMode.PUBLIC_NOTICE, status=ServiceStatus.PENDING, deemed_on__lte=day
    )
    if case_id is not None:
        due = due.filter(case_id=case_id)
    done = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            service = Service.objects.select_for_update().get(pk=pk)
            if not service.is_pending:
                continue
            assert service.deemed_on is not None
            complete(
                service,
                served_on=service.deemed_on,
                actor=None,
                proof={
                    "published_on": service.published_on,
                    "place": service.publication_place,
                    "deemed": True,
                },
            )
            done += 1
    return done


def serve_by_entrustment(
    document: Document,
    *,
    actor: User,
    entrusted_body: str,
    served_on: date,
    recipient: str = "",
    receipt_scan: Upload | None = None,
) -> Service:
    """委托送达: another authority served the document; the date the recipient signed its
    送达回证 is the service date (民事诉讼法 Arts 87, 91)."""
    entrusted_body = _text(entrusted_body, "entrusted_body", "受委托机关")
    check_date(document, served_on, "served_on")
    with transaction.atomic():
        case = lock_for_service(document.case_id, actor)
        check_document(document)
        service = new_service(
            document,
            case,
            ServiceMode.ENTRUSTED,
            actor,
            recipient=_recipient(document, recipient),
            entrusted_body=entrusted_body,
        )
        complete(
            service,
            served_on=served_on,
            actor=actor,
            proof={"entrusted_body": entrusted_body},
            evidence=[receipt_scan] if receipt_scan else [],
        )
    return service


def record_failure(service: Service, *, actor: User, reason: str) -> Service:
    """The attempt failed (mail returned, the link never opened…): another mode is needed."""
    reason = _text(reason, "reason", "未能送达的原因")
    with transaction.atomic():
        lock_for_service(service.case_id, actor)
        service = _pending(service, None)
        service.status = ServiceStatus.FAILED
        service.failed_at = timezone.now()
        service.failure_reason = reason
        service.save(update_fields=["status", "failed_at", "failure_reason"])
        PartyLink.objects.filter(service=service, revoked_at__isnull=True).update(
            revoked_at=service.failed_at
        )
        write_event(
            service.case_id,
            "service_failed",
            actor=actor,
            payload={**describe(service), "reason": reason},
        )
        notify_handlers(
            service.case_id,
            kind="service_failed",
            title=f"《{service.document.get_kind_display()}》{service.document.number}"
            f"{service.get_mode_display()}未成功：{reason[:60]}，请改用其他方式送达",
            url=f"/delivery/case/{service.case_id}/",
            skip=actor,
        )
    return service


def _no_pending(document: Document, mode: str) -> None:
    if document.services.filter(status=ServiceStatus.PENDING, mode=mode).exists():
        raise DomainError("already_pending", f"该文书已有进行中的{ServiceMode(mode).label}")


def _pending(service: Service, mode: str | None) -> Service:
    row = Service.objects.select_for_update().select_related("document").get(pk=service.pk)
    if mode is not None and row.mode != mode:
        raise DomainError("wrong_mode", f"该次送达为{row.get_mode_display()}")
    if not row.is_pending:
        raise DomainError("not_pending", f"该次送达已{row.get_status_display()}")
    return row


def _started(service: Service, actor: User | None, details: dict[str, object]) -> None:
    service.started_event = write_event(
        service.case_id, "service_started", actor=actor, payload={**describe(service), **details}
    )
    service.save(update_fields=["started_event"])
