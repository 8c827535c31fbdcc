from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status

from zhifa.core.errors import NotAllowed
from zhifa.org import access, accounts, actions, selectors
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.choices import Role
from zhifa.org.models import Certificate, Officer, OrgUnit, User
from zhifa.security.access import is_security_admin

router = Router(tags=["人员与组织"])


class MeOut(Schema):
    username: str
    name: str
    role: str
    org_unit: str | None
    street_scope: int | None


class UnitOut(Schema):
    id: int
    kind: str
    name: str
    code: str
    parent_id: int | None
    street_id: int | None


class EligibilityOut(Schema):
    officer_id: int
    on: date
    ok: bool
    code: str
    message: str


class OfficerOut(Schema):
    id: int
    name: str
    employee_number: str
    unit_id: int
    is_auxiliary: bool
    has_legal_qualification: bool


class CertificateOut(Schema):
    id: int
    number: str
    officer_id: int
    officer_name: str
    issuing_authority: str
    issued_on: date
    expires_on: date
    status: str


class TrainingTotalOut(Schema):
    officer_id: int
    name: str
    unit: str
    year_hours: Decimal
    shortfall: Decimal


class TrainingIn(Schema):
    course: str
    hours: Decimal
    taken_on: date
    mode: str
    provider: str = ""


class AnnualCheckIn(Schema):
    on: date
    passed: bool
    note: str = ""


class RoleIn(Schema):
    role: str
    reason: str


class RoleOut(Schema):
    id: int
    username: str
    role: str
    role_label: str


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _require_lists(request: HttpRequest) -> None:
    if not access.can_see_people_lists(_user(request)):
        raise NotAllowed("forbidden", "您的角色不能查看人员名单")


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_people(_user(request)):
        raise NotAllowed("forbidden", "只有负责人或管理员可以登记执法证和培训记录")


@router.get("/me", response=MeOut, summary="当前用户")
def me(request: HttpRequest) -> dict:
    user = _user(request)
    return {
        "username": user.username,
        "name": user.display_name,
        "role": user.role,
        "org_unit": user.org_unit.name if user.org_unit else None,
        "street_scope": access.street_scope(user),
    }


@router.get("/units", response=list[UnitOut], summary="组织单位")
def units(request: HttpRequest) -> list[OrgUnit]:
    return list(OrgUnit.objects.all())


@router.get("/officers", response=list[OfficerOut], summary="执法人员")
def officers(request: HttpRequest) -> list[Officer]:
    _require_lists(request)
    return list(Officer.objects.all())


@router.get(
    "/officers/{officer_id}/eligibility",
    response=EligibilityOut,
    summary="某日能否作为承办人 (行政处罚法第42条)",
)
def eligibility(request: HttpRequest, officer_id: int, on: date | None = None) -> dict:
    user = _user(request)
    refusal = NotAllowed(
        "forbidden",
        "您的角色不能查询该人员能否承办案件：负责人、法制审核员可查询全部人员，"
        "执法队员可查询本单位人员",
    )
    if not access.can_check_eligibility(user):
        raise refusal  # before the lookup: the answer 404 would tell who exists
    officer = get_object_or_404(
        Officer.objects.prefetch_related("certificates__events"), pk=officer_id
    )
    if not access.can_check_eligibility(user, officer.unit_id):
        raise refusal
    day = on or timezone.localdate()
    result = may_act_as_handler(officer, day)
    return {
        "officer_id": officer.pk,
        "on": day,
        "ok": result.ok,
        "code": result.code,
        "message": result.message,
    }


@router.get("/certificates/expiring", response=list[CertificateOut], summary="即将到期的执法证")
def expiring(request: HttpRequest, within_days: int | None = None) -> list[dict]:
    _require_lists(request)
    rows = selectors.certificates_expiring(timezone.localdate(), within_days)
    return [_certificate(c) for c in rows]


@router.get(
    "/training/below-minimum", response=list[TrainingTotalOut], summary="年度学时未达标人员"
)
def below_minimum(request: HttpRequest, year: int | None = None) -> list[dict]:
    _require_lists(request)
    year = year or timezone.localdate().year
    return [
        {
            "officer_id": o.pk,
            "name": o.name,
            "unit": o.unit.name,
            "year_hours": o.year_hours,  # type: ignore[attr-defined]
            "shortfall": o.shortfall,  # type: ignore[attr-defined]
        }
        for o in selectors.officers_below_training_minimum(year)
    ]


@router.post("/officers/{officer_id}/training", response={201: dict}, summary="登记培训记录")
def add_training(request: HttpRequest, officer_id: int, payload: TrainingIn) -> Status:
    _require_manager(request)
    officer = get_object_or_404(Officer, pk=officer_id)
    record = actions.record_training(officer, **payload.dict(), actor=_user(request))
    return Status(201, {"id": record.pk})


@router.post("/certificates/{certificate_id}/annual-check", response=CertificateOut, summary="年检")
def annual_check(request: HttpRequest, certificate_id: int, payload: AnnualCheckIn) -> dict:
    _require_manager(request)
    certificate = get_object_or_404(Certificate, pk=certificate_id)
    certificate = actions.record_annual_check(
        certificate, on=payload.on, passed=payload.passed, note=payload.note, actor=_user(request)
    )
    return _certificate(certificate)


@router.post("/users/{user_id}/role", response=RoleOut, summary="变更角色 (安全管理员)")
def change_role(request: HttpRequest, user_id: int, payload: RoleIn) -> dict:
    """Only the security administrator, never on his own account; recorded in the security
    audit log with the old and new role and the reason. Any other caller: 403, recorded."""
    actor = _user(request)
    if not is_security_admin(actor):  # before looking the account up
        raise NotAllowed("role_change_refused", "只有安全管理员可以变更账号的角色")
    account = get_object_or_404(User, pk=user_id)
    account = accounts.change_role(account, payload.role, actor=actor, reason=payload.reason)
    return {
        "id": account.pk,
        "username": account.username,
        "role": account.role,
        "role_label": Role(account.role).label,
    }


def _certificate(c: Certificate) -> dict:
    return {
        "id": c.pk,
        "number": c.number,
        "officer_id": c.officer_id,
        "officer_name": c.officer.name,
        "issuing_authority": c.issuing_authority,
        "issued_on": c.issued_on,
        "expires_on": c.expires_on,
        "status": c.status,
    }
