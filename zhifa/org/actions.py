"""Every write to people and certificates goes through these functions (never ``.save()``
from a view): each checks, writes the change and its history row in one transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from zhifa.core.errors import DomainError, InvalidInput
from zhifa.org.choices import CertificateEventKind as K
from zhifa.org.choices import CertificateStatus as S
from zhifa.org.choices import TrainingMode
from zhifa.org.models import Certificate, CertificateEvent, Officer, TrainingRecord, User

# Which certificate events are allowed from which status, and the status they lead to
# (None: unchanged). A failed annual check suspends the certificate.
CERTIFICATE_TRANSITIONS: dict[str, dict[str, str | None]] = {
    K.ANNUAL_CHECK: {S.VALID: None},
    K.RENEWAL: {S.VALID: None},
    K.SUSPENSION: {S.VALID: S.SUSPENDED},
    K.REINSTATEMENT: {S.SUSPENDED: S.VALID},
    K.CANCELLATION: {S.VALID: S.CANCELLED, S.SUSPENDED: S.CANCELLED},
}


def issue_certificate(
    officer: Officer,
    *,
    number: str,
    issuing_authority: str,
    issued_on: date,
    expires_on: date,
    actor: User | None,
) -> Certificate:
    """申领: a new certificate for an officer. Auxiliary staff are never certified."""
    if officer.is_auxiliary:
        raise DomainError(
            "auxiliary_staff", f"{officer.name} 是辅助人员，不能申领行政执法证", field="officer"
        )
    if expires_on <= issued_on:
        raise InvalidInput("invalid_dates", "有效期至必须晚于发证日期", field="expires_on")
    number = number.strip()
    if not number:
        raise InvalidInput("required", "证件编号不能为空", field="number")
    try:
        with transaction.atomic():
            certificate = Certificate.objects.create(
                officer=officer,
                number=number,
                issuing_authority=issuing_authority,
                issued_on=issued_on,
                expires_on=expires_on,
            )
            CertificateEvent.objects.create(
                certificate=certificate,
                kind=K.APPLY,
                effective_on=issued_on,
                new_expires_on=expires_on,
                actor=actor,
            )
    except IntegrityError as exc:
        raise InvalidInput("duplicate", f"证件编号 {number} 已存在", field="number") from exc
    return certificate


def _transition(
    certificate: Certificate,
    kind: str,
    *,
    on: date,
    actor: User | None,
    reason: str = "",
    **fields: object,
) -> Certificate:
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        allowed = CERTIFICATE_TRANSITIONS[kind]
        if locked.status not in allowed:
            raise DomainError(
                "certificate_transition",
                f"执法证 {locked.number} 当前状态为「{locked.get_status_display()}」，"
                f"不能办理{K(kind).label}",
            )
        if on < locked.issued_on:
            raise InvalidInput("invalid_dates", "生效日期不能早于发证日期", field="effective_on")
        event = CertificateEvent(
            certificate=locked, kind=kind, effective_on=on, actor=actor, reason=reason, **fields
        )
        update = ["status"]
        next_status = allowed[locked.status]
        if kind == K.ANNUAL_CHECK:
            if event.passed:
                locked.last_annual_check_on = on
                update.append("last_annual_check_on")
            else:
                next_status = S.SUSPENDED
        if kind == K.RENEWAL:
            assert event.new_expires_on is not None
            locked.expires_on = event.new_expires_on
            update.append("expires_on")
            if event.new_number:
                locked.number = event.new_number
                update.append("number")
        if next_status:
            locked.status = next_status
        try:
            with transaction.atomic():
                locked.save(update_fields=update)
        except IntegrityError as exc:
            raise InvalidInput(
                "duplicate", f"证件编号 {event.new_number} 已存在", field="new_number"
            ) from exc
        event.save()
    return locked


def record_annual_check(
    certificate: Certificate, *, on: date, passed: bool, actor: User | None, note: str = ""
) -> Certificate:
    """年检. A failed check suspends the certificate until it is reinstated."""
    return _transition(certificate, K.ANNUAL_CHECK, on=on, actor=actor, reason=note, passed=passed)


def renew_certificate(
    certificate: Certificate,
    *,
    on: date,
    new_expires_on: date,
    new_number: str = "",
    actor: User | None,
) -> Certificate:
    """换证: a new validity period (and, where the issuer changes it, a new number)."""
    if new_expires_on <= on:
        raise InvalidInput("invalid_dates", "新有效期至必须晚于换证日期", field="new_expires_on")
    return _transition(
        certificate,
        K.RENEWAL,
        on=on,
        actor=actor,
        new_expires_on=new_expires_on,
        new_number=new_number.strip(),
    )


def suspend_certificate(
    certificate: Certificate, *, on: date, reason: str, actor: User | None
) -> Certificate:
    if not reason.strip():
        raise InvalidInput("required", "暂停执法证须写明事由", field="reason")
    return _transition(certificate, K.SUSPENSION, on=on, actor=actor, reason=reason)


def reinstate_certificate(
    certificate: Certificate, *, on: date, reason: str, actor: User | None
) -> Certificate:
    return _transition(certificate, K.REINSTATEMENT, on=on, actor=actor, reason=reason)


def cancel_certificate(
    certificate: Certificate, *, on: date, reason: str, actor: User | None
) -> Certificate:
    """注销, e.g. for an officer transferred out of the unit (report: 对调出本单位的执法人员的执法证
    … 及时注销)."""
    if not reason.strip():
        raise InvalidInput("required", "注销执法证须写明事由", field="reason")
    return _transition(certificate, K.CANCELLATION, on=on, actor=actor, reason=reason)


def record_training(
    officer: Officer,
    *,
    course: str,
    hours: Decimal,
    taken_on: date,
    mode: str,
    provider: str = "",
    actor: User | None,
) -> TrainingRecord:
    if not course.strip():
        raise InvalidInput("required", "课程名称不能为空", field="course")
    if not (Decimal("0") < hours <= Decimal("100")):
        raise InvalidInput("out_of_range", "学时必须大于 0 且不超过 100", field="hours")
    if mode not in TrainingMode.values:
        raise InvalidInput("invalid_choice", f"培训方式「{mode}」无效", field="mode")
    return TrainingRecord.objects.create(
        officer=officer,
        course=course.strip(),
        hours=hours,
        taken_on=taken_on,
        mode=mode,
        provider=provider,
    )
