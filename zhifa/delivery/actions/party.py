"""The party's side of electronic service, through its own page (no staff login). Every call is
logged (``access_log.record_access``: a ``ServiceAccess`` row and a case event).

Order of things: the link is opened → a 6-digit code is sent to the consented phone or e-mail
→ the code is confirmed (the link is then used up; the page runs on the party's session) → the
first display of a document completes its electronic service (行政处罚法 Art 61 ¶2; 民事诉讼法
Art 90: the arrival in the recipient's system is the service date)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from zhifa.cases.actions.notice import record_statement, request_hearing
from zhifa.cases.models import Case, Hearing, Statement
from zhifa.core.errors import DomainError, InvalidInput, NotFound
from zhifa.delivery import config, senders, tokens
from zhifa.delivery.access_log import Visit, record_access
from zhifa.delivery.actions._common import complete
from zhifa.delivery.actions.electronic import _send_link, check_consent
from zhifa.delivery.choices import AccessAction as A
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.config import delivery_config
from zhifa.delivery.models import PartyLink, Service
from zhifa.delivery.selectors import party_documents
from zhifa.documents.models import Document, NotRendered
from zhifa.documents.renderer import render_pending

FRESH, USED, EXPIRED, REVOKED = "fresh", "used", "expired", "revoked"


def find_link(token: str) -> PartyLink | None:
    if not token or len(token) > 100:
        return None
    return (
        PartyLink.objects.select_related("service__document", "case", "party")
        .filter(token_hash=tokens.token_digest(token))
        .first()
    )


def link_state(link: PartyLink, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if link.revoked_at is not None:
        return REVOKED
    if link.confirmed_at is not None:
        return USED
    if now >= link.expires_at:
        return EXPIRED
    return FRESH


def open_link(link: PartyLink, visit: Visit) -> str:
    state = link_state(link)
    action = A.OPEN_LINK if state == FRESH else A.LINK_INVALID
    record_access(link, action, visit, detail={"state": state})
    return state


def _refuse(link: PartyLink, visit: Visit, action: str, code: str, message: str) -> DomainError:
    """Log a refusal (after the transaction that counted it, so the count stays)."""
    record_access(link, action, visit, detail={"reason": code})
    return DomainError(code, message)


def send_code(link: PartyLink, visit: Visit) -> None:
    """A new 6-digit code to the consented phone or e-mail (sent after commit), valid for
    ``ZHIFA_SERVICE_CODE_MINUTES``; at most ``CODES_PER_LINK`` per link, one a minute."""
    cfg = delivery_config()
    problem: tuple[str, str] | None = None
    with transaction.atomic():
        row = PartyLink.objects.select_for_update().get(pk=link.pk)
        now = timezone.now()
        wait = timedelta(seconds=config.CODE_RESEND_SECONDS)
        if link_state(row, now) != FRESH:
            problem = ("link_invalid", "链接已失效")
        elif row.codes_sent >= config.CODES_PER_LINK:
            problem = ("too_many_codes", "验证码发送次数已达上限，请联系承办人重新发送链接")
        elif row.code_sent_at and now < row.code_sent_at + wait:
            problem = ("too_soon", "验证码已发送，请稍候一分钟再重新获取")
        else:
            code = tokens.new_code()
            row.code_hash = tokens.code_digest(row.pk, code)
            row.code_sent_at, row.code_expires_at = now, now + cfg.code_valid_for
            row.code_attempts = 0
            row.codes_sent += 1
            row.save(
                update_fields=[
                    "code_hash",
                    "code_sent_at",
                    "code_expires_at",
                    "code_attempts",
                    "codes_sent",
                ]
            )
            text = (
                f"【{settings.ZHIFA_BUREAU_NAME}】您查收执法文书的验证码为 {code}，"
                f"{cfg.code_minutes}分钟内有效。请勿告知他人。"
            )
            channel, contact = row.channel, row.contact
            subject = f"{settings.ZHIFA_BUREAU_NAME}验证码"
            transaction.on_commit(lambda: senders.deliver(channel, contact, subject, text))
            record_access(row, A.CODE_SENT, visit, detail={"codes_sent": row.codes_sent})
    if problem:
        raise _refuse(link, visit, A.CODE_REFUSED, *problem)


def confirm_with_code(link: PartyLink, code: str, visit: Visit) -> PartyLink:
    """Check the code. A wrong one counts against the code (``ZHIFA_SERVICE_CODE_ATTEMPTS``)
    and the link (``WRONG_CODES_PER_LINK``: then it is revoked). Success uses the link up."""
    cfg = delivery_config()
    code = (code or "").strip()
    problem: tuple[str, str] | None = None
    with transaction.atomic():
        row = PartyLink.objects.select_for_update().get(pk=link.pk)
        now = timezone.now()
        if link_state(row, now) != FRESH:
            problem = ("link_invalid", "链接已失效")
        elif not row.code_hash or row.code_expires_at is None or now >= row.code_expires_at:
            problem = ("code_expired", "验证码已过期或尚未获取，请重新获取验证码")
        elif row.code_attempts >= cfg.code_attempts:
            problem = ("too_many_attempts", "验证码错误次数过多，请重新获取验证码")
        elif not tokens.code_matches(row.pk, code, row.code_hash):
            row.code_attempts += 1
            row.wrong_codes += 1
            if row.wrong_codes >= config.WRONG_CODES_PER_LINK:
                row.revoked_at = now
            row.save(update_fields=["code_attempts", "wrong_codes", "revoked_at"])
            left = cfg.code_attempts - row.code_attempts
            problem = (
                "wrong_code",
                f"验证码不正确，还可以尝试 {left} 次"
                if left and not row.revoked_at
                else "验证码错误次数过多，请重新获取验证码",
            )
        else:
            row.confirmed_at, row.code_hash = now, ""
            row.save(update_fields=["confirmed_at", "code_hash"])
            record_access(row, A.CONFIRMED, visit)
            return row
    assert problem is not None
    action = A.CODE_WRONG if problem[0] == "wrong_code" else A.REFUSED
    raise _refuse(link, visit, action, *problem)


def renew_link(link: PartyLink, visit: Visit) -> PartyLink:
    """The party asks for a new link (its link was used or expired): sent to the same consented
    phone or e-mail only, at most ``RENEWALS_PER_DAY`` a day per service."""
    since = timezone.now() - timedelta(days=1)
    problem: tuple[str, str] | None = None
    with transaction.atomic():
        service = Service.objects.select_for_update().get(pk=link.service_id)
        recent = PartyLink.objects.filter(service=service, created_at__gte=since).count()
        if service.status == ServiceStatus.FAILED or link.revoked_at is not None:
            problem = ("link_revoked", "该链接已作废，请与承办人联系")
        elif recent > config.RENEWALS_PER_DAY:
            problem = ("too_many_links", "今日重新发送次数已达上限，请明天再试或与承办人联系")
        else:
            try:
                check_consent(service.consent, service.channel)
            except DomainError:
                problem = ("no_consent", "送达地址确认书已变更，请与承办人联系")
        if problem is None:
            new = _send_link(service)
            record_access(link, A.LINK_RENEWED, visit, detail={"new_link": new.pk})
            return new
    raise _refuse(link, visit, A.REFUSED, *problem)


def _document(link: PartyLink, document_id: int) -> Document:
    doc = party_documents(link.case_id, link.party_id).filter(pk=document_id).first()
    if doc is None:
        raise NotFound("not_found", "没有该文书")
    return doc


def view_home(link: PartyLink, visit: Visit) -> None:
    record_access(link, A.VIEW_HOME, visit)


def open_document(
    link: PartyLink, document_id: int, visit: Visit, *, action: str = A.VIEW_DOCUMENT
) -> tuple[Document, list[Service]]:
    """The party displays a document. Its pending electronic service completes now: served at
    this moment, on this day (民事诉讼法 Art 90), with the case step of its kind. A document
    whose PDF is not rendered yet cannot be displayed, so it is not served either: it is
    rendered now (outside any lock) or refused with ``NotRendered``, nothing recorded."""
    doc = _document(link, document_id)
    if doc.render_state != "rendered":
        render_pending([doc.pk])
        doc = _document(link, document_id)
        if doc.render_state != "rendered":
            raise NotRendered(f"{doc.number}正在生成，请稍后再打开")
    with transaction.atomic():
        record_access(link, action, visit, document=doc)
        now = timezone.now()
        pending = Service.objects.select_for_update().filter(
            document=doc,
            party_id=link.party_id,
            mode=ServiceMode.ELECTRONIC,
            status=ServiceStatus.PENDING,
        )
        served = []
        for service in pending:
            service.reached_at = now
            served.append(
                complete(
                    service,
                    served_on=timezone.localdate(now),
                    served_at=now,
                    actor=None,
                    proof={
                        "reached_at": now,
                        "link": link.pk,
                        "ip": visit.ip,
                        "user_agent": visit.user_agent,
                    },
                )
            )
    return doc, served


def submit_statement(link: PartyLink, content: str, visit: Visit) -> Statement:
    """陈述、申辩 through the page (行政处罚法 Art 45); one after the period is accepted and
    marked late by the case action."""
    content = (content or "").strip()
    if not content:
        raise InvalidInput("required", "请填写陈述、申辩的内容", field="content")
    if len(content) > 5000:
        raise InvalidInput("too_long", "内容不能超过 5000 字", field="content")
    try:
        with transaction.atomic():
            case = Case.objects.get(pk=link.case_id)
            statement = record_statement(
                case, actor=None, content=content, received_on=timezone.localdate()
            )
            late = statement.notice.late(statement.received_on)
            record_access(link, A.STATEMENT, visit, detail={"late": late})
    except DomainError as exc:
        record_access(link, A.REFUSED, visit, detail={"reason": exc.code, "step": "statement"})
        raise
    return statement


def request_hearing_online(link: PartyLink, visit: Visit) -> Hearing:
    """申请听证 through the page: within 5 working days of the notice (Art 64(1))."""
    try:
        with transaction.atomic():
            case = Case.objects.get(pk=link.case_id)
            hearing = request_hearing(case, actor=None, requested_on=timezone.localdate())
            record_access(link, A.HEARING, visit)
    except DomainError as exc:
        record_access(link, A.REFUSED, visit, detail={"reason": exc.code, "step": "hearing"})
        raise
    return hearing
