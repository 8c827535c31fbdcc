"""/api/v1/delivery/: service of documents (送达) through the same actions as the pages.

Read a case's services (with the service due date); start or record service of a document in
each mode (民事诉讼法 Arts 87–95 via 行政处罚法 Art 61); record a postal receipt, a failure, a
new link, the 送达回证; record a 送达地址确认书. Refusals are ``{"code", "message", "field"}``
with 409 (a rule), 422 (the input), 403 (the actor) or 404 (outside the caller's scope)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status, UploadedFile

from zhifa.cases.access import cases_visible_to
from zhifa.cases.api.common import ERRORS, caller, case_for, uploads
from zhifa.cases.choices import EvidenceKind
from zhifa.cases.record import Upload
from zhifa.core.errors import InvalidInput, NotFound
from zhifa.core.uploads import IMAGES_AND_PDF, PHOTOS_AND_VIDEO
from zhifa.delivery import actions, selectors
from zhifa.delivery.api_schemas import (
    CaseServicesOut,
    ConsentIn,
    ConsentOut,
    ElectronicIn,
    EntrustedIn,
    FailureIn,
    InPersonIn,
    InPersonScanIn,
    LodgingIn,
    PostalIn,
    PublicNoticeIn,
    ReceiptIn,
    ServableOut,
    ServiceOut,
    present,
    present_consent,
)
from zhifa.delivery.choices import ServiceStatus
from zhifa.delivery.models import Service
from zhifa.documents.choices import SERVED_KINDS
from zhifa.documents.models import Document, Signature
from zhifa.parties.access import can_see_personal_data

router = Router(tags=["送达"])


def _document(request: HttpRequest, document_id: int) -> Document:
    doc = (
        Document.objects.filter(pk=document_id, case__in=cases_visible_to(caller(request)))
        .select_related("case")
        .first()
    )
    if doc is None:
        raise NotFound("not_found", f"文书 {document_id} 不存在或不在您的数据范围内")
    return doc


def _service(request: HttpRequest, service_id: int) -> Service:
    row = (
        Service.objects.filter(pk=service_id, case__in=cases_visible_to(caller(request)))
        .select_related("document", "receipt", "case")
        .first()
    )
    if row is None:
        raise NotFound("not_found", f"送达记录 {service_id} 不存在或不在您的数据范围内")
    return row


def _signature(document: Document, signature_id: int | None) -> Signature | None:
    if signature_id is None:
        return None
    row = Signature.objects.filter(pk=signature_id, case=document.case).first()
    if row is None:
        raise InvalidInput(
            "unknown_signature", f"本案没有签名 {signature_id}", field="signature_id"
        )
    return row


def _fresh(service: Service) -> dict[str, Any]:
    row = Service.objects.select_related("document", "receipt").get(pk=service.pk)
    return present(row)


@router.get(
    "/cases/{int:case_id}/services",
    response={200: CaseServicesOut, **ERRORS},
    summary="案件的送达情况 (送达期限、确认书、每次送达)",
)
def case_services(request: HttpRequest, case_id: int) -> dict[str, Any]:
    case = case_for(request, case_id)
    if case.archived_on is None:
        actions.complete_due_public_notices(case_id=case.pk)
    due = selectors.service_due(case)
    consent = selectors.consent_for(case.party, case)
    rows = Service.objects.filter(case=case).select_related("document", "receipt")
    whole = case.party is None or can_see_personal_data(caller(request), case.party)
    return {
        "case_id": case.pk,
        "service_due": (
            {"due_on": due.due_on, "met_on": due.met_on, "provisional": due.provisional}
            if due
            else None
        ),
        "consent_id": consent.pk if consent else None,
        "electronic_consent": bool(consent and consent.electronic),
        "services": [present(s, whole=whole) for s in rows.order_by("started_at", "id")],
    }


@router.get(
    "/cases/{int:case_id}/documents",
    response={200: list[ServableOut], **ERRORS},
    summary="本案须向当事人送达的文书 (在效力中的；含是否已送达)",
)
def servable_documents(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case = case_for(request, case_id)
    docs = list(
        Document.objects.filter(case=case, kind__in=SERVED_KINDS, corrections__isnull=True)
        .prefetch_related("renders")
        .order_by("issued_on", "id")
    )
    served = {
        s.document_id: s
        for s in Service.objects.filter(case=case, status=ServiceStatus.SERVED, document__in=docs)
    }
    return [
        {
            "id": d.pk,
            "kind": d.kind,
            "title": d.get_kind_display(),
            "number": d.number,
            "issued_on": d.issued_on,
            "render_state": d.render_state,
            "served_on": served[d.pk].served_on if d.pk in served else None,
            "service_id": served[d.pk].pk if d.pk in served else None,
        }
        for d in docs
    ]


@router.post(
    "/cases/{int:case_id}/consents",
    response={201: ConsentOut, **ERRORS},
    summary="登记送达地址确认书 (制作编号的确认书文书；电子送达须经同意并签订确认书)",
)
def record_consent(request: HttpRequest, case_id: int, payload: ConsentIn) -> Status[dict]:
    case = case_for(request, case_id)
    if case.party is None:
        raise InvalidInput("no_party", "本案尚未确定当事人", field="case_id")
    signature = None
    if payload.signature_id is not None:
        signature = Signature.objects.filter(pk=payload.signature_id, case=case).first()
        if signature is None:
            raise InvalidInput("unknown_signature", "本案没有该签名", field="signature_id")
    row = actions.record_consent(
        case.party,
        actor=caller(request),
        case=case,
        signed_on=payload.signed_on,
        electronic=payload.electronic,
        phone=payload.phone,
        email=payload.email,
        address=payload.address,
        recipient=payload.recipient,
        signature=signature,
    )
    return Status(201, present_consent(row))


DOC = "/documents/{int:document_id}"
SVC = "/services/{int:service_id}"


@router.post(
    DOC + "/in-person",
    response={201: ServiceOut, **ERRORS},
    summary="直接送达 (签收日期为送达日期，民事诉讼法第87条)",
)
def in_person(request: HttpRequest, document_id: int, payload: InPersonIn) -> Status[dict]:
    doc = _document(request, document_id)
    row = actions.serve_in_person(
        doc,
        actor=caller(request),
        served_on=payload.served_on,
        recipient=payload.recipient,
        signature=_signature(doc, payload.signature_id),
        address=payload.address,
        note=payload.note,
    )
    return Status(201, _fresh(row))


@router.post(
    DOC + "/in-person/scan",
    response={201: ServiceOut, **ERRORS},
    summary="直接送达，以签收的纸质送达回证照片或扫描件为证 (multipart，民事诉讼法第87条)",
)
def in_person_scan(
    request: HttpRequest,
    document_id: int,
    payload: Form[InPersonScanIn],
    receipt_scan: File[UploadedFile],
) -> Status[dict]:
    doc = _document(request, document_id)
    (scan,) = uploads(
        [receipt_scan],
        EvidenceKind.DOCUMENTARY,
        field="receipt_scan",
        label="送达回证照片/扫描件",
        kinds=IMAGES_AND_PDF,
    )
    row = actions.serve_in_person(
        doc,
        actor=caller(request),
        served_on=payload.served_on,
        recipient=payload.recipient,
        receipt_scan=scan,
        address=payload.address,
        note=payload.note,
    )
    return Status(201, _fresh(row))


@router.post(
    DOC + "/lodging",
    response={201: ServiceOut, **ERRORS},
    summary="留置送达 (见证人或拍照录像，民事诉讼法第89条)；照片以 multipart 上传",
)
def lodging(
    request: HttpRequest,
    document_id: int,
    payload: Form[LodgingIn],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[dict]:
    doc = _document(request, document_id)
    files: tuple[Upload, ...] = uploads(
        photos,
        EvidenceKind.AUDIO_VISUAL,
        field="photos",
        label="拍照、录像",
        kinds=PHOTOS_AND_VIDEO,
    )
    row = actions.serve_by_lodging(
        doc,
        actor=caller(request),
        served_on=payload.served_on,
        address=payload.address,
        refusal_note=payload.refusal_note,
        witnesses=payload.witnesses.replace(",", "、").replace("，", "、").split("、"),
        photos=files,
        recipient=payload.recipient,
        note=payload.note,
    )
    return Status(201, _fresh(row))


@router.post(
    DOC + "/postal",
    response={201: ServiceOut, **ERRORS},
    summary="邮寄送达 (送达中；以回执上注明的收件日期为送达日期)",
)
def postal(request: HttpRequest, document_id: int, payload: PostalIn) -> Status[dict]:
    doc = _document(request, document_id)
    row = actions.serve_by_post(doc, actor=caller(request), **payload.dict())
    return Status(201, _fresh(row))


@router.post(
    SVC + "/postal-receipt", response={200: ServiceOut, **ERRORS}, summary="登记邮寄回执 (送达完成)"
)
def postal_receipt(request: HttpRequest, service_id: int, payload: ReceiptIn) -> dict:
    row = actions.record_postal_receipt(
        _service(request, service_id),
        actor=caller(request),
        received_on=payload.received_on,
        note=payload.note,
    )
    return _fresh(row)


@router.post(
    DOC + "/public-notice",
    response={201: ServiceOut, **ERRORS},
    summary="公告送达 (公告之日起经过30日视为送达，民事诉讼法第95条)",
)
def public_notice(request: HttpRequest, document_id: int, payload: PublicNoticeIn) -> Status[dict]:
    doc = _document(request, document_id)
    row = actions.serve_by_public_notice(
        doc,
        actor=caller(request),
        published_on=payload.published_on,
        place=payload.place,
        whereabouts_unknown=payload.whereabouts_unknown,
    )
    return Status(201, _fresh(row))


@router.post(
    DOC + "/entrusted",
    response={201: ServiceOut, **ERRORS},
    summary="委托送达 (受委托机关送达回证上的签收日期为送达日期)",
)
def entrusted(request: HttpRequest, document_id: int, payload: EntrustedIn) -> Status[dict]:
    doc = _document(request, document_id)
    row = actions.serve_by_entrustment(doc, actor=caller(request), **payload.dict())
    return Status(201, _fresh(row))


@router.post(
    DOC + "/electronic",
    response={201: ServiceOut, **ERRORS},
    summary="电子送达：向确认书载明的手机或邮箱发送一次性查收链接 (须经同意并签订确认书)",
)
def electronic(request: HttpRequest, document_id: int, payload: ElectronicIn) -> Status[dict]:
    doc = _document(request, document_id)
    row = actions.start_electronic_service(doc, actor=caller(request), channel=payload.channel)
    return Status(201, _fresh(row))


@router.post(
    SVC + "/resend",
    response={200: ServiceOut, **ERRORS},
    summary="重新发送电子送达链接 (未使用的旧链接作废)",
)
def resend(request: HttpRequest, service_id: int) -> dict:
    service = _service(request, service_id)
    actions.resend_link(service, actor=caller(request))
    return _fresh(service)


@router.post(SVC + "/failure", response={200: ServiceOut, **ERRORS}, summary="登记未能送达")
def failure(request: HttpRequest, service_id: int, payload: FailureIn) -> dict:
    row = actions.record_failure(
        _service(request, service_id), actor=caller(request), reason=payload.reason
    )
    return _fresh(row)


@router.post(
    SVC + "/receipt",
    response={201: ServiceOut, **ERRORS},
    summary="制作送达回证 (按该次送达的记录)",
)
def receipt(request: HttpRequest, service_id: int) -> Status[dict]:
    service = _service(request, service_id)
    actions.issue_receipt(service, actor=caller(request))
    return Status(201, _fresh(service))
