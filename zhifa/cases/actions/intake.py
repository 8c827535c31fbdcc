"""Clue, filing (立案), handlers, recusal, withdrawal."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from zhifa.calendar import periods
from zhifa.cases import clocks, guards, numbers
from zhifa.cases.actions._common import (
    LEADER,
    case_url,
    notify_role,
    required_text,
    today,
)
from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.choices import DeadlineKind, HandlerRole, Procedure, Source
from zhifa.cases.models import Case, CaseHandler
from zhifa.cases.record import CHAIN_FIELDS, Place, Upload, append_event
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.actions import settle_notifications
from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.law.models import ViolationItem
from zhifa.org.access import street_scope
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.choices import Role
from zhifa.org.models import Officer, OrgUnit, User
from zhifa.parties.models import Party

CLUE_ROLES = frozenset({Role.CASE_HANDLER, Role.STREET_OFFICER, Role.AUXILIARY, Role.LEADER})


def register_clue(
    *,
    source: str,
    found_on: date,
    facts: str,
    place: Place,
    street: OrgUnit | None,
    actor: User,
    violation_item: ViolationItem | None = None,
    party: Party | None = None,
    evidence: tuple[Upload, ...] = (),
) -> Case:
    """线索/受理: a finding from patrol, a complaint, a transfer, an inspection or a supervision
    order. Nothing is filed yet; the record starts here (Art 47)."""
    if actor.role not in CLUE_ROLES:
        raise NotAllowed("role_not_allowed", f"{actor.get_role_display()}不能登记案件线索")
    if source not in Source.values:
        raise InvalidInput("invalid_choice", f"案件来源「{source}」无效", field="source")
    facts = required_text(facts, "facts", "线索内容")
    scope = street_scope(actor)
    if scope is not None and (street is None or street.pk != scope):
        raise NotAllowed("out_of_scope", "街道执法人员只能登记本街道的线索")
    if found_on > today(None):
        raise InvalidInput("future_date", "发现日期不能晚于今天", field="found_on")
    unit = actor.org_unit
    if unit is None:
        raise DomainError("no_unit", "登记人未设置所在单位")
    with transaction.atomic():
        case = Case.objects.create(
            number=numbers.case_number(Procedure.GENERAL, found_on.year),
            procedure=Procedure.GENERAL,
            status=S.CLUE,
            source=source,
            violation_item=violation_item,
            category=violation_item.category if violation_item else "",
            party=party,
            party_kind=party.kind if party else "",
            street=street,
            handling_unit=unit,
            place=place.text,
            latitude=place.latitude,
            longitude=place.longitude,
            facts=facts,
            found_on=found_on,
            status_on=found_on,
            created_by=actor,
        )
        append_event(
            case,
            "register_clue",
            actor=actor,
            place=place,
            evidence=evidence,
            payload={"source": source, "found_on": found_on, "facts": facts},
        )
        case.save(update_fields=CHAIN_FIELDS)
    return case


def request_filing(
    case: Case,
    *,
    actor: User,
    handlers: list[Officer],
    violation_item: ViolationItem,
    party: Party,
    act_on: date,
    continuing: bool = False,
    act_ended_on: date | None = None,
    extended_limitation: bool = False,
    major_public_interest: bool = False,
    complex_case: bool = False,
    on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    """提请立案: the handlers (at least two, certified, Art 42), the cause, the party and the
    date of the act — checked against the limitation period (Art 36) before anything is
    written."""
    day = today(on)
    if act_on > case.found_on:
        raise InvalidInput("act_after_finding", "违法行为发生日不能晚于发现日期", field="act_on")
    if act_ended_on and act_ended_on < act_on:
        raise InvalidInput("invalid_dates", "行为终了日不能早于发生日", field="act_ended_on")
    if len({o.pk for o in handlers}) != len(handlers):
        raise InvalidInput("duplicate_handler", "承办人不能重复", field="handlers")
    with transaction.atomic():
        case = lock_case(
            case, "request_filing", actor=actor, expected_version=expected_version, on=day
        )
        problem = guards.limitation_problem(
            act_on=act_on,
            act_ended_on=act_ended_on,
            continuing=continuing,
            extended=extended_limitation,
            found_on=case.found_on,
        )
        if problem:
            raise guards.GuardRefused("limitation_expired", problem)
        problems = guards.handler_problems(handlers, day)
        if problems:
            raise guards.GuardRefused("two_handlers", "；".join(problems))
        for i, officer in enumerate(handlers):
            CaseHandler.objects.create(
                case=case,
                officer=officer,
                assigned_on=day,
                role=HandlerRole.LEAD if i == 0 else HandlerRole.ASSIST,
            )
        case.violation_item = violation_item
        case.category = violation_item.category
        case.party = party
        case.party_kind = party.kind
        case.act_on, case.act_ended_on, case.continuing = act_on, act_ended_on, continuing
        case.extended_limitation = extended_limitation
        case.major_public_interest, case.complex_case = major_public_interest, complex_case
        advance(
            case,
            "request_filing",
            actor=actor,
            payload={
                "handlers": [o.name for o in handlers],
                "violation": violation_item.code,
                "party": party.pk,
                "act_on": act_on,
                "continuing": continuing,
            },
            fields=[
                "violation_item",
                "category",
                "party",
                "party_kind",
                "act_on",
                "act_ended_on",
                "continuing",
                "extended_limitation",
                "major_public_interest",
                "complex_case",
            ],
        )
        notify_role(
            LEADER,
            title=f"{case.number} 提请立案，待审批",
            url=case_url(case.pk),
            kind="filing_request",
            dedup_key=f"filing:{case.pk}:{case.version}",
        )
    return case


def approve_filing(
    case: Case,
    *,
    actor: User,
    opinion: str = "",
    on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    """批准立案 (leader), with the head's 审批意见 (default "同意立案。"), printed on the 立案审批表
    this step makes (Art 54). Starts the 90-day clock to the decision (Art 60)."""
    opinion = (opinion or "").strip() or "同意立案。"
    day = today(on)
    with transaction.atomic():
        # Arts 36, 42: within the limitation, two certified handlers (the preconditions)
        case = lock_case(
            case, "approve_filing", actor=actor, expected_version=expected_version, on=day
        )
        due = periods.add_days(day, local_rules().decision_limit_days, side=periods.Side.BUREAU)
        case.filed_on = day
        clocks.start(case, DeadlineKind.DECISION, started_on=day, due=due)
        advance(
            case,
            "approve_filing",
            actor=actor,
            fields=["filed_on"],
            payload={"filed_on": day, "decision_due": due.date, "opinion": opinion},
        )
        settle_notifications(prefix=f"filing:{case.pk}:")  # no other leader is asked any more
    return case


def reject_filing(
    case: Case,
    *,
    actor: User,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    reason = required_text(reason, "reason", "不予立案理由")
    with transaction.atomic():
        case = lock_case(
            case, "reject_filing", actor=actor, expected_version=expected_version, on=today(on)
        )
        case.closing_reason = reason[:200]
        case.closed_on = today(on)
        advance(
            case,
            "reject_filing",
            actor=actor,
            payload={"reason": reason},
            fields=["closing_reason", "closed_on"],
        )
        settle_notifications(prefix=f"filing:{case.pk}:")
    return case


def withdraw_case(
    case: Case,
    *,
    actor: User,
    reason: str,
    on: date | None = None,
    expected_version: int | None = None,
) -> Case:
    """撤销立案 with a reason: every running clock stops."""
    reason = required_text(reason, "reason", "撤销立案理由")
    with transaction.atomic():
        case = lock_case(
            case, "withdraw", actor=actor, expected_version=expected_version, on=today(on)
        )
        case.closing_reason = reason[:200]
        case.closed_on = today(on)
        clocks.cancel(case)
        advance(
            case,
            "withdraw",
            actor=actor,
            payload={"reason": reason},
            fields=["closing_reason", "closed_on"],
        )
        settle_notifications(prefix=f"filing:{case.pk}:")
    return case


def assign_handler(case: Case, officer: Officer, *, actor: User, on: date | None = None) -> Case:
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "assign_handler", actor=actor, on=day)
        eligibility = may_act_as_handler(officer, day)
        if not eligibility.ok:
            raise guards.GuardRefused("handler_not_eligible", eligibility.message)
        if CaseHandler.objects.filter(case=case, officer=officer, recused_on__isnull=True).exists():
            raise DomainError("already_handler", f"{officer.name} 已是本案承办人")
        CaseHandler.objects.create(
            case=case, officer=officer, role=HandlerRole.ASSIST, assigned_on=day
        )
        advance(case, "assign_handler", actor=actor, payload={"officer": officer.name})
    return case


def recuse_handler(
    case: Case, officer: Officer, *, actor: User, reason: str, on: date | None = None
) -> Case:
    """回避 (Art 43): decided by the head; the investigation does not stop, but until another
    handler is assigned the two-officer rule blocks the next handler step."""
    reason = required_text(reason, "reason", "回避理由")
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "recuse_handler", actor=actor, on=day)
        row = CaseHandler.objects.filter(
            case=case, officer=officer, recused_on__isnull=True
        ).first()
        if row is None:
            raise DomainError("not_a_handler", f"{officer.name} 不是本案承办人")
        row.recused_on = day
        row.recusal_reason = reason[:200]
        row.save(update_fields=["recused_on", "recusal_reason"])
        advance(
            case, "recuse_handler", actor=actor, payload={"officer": officer.name, "reason": reason}
        )
    return case
