"""Every write to units, officers, certificates and training goes through these functions (never
``.save()`` from a view or the admin): each checks, writes the change and its history row in one
transaction. Accounts and roles: ``zhifa.org.accounts``. In Django admin the change is also one
row of the security audit log (``ADMIN_CHANGE``, with the old and new values), written in the
same transaction (``core.admin.ActionAdmin``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from zhifa.core.deletion import delete_unless_referenced
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.org.access import can_manage_people
from zhifa.org.choices import CertificateEventKind as K
from zhifa.org.choices import CertificateStatus as S
from zhifa.org.choices import OrgUnitKind, TrainingMode
from zhifa.org.models import Certificate, CertificateEvent, Officer, OrgUnit, TrainingRecord, User
from zhifa.security.access import is_system_admin

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
    enforcement_field: str = "",
    actor: User | None,
) -> Certificate:
    """申领: a new certificate for an officer, with its 申领 event (who entered it). Auxiliary
    staff are never certified."""
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
                **({"enforcement_field": enforcement_field} if enforcement_field else {}),
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
    _check_training(course, hours, mode)
    return TrainingRecord.objects.create(
        officer=officer,
        course=course.strip(),
        hours=hours,
        taken_on=taken_on,
        mode=mode,
        provider=provider,
    )


def _check_training(course: str, hours: Decimal, mode: str) -> None:
    if not course.strip():
        raise InvalidInput("required", "课程名称不能为空", field="course")
    if not (Decimal("0") < hours <= Decimal("100")):
        raise InvalidInput("out_of_range", "学时必须大于 0 且不超过 100", field="hours")
    if mode not in TrainingMode.values:
        raise InvalidInput("invalid_choice", f"培训方式「{mode}」无效", field="mode")


def correct_training(
    record: TrainingRecord,
    *,
    course: str,
    hours: Decimal,
    taken_on: date,
    mode: str,
    provider: str = "",
    actor: User | None,
) -> TrainingRecord:
    """A training record entered wrong, corrected (the admin: its ADMIN_CHANGE row keeps the
    old and new values)."""
    _require_people_manager(actor)
    _check_training(course, hours, mode)
    with transaction.atomic():
        locked = TrainingRecord.objects.select_for_update().get(pk=record.pk)
        locked.course, locked.hours, locked.taken_on = course.strip(), hours, taken_on
        locked.mode, locked.provider = mode, provider
        locked.save(update_fields=["course", "hours", "taken_on", "mode", "provider"])
    return locked


def delete_training(record: TrainingRecord, *, actor: User | None) -> None:
    _require_people_manager(actor)
    delete_unless_referenced(record, what="培训记录")


# --- Units and officers: the system administrator's (三员分立, ADR 0013) ---------------------

UNIT_FIELDS = ("kind", "name", "code", "parent", "sort_order")
OFFICER_FIELDS = (
    "name",
    "gender",
    "employee_number",
    "unit",
    "user",
    "is_auxiliary",
    "has_legal_qualification",
    "phone",
    "joined_on",
    "left_on",
)


def _require_administrator(actor: User | None) -> None:
    """The system administrator; None is the operator's console (a command)."""
    if actor is None or actor.is_superuser or is_system_admin(actor):
        return
    raise NotAllowed("not_system_admin", "只有系统管理员可以维护组织单位和执法人员")


def _require_people_manager(actor: User | None) -> None:
    """Training is recorded by leaders and the system administrator."""
    if actor is None or can_manage_people(actor):
        return
    raise NotAllowed("not_people_manager", "只有负责人和系统管理员可以维护培训记录")


def _required(values: dict[str, Any], name: str, label: str) -> str:
    text = str(values.get(name) or "").strip()
    if not text:
        raise InvalidInput("required", f"「{label}」不能为空", field=name)
    return text


def _check_unit(values: dict[str, Any], unit: OrgUnit | None) -> None:
    values["name"] = _required(values, "name", "名称")
    values["code"] = _required(values, "code", "编码")
    if values.get("kind") not in OrgUnitKind.values:
        raise InvalidInput("invalid_choice", "「类型」无效", field="kind")
    parent: OrgUnit | None = values.get("parent")
    if parent is None and values["kind"] != OrgUnitKind.BUREAU:
        raise InvalidInput(
            "parent_required", "除城管委/城管局外，组织单位必须有上级单位", field="parent"
        )
    if unit is not None and parent is not None and unit.pk in _ancestors(parent):
        raise InvalidInput("parent_cycle", "「上级」不能是本单位或其下级单位", field="parent")
    taken = OrgUnit.objects.filter(code=values["code"])
    if unit is not None:
        taken = taken.exclude(pk=unit.pk)
    if taken.exists():
        raise InvalidInput("duplicate", f"编码 {values['code']} 已被其他单位使用", field="code")


