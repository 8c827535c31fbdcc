"""送达地址确认书: the party's address for service and, if it agrees, its phone and e-mail for
electronic service (行政处罚法 Art 61 ¶2: consent and a signed confirmation)."""

from __future__ import annotations

import re
from datetime import date
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.core.errors import InvalidInput
from zhifa.core.uploads import SCANS, CheckedUpload, check_upload
from zhifa.delivery.actions._common import lock_for_service, write_event
from zhifa.delivery.models import ServiceConsent
from zhifa.documents.actions import issue_document
from zhifa.documents.choices import DocumentKind
from zhifa.documents.models import Signature
from zhifa.org.models import User
from zhifa.parties.masking import mask_phone
from zhifa.parties.models import Party

MOBILE = re.compile(r"^1[3-9]\d{9}$")


def _contacts(phone: str, email: str) -> tuple[str, str]:
    phone = re.sub(r"[\s-]", "", phone or "")
    email = (email or "").strip()
    if phone and not MOBILE.match(phone):
        raise InvalidInput("invalid_phone", "接收短信的号码应为11位手机号码", field="phone")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput("invalid_email", "电子邮箱格式不正确", field="email") from None
    return phone, email


def _store_scan(scan: CheckedUpload) -> tuple[str, str]:
    """The signed paper's scan, stored under its SHA-256; returns (storage name, sha256)."""
    name = f"consents/{scan.sha256}{scan.type.ext}"
    if not default_storage.exists(name):
        name = default_storage.save(name, File(scan.stream, name=name))
    return name, scan.sha256


def record_consent(
    party: Party,
    *,
    actor: User,
    signed_on: date,
    electronic: bool,
    phone: str = "",
    email: str = "",
    address: str = "",
    recipient: str = "",
    case: Case | None = None,
    signature: Signature | None = None,
    scan: CheckedUpload | IO[bytes] | None = None,
) -> ServiceConsent:
    """登记送达地址确认书. With ``case``: the 确认书 is issued as a numbered document of the case
    (``signature``: the party's signature captured for it, kind ``service_address``); without:
    it applies to all the party's cases and the signed paper's ``scan`` is required. A consent
    of the same scope recorded earlier is superseded."""
    phone, email = _contacts(phone, email)
    if electronic and not (phone or email):
        raise InvalidInput(
            "no_channel", "同意电子送达的，应当填写接收文书的手机号码或电子邮箱", field="phone"
        )
    if signed_on > timezone.localdate():
        raise InvalidInput("in_future", "签署日期不能晚于今天", field="signed_on")
    if case is None and scan is None:
        raise InvalidInput(
            "scan_required", "不限于某一案件的确认书，请上传当事人签署的确认书扫描件", field="scan"
        )
    if scan is not None and not isinstance(scan, CheckedUpload):
        # PDF, PNG or JPEG by its content, as the page's field checks it (core.uploads).
        scan = check_upload(scan, field="scan", label="签署件扫描件", kinds=SCANS)
    with transaction.atomic():
        document = None
        if case is not None:
            case = lock_for_service(case.pk, actor)
            if case.party_id != party.pk:
                raise InvalidInput("wrong_party", "当事人不是本案当事人", field="party")
            document = issue_document(
                case,
                DocumentKind.SERVICE_ADDRESS,
                actor=actor,
                on=signed_on,
                signatures=[signature] if signature else [],
                extra={
                    "address": address,
                    "phone": phone,
                    "email": email,
                    "recipient": recipient,
                    "electronic": electronic,
                },
            )
        scan_name, scan_digest = _store_scan(scan) if scan is not None else ("", "")
        now = timezone.now()
        ServiceConsent.objects.filter(party=party, case=case, superseded_at__isnull=True).update(
            superseded_at=now
        )
        consent = ServiceConsent.objects.create(
            party=party,
            case=case,
            electronic=electronic,
            phone=phone,
            email=email,
            address=address.strip(),
            recipient=recipient.strip(),
            signed_on=signed_on,
            document=document,
            signature=signature,
            scan=scan_name,
            scan_sha256=scan_digest,
            recorded_by=actor,
        )
        if case is not None:
            write_event(
                case.pk,
                "service_consent",
                actor=actor,
                payload={
                    "number": document.number if document else None,
                    "signed_on": signed_on,
                    "electronic": electronic,
                    "phone": mask_phone(phone),
                    "email": _mask_email(email),
                    "signed": bool(signature and not signature.refused),
                },
            )
    return consent


def _mask_email(email: str) -> str:
    name, at, domain = email.partition("@")
    if not at:
        return ""
    return f"{name[:1]}***@{domain}"
