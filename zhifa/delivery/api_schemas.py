"""The shapes of /api/v1/delivery/ (OpenAPI), and how a service is presented."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema

from zhifa.delivery.choices import Channel, ServiceMode
from zhifa.delivery.models import Service, ServiceConsent
from zhifa.parties.masking import mask_address


class ServiceOut(Schema):
    id: int
    document_id: int
    document_number: str
    document_title: str
    mode: str
    mode_label: str
    status: str
    status_label: str
    recipient: str
    started_at: datetime
    served_on: date | None = Field(None, description="法定送达日期 (按送达方式的规则)")
    served_at: datetime | None = Field(
        None, description="登记时间；电子送达为文书到达当事人页面的时间"
    )
    failure_reason: str
    proof: dict[str, Any] = Field(..., description="该送达方式的证明事项")
    receipt_number: str | None = Field(None, description="送达回证文号")


class ServableOut(Schema):
    id: int
    kind: str
    title: str
    number: str
    issued_on: date
    render_state: str = Field(..., description="pending 正在生成 / rendered / render_failed")
    served_on: date | None = Field(None, description="已完成送达的法定送达日期")
    service_id: int | None = Field(None, description="完成的送达记录")


class InPersonScanIn(Schema):
    served_on: date = Field(..., description="送达回证上的签收日期")
    recipient: str = ""
    address: str = ""
    note: str = ""


class DueOut(Schema):
    due_on: date = Field(..., description="决定书送达期限 (作出决定后7个工作日，第61条)")
    met_on: date | None
    provisional: bool


class CaseServicesOut(Schema):
    case_id: int
    service_due: DueOut | None
    consent_id: int | None = Field(None, description="生效的送达地址确认书")
    electronic_consent: bool
    services: list[ServiceOut]


class ConsentOut(Schema):
    id: int
    party_id: int
    case_id: int | None
    electronic: bool
    phone: str
    email: str
    address: str
    signed_on: date
    document_number: str | None


class ConsentIn(Schema):
    signed_on: date
    electronic: bool = False
    phone: str = ""
    email: str = ""
    address: str = ""
    recipient: str = ""
    signature_id: int | None = Field(
        None, description="当事人为确认书采集的签名 (用于文书 service_address)"
    )


class InPersonIn(Schema):
    served_on: date = Field(..., description="送达回证上的签收日期")
    recipient: str = ""
    signature_id: int | None = Field(None, description="受送达人签名 (采集于送达回证)")
    address: str = ""
    note: str = ""


class PostalIn(Schema):
    tracking_number: str
    posted_on: date
    address: str
    recipient: str = ""


class ReceiptIn(Schema):
    received_on: date = Field(..., description="回执上注明的收件日期 (民事诉讼法第91条)")
    note: str = ""


class PublicNoticeIn(Schema):
    published_on: date
    place: str = Field(..., description="公告载体/地点")
    whereabouts_unknown: str = Field(
        "", description="受送达人下落不明的情况 (本文书没有未能送达的记录时必填，民事诉讼法第95条)"
    )


class EntrustedIn(Schema):
    entrusted_body: str
    served_on: date
    recipient: str = ""


class ElectronicIn(Schema):
    channel: str | None = Field(
        None,
        description="sms 短信 / email 电子邮件；缺省按确认书 (先短信)",
        json_schema_extra={"enum": list(Channel.values)},
    )


class FailureIn(Schema):
    reason: str


class LodgingIn(Schema):
    served_on: date
    address: str
    refusal_note: str
    witnesses: str = Field("", description="见证人，多人以顿号分隔")
    recipient: str = ""
    note: str = ""


def _proof(s: Service) -> dict[str, Any]:
    fields: dict[str, dict[str, Any]] = {
        ServiceMode.IN_PERSON: {"signature_id": s.signature_id},
        ServiceMode.LODGING: {
            "refusal_note": s.refusal_note,
            "witnesses": s.witnesses,
            "photos": s.photo_count,
            "address": s.address,
        },
        ServiceMode.POSTAL: {
            "tracking_number": s.tracking_number,
            "posted_on": s.posted_on,
            "receipt_on": s.receipt_on,
        },
        ServiceMode.PUBLIC_NOTICE: {
            "published_on": s.published_on,
            "place": s.publication_place,
            "deemed_on": s.deemed_on,
        },
        ServiceMode.ENTRUSTED: {"entrusted_body": s.entrusted_body},
        ServiceMode.ELECTRONIC: {
            "channel": s.channel,
            "link_sent_at": s.link_sent_at,
            "reached_at": s.reached_at,
        },
    }
    return fields[ServiceMode(s.mode)]


def present(s: Service, *, whole: bool = True) -> dict[str, Any]:
    """``whole`` False: for a viewer who sees the party masked (the service page's rule,
    ``views.staff.overview``): the lodging address masked like the page masks it."""
    proof = _proof(s)
    if not whole and "address" in proof:
        proof["address"] = mask_address(proof["address"])
    return {
        "id": s.pk,
        "document_id": s.document_id,
        "document_number": s.document.number,
        "document_title": s.document.get_kind_display(),
        "mode": s.mode,
        "mode_label": s.get_mode_display(),
        "status": s.status,
        "status_label": s.get_status_display(),
        "recipient": s.recipient,
        "started_at": s.started_at,
        "served_on": s.served_on,
        "served_at": s.served_at,
        "failure_reason": s.failure_reason,
        "proof": proof,
        "receipt_number": s.receipt.number if s.receipt else None,
    }


def present_consent(row: ServiceConsent) -> dict[str, Any]:
    return {
        "id": row.pk,
        "party_id": row.party_id,
        "case_id": row.case_id,
        "electronic": row.electronic,
        "phone": row.phone,
        "email": row.email,
        "address": row.address,
        "signed_on": row.signed_on,
        "document_number": row.document.number if row.document else None,
    }
