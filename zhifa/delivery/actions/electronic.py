"""电子送达 (行政处罚法 Art 61 ¶2; 民事诉讼法 Art 90): only with the party's consent and signed
confirmation covering the channel. The party gets a one-time link to its page by SMS or
e-mail; the service time is the moment the document is first displayed there after the party
confirmed a code sent to the same phone or e-mail (``party.open_document``)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from zhifa.core.errors import DomainError, InvalidInput
from zhifa.delivery import senders, tokens
from zhifa.delivery.actions._common import (
    check_document,
    describe,
    lock_for_service,
    new_service,
    write_event,
)
from zhifa.delivery.actions.modes import _no_pending, _pending, _started
from zhifa.delivery.choices import Channel, ServiceMode
from zhifa.delivery.config import delivery_config
from zhifa.delivery.models import PartyLink, Service, ServiceConsent
from zhifa.delivery.selectors import consent_for
from zhifa.documents.models import Document
from zhifa.org.models import User
from zhifa.parties.masking import mask_phone

ART_61 = "行政处罚法第六十一条第二款"


def check_consent(
    consent: ServiceConsent | None, channel: str | None
) -> tuple[ServiceConsent, str]:
    """The consent and channel electronic service may use, or the refusal (Art 61 ¶2)."""
    if consent is None or not consent.electronic:
        raise DomainError(
            "no_consent",
            f"当事人未签订同意电子送达的送达地址确认书，不能电子送达 ({ART_61})",
        )
    if not is_signed(consent):
        raise DomainError(
            "consent_not_signed",
            f"{signed_on_text(consent)}的送达地址确认书没有当事人签名，也没有签署件扫描件，"
            f"不能据此电子送达 ({ART_61})：请采集当事人签名或上传签署件",
            field="consent",
        )
    if channel is None:
        channel = Channel.SMS if consent.phone else Channel.EMAIL
    if channel not in Channel.values:
        raise InvalidInput("invalid_choice", f"发送渠道「{channel}」无效", field="channel")
    if not consent.covers(channel):
        raise DomainError(
            "channel_not_consented",
            f"送达地址确认书未载明当事人同意以{Channel(channel).label}接收文书 ({ART_61})",
        )
    return consent, channel


def is_signed(consent: ServiceConsent) -> bool:
    """The 确认书 was signed by the party: its signature (not a refusal) placed on the issued
    document, or the scan of the signed paper (行政处罚法 Art 61 ¶2: 签订确认书)."""
    if consent.scan:
        return True
    signature = consent.signature
    return signature is not None and not signature.refused and bool(signature.image_sha256)


def signed_on_text(consent: ServiceConsent) -> str:
    number = consent.document.number if consent.document else ""
    return f"{consent.signed_on} 登记{(' ' + number) if number else ''}"


def mask_contact(channel: str, contact: str) -> str:
    if channel == Channel.SMS:
        return mask_phone(contact)
    name, _, domain = contact.partition("@")
    return f"{name[:1]}***@{domain}"


def start_electronic_service(
    document: Document, *, actor: User, channel: str | None = None
) -> Service:
    """Start electronic service of ``document``: checked against the consent in force, then a
    one-time link is sent (after commit) to the consented phone or e-mail."""
    with transaction.atomic():
        case = lock_for_service(document.case_id, actor)
        check_document(document)
        _no_pending(document, ServiceMode.ELECTRONIC)
        consent, channel = check_consent(consent_for(case.party, case), channel)
        service = new_service(
            document,
            case,
            ServiceMode.ELECTRONIC,
            actor,
            consent=consent,
            channel=channel,
            contact=consent.contact(channel),
        )
        link = _send_link(service)
        _started(
            service,
            actor,
            {
                "channel": channel,
                "contact": mask_contact(channel, service.contact),
                "consent": consent.document.number if consent.document else consent.signed_on,
                "link_expires_at": link.expires_at,
            },
        )
    return service


def resend_link(service: Service, *, actor: User) -> PartyLink:
    """A new link for a pending electronic service (links not yet used stop working)."""
    with transaction.atomic():
        lock_for_service(service.case_id, actor)
        service = _pending(service, ServiceMode.ELECTRONIC)
        assert service.consent is not None
        check_consent(service.consent, service.channel)
        link = _send_link(service)
        write_event(
            service.case_id,
            "service_link_resent",
            actor=actor,
            payload={**describe(service), "link_expires_at": link.expires_at},
        )
    return link


def _send_link(service: Service) -> PartyLink:
    """Create a link (the earlier unused ones are revoked) and send it after commit."""
    now = timezone.now()
    PartyLink.objects.filter(
        service=service, confirmed_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    token = tokens.new_token()
    link = PartyLink.objects.create(
        service=service,
        case_id=service.case_id,
        party_id=service.party_id,
        channel=service.channel,
        contact=service.contact,
        token_hash=tokens.token_digest(token),
        created_at=now,
        expires_at=now + delivery_config().link_valid_for,
    )
    service.link_sent_at = now
    service.save(update_fields=["link_sent_at"])
    text = link_message(service.document, token, link.expires_at)
    subject = f"{settings.ZHIFA_BUREAU_NAME}执法文书送达通知"
    channel, contact = link.channel, link.contact
    transaction.on_commit(lambda: senders.deliver(channel, contact, subject, text))
    return link


def link_url(token: str) -> str:
    base = settings.ZHIFA_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("party:link", kwargs={"token": token})


def link_message(document: Document, token: str, expires_at: datetime) -> str:
    until = timezone.localtime(expires_at)
    return (
        f"【{settings.ZHIFA_BUREAU_NAME}】当事人您好：本机关依法向您电子送达"
        f"《{document.get_kind_display()}》({document.number})。请于{until:%Y年%m月%d日}前打开"
        f" {link_url(token)} 查收，验证码将发送至本号码或邮箱。链接仅可使用一次，"
        "文书在页面上显示即视为送达。"
    )