def _ancestors(unit: OrgUnit) -> list[int]:
    """``unit`` and every unit above it (ids)."""
    chain = [unit.pk]
    parent_id = unit.parent_id
    while parent_id is not None and parent_id not in chain:
        chain.append(parent_id)
        parent_id = OrgUnit.objects.filter(pk=parent_id).values_list("parent_id", flat=True).get()
    return chain


def _restreet_below(unit: OrgUnit) -> None:
    """A unit moved (or made a street or not): the units below it take their street again."""
    for child in OrgUnit.objects.filter(parent=unit).order_by("pk"):
        child.save(update_fields=["street"])
        _restreet_below(child)


def create_unit(
    *,
    kind: str,
    name: str,
    code: str,
    parent: OrgUnit | None = None,
    sort_order: int = 0,
    actor: User | None,
) -> OrgUnit:
    _require_administrator(actor)
    values: dict[str, Any] = {
        "kind": kind,
        "name": name,
        "code": code,
        "parent": parent,
        "sort_order": sort_order,
    }
    _check_unit(values, None)
    return OrgUnit.objects.create(**values)


def update_unit(unit: OrgUnit, *, actor: User | None, **values: Any) -> OrgUnit:
    """Change any of ``UNIT_FIELDS``; a move re-derives the street of every unit below."""
    _require_administrator(actor)
    unknown = set(values) - set(UNIT_FIELDS)
    if unknown:
        raise InvalidInput("unknown_field", f"不能修改：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        locked = OrgUnit.objects.select_for_update().get(pk=unit.pk)
        merged = {name: getattr(locked, name) for name in UNIT_FIELDS} | values
        _check_unit(merged, locked)
        for name, value in merged.items():
            setattr(locked, name, value)
        locked.save()
        _restreet_below(locked)
    return locked


def delete_unit(unit: OrgUnit, *, actor: User | None) -> None:
    """Only a unit nothing refers to (no sub-unit, account, officer, case, party …)."""
    _require_administrator(actor)
    delete_unless_referenced(unit, what="组织单位")


def _check_officer(values: dict[str, Any], officer: Officer | None) -> None:
    values["name"] = _required(values, "name", "姓名")
    values["employee_number"] = _required(values, "employee_number", "工号")
    if values.get("unit") is None:
        raise InvalidInput("required", "「所在单位」不能为空", field="unit")
    joined, left = values.get("joined_on"), values.get("left_on")
    if joined and left and left < joined:
        raise InvalidInput("invalid_dates", "「调出/离职日期」不能早于入职日期", field="left_on")
    taken = Officer.objects.filter(employee_number=values["employee_number"])
    if officer is not None:
        taken = taken.exclude(pk=officer.pk)
    if taken.exists():
        raise InvalidInput(
            "duplicate",
            f"工号 {values['employee_number']} 已被其他人员使用",
            field="employee_number",
        )
    user = values.get("user")
    linked = Officer.objects.filter(user=user) if user is not None else Officer.objects.none()
    if officer is not None:
        linked = linked.exclude(pk=officer.pk)
    if linked.exists():
        raise InvalidInput("duplicate", f"登录账号 {user} 已关联其他人员", field="user")
    if values.get("is_auxiliary") and officer is not None and _holds_certificate(officer):
        raise InvalidInput(
            "certified",
            f"{values['name']} 持有行政执法证，不能设为辅助人员：请先注销执法证",
            field="is_auxiliary",
        )


def _holds_certificate(officer: Officer) -> bool:
    return officer.certificates.exclude(status=S.CANCELLED).exists()


def create_officer(*, actor: User | None, **values: Any) -> Officer:
    _require_administrator(actor)
    unknown = set(values) - set(OFFICER_FIELDS)
    if unknown:
        raise InvalidInput("unknown_field", f"未知字段：{'、'.join(sorted(unknown))}")
    _check_officer(values, None)
    return Officer.objects.create(**values)


def update_officer(officer: Officer, *, actor: User | None, **values: Any) -> Officer:
    """Change any of ``OFFICER_FIELDS`` (qualification, unit, dates …)."""
    _require_administrator(actor)
    unknown = set(values) - set(OFFICER_FIELDS)
    if unknown:
        raise InvalidInput("unknown_field", f"不能修改：{'、'.join(sorted(unknown))}")
    with transaction.atomic():
        locked = Officer.objects.select_for_update().get(pk=officer.pk)
        merged = {name: getattr(locked, name) for name in OFFICER_FIELDS} | values
        _check_officer(merged, locked)
        for name, value in merged.items():
            setattr(locked, name, value)
        locked.save()
    return locked


def delete_officer(officer: Officer, *, actor: User | None) -> None:
    """Only an officer with no certificate, training record or case: the others leave (调出,
    ``left_on``) and stay in the record."""
    _require_administrator(actor)
    delete_unless_referenced(officer, what="执法人员")
