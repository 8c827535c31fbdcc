"""送达回证 (民事诉讼法 Art 87) for a completed service, issued through the documents app from
what the service recorded."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.delivery.actions._common import lock_for_service
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.models import Service
from zhifa.documents.actions import issue_document
from zhifa.documents.choices import DocumentKind
from zhifa.documents.models import Document, Signature
from zhifa.org.models import User


def receipt_signatures(service: Service) -> list[Signature]:
    """The recipient's signature captured for the receipt, when it is not placed already."""
    signature = service.signature
    placeable = (
        signature is not None
        and signature.document_id is None
        and signature.kind == DocumentKind.SERVICE_RECEIPT
    )
    return [signature] if placeable and signature else []


def receipt_extra(service: Service) -> dict[str, Any]:
    """What the 送达回证 states of the service."""
    assert service.served_on is not None
    return {
        "document": service.document_id,
        "mode": service.mode,
        "served_on": service.served_on.isoformat(),
        "recipient": service.recipient,
        "place": service.address,
        "note": service.note or _receipt_note(service),
    }


def issue_receipt(service: Service, *, actor: User) -> Document:
    """送达回证 for a completed service that has none (every service completed since the
    receipt is made by the completion itself has one: see ``_common.complete``)."""
    with transaction.atomic():
        lock_for_service(service.case_id, actor)
        service = Service.objects.select_for_update().get(pk=service.pk)
        if service.status != ServiceStatus.SERVED or service.served_on is None:
            raise DomainError("not_served", "尚未送达，不能制作送达回证")
        if service.receipt_id is not None:
            raise DomainError("receipt_exists", "该次送达已制作送达回证")
        receipt = issue_document(
            service.case,
            DocumentKind.SERVICE_RECEIPT,
            actor=actor,
            signatures=receipt_signatures(service),
            extra=receipt_extra(service),
        )
        service.receipt = receipt
        service.save(update_fields=["receipt"])
    return receipt


def _receipt_note(service: Service) -> str:
    if service.mode == ServiceMode.LODGING:
        who = f"见证人：{service.witnesses}；" if service.witnesses else ""
        photos = f"拍照/录像 {service.photo_count} 份；" if service.photo_count else ""
        return (
            f"受送达人拒绝签收 ({service.refusal_note})，{who}{photos}文书留置于 {service.address}"
        )
    if service.mode == ServiceMode.POSTAL:
        return f"邮件号 {service.tracking_number}，回执收件日期 {service.receipt_on}"
    if service.mode == ServiceMode.PUBLIC_NOTICE:
        why = (
            f"受送达人下落不明 ({service.whereabouts_unknown})，"
            if service.whereabouts_unknown
            else ""
        )
        return f"{why}{service.published_on} 在{service.publication_place}公告，经过三十日视为送达"
    if service.mode == ServiceMode.ENTRUSTED:
        return f"委托{service.entrusted_body}代为送达"
    if service.mode == ServiceMode.ELECTRONIC:
        reached = timezone.localtime(service.reached_at) if service.reached_at else None
        when = f"{reached:%Y-%m-%d %H:%M:%S}" if reached else ""
        return f"经当事人同意电子送达，{when} 文书到达当事人页面"
    return ""
