"""Every write to a publication: the status transition table, and credit repair (信用修复).

``transition`` is the one place a publication's status changes: it locks the row, checks the
table, writes the change and its ``PublicationEvent`` in one transaction. The hourly job
(``jobs``) and the repair actions below call it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases.choices import CaseStatus
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.disclosure.choices import EventKind, PublicationStatus, RepairStatus
from zhifa.disclosure.models import CreditRepair, Publication, PublicationEvent
from zhifa.org.choices import Role
from zhifa.org.models import User

S = PublicationStatus
# Allowed moves and the event each one writes.
TRANSITIONS: dict[str, dict[str, str]] = {
    S.PENDING: {S.PUBLISHED: EventKind.PUBLISHED, S.SKIPPED: EventKind.SKIPPED},
    S.PUBLISHED: {
        S.WITHDRAWN: EventKind.WITHDRAWN,  # 行政处罚法 Art 48 ¶2
        S.EXPIRED: EventKind.EXPIRED,  # display period over (rules.md §4.5)
        S.REPAIRED: EventKind.REPAIRED,  # 信用修复
    },
    S.WITHDRAWN: {S.EXPIRED: EventKind.EXPIRED},
}
REPAIR_DECIDERS = frozenset({Role.LEADER})
REPAIR_REQUESTERS = frozenset({Role.CASE_HANDLER, Role.LEGAL_REVIEWER, Role.LEADER})
PERFORMED_STATUSES = frozenset({CaseStatus.PERFORMED, CaseStatus.CLOSED, CaseStatus.ARCHIVED})


def transition(
    publication: Publication,
    to: str,
    *,
    on: date,
    actor: User | None = None,
    note: str = "",
    due_on: date | None = None,
    late: bool = False,
    changes: dict[str, Any] | None = None,
) -> Publication:
    """Move ``publication`` to ``to`` (refused with 409 if the table does not allow it)."""
    with transaction.atomic():
        row = Publication.objects.select_for_update().get(pk=publication.pk)
        event = TRANSITIONS.get(row.status, {}).get(to)
        if event is None:
            raise DomainError(
                "publication_transition",
                f"公示状态为「{row.get_status_display()}」，不能变为「{S(to).label}」",
            )
        fields = {"status": to, **(changes or {})}
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=list(fields))
        PublicationEvent.objects.create(
            publication=row, kind=event, on=on, actor=actor, due_on=due_on, late=late, note=note
        )
    return row


def _record(publication: Publication, kind: str, *, on: date, actor: User, note: str) -> None:
    PublicationEvent.objects.create(
        publication=publication, kind=kind, on=on, actor=actor, note=note
    )


def owed_on(publication: Publication, on: date) -> Decimal:
    """What the party still owes on the case (fine and late surcharge, 行政处罚法 Art 72)."""
    from zhifa.performance.selectors import balance

    case = publication.case
    if not case.fine:
        return Decimal(0)
    return balance(case, on).total_owed


def repair_problem(publication: Publication, on: date) -> str | None:
    """Why a repair may not be granted on ``on`` (None: it may). 《信用修复管理办法》: only
    while shown, after the minimum display period, with the penalty performed in full."""
    if publication.status != PublicationStatus.PUBLISHED:
        return f"该决定当前{publication.get_status_display()}，无需信用修复"
    if on < publication.repair_from:
        return (
            f"最短公示期未满：{publication.get_severity_display()}处罚信息须公示至"
            f"{publication.repair_from - timedelta(days=1)}，{publication.repair_from}起方可申请"
        )
    owed = owed_on(publication, on)
    if owed > 0:
        return f"尚未履行完毕：仍欠罚款及加处罚款 ¥{owed:,.2f}"
    if not publication.case.fine and publication.case.status not in PERFORMED_STATUSES:
        return "处罚决定尚未履行完毕"
    return None


def request_repair(
    publication: Publication,
    *,
    actor: User,
    proof: str,
    commitment: bool,
    on: date | None = None,
) -> CreditRepair:
    """Record the party's repair request (the party applies in writing; staff enter it)."""
    day = on or timezone.localdate()
    if actor.role not in REPAIR_REQUESTERS and not actor.is_superuser:
        raise NotAllowed("role_not_allowed", "只有执法、法制审核人员或负责人可以登记信用修复申请")
    proof = (proof or "").strip()
    if not proof:
        raise InvalidInput("required", "请填写履行证明 (如缴款凭证号、整改情况)", field="proof")
    if not commitment:
        raise InvalidInput("commitment", "申请信用修复须作出信用承诺", field="commitment")
    with transaction.atomic():
        row = Publication.objects.select_for_update().select_related("case").get(pk=publication.pk)
        problem = repair_problem(row, day)
        if problem:
            raise DomainError("repair_not_allowed", f"不能申请信用修复：{problem}")
        if CreditRepair.objects.filter(publication=row, status=RepairStatus.REQUESTED).exists():
            raise DomainError("repair_pending", "该公示已有待审批的信用修复申请")
        repair = CreditRepair.objects.create(
            publication=row, requested_on=day, requested_by=actor, commitment=True, proof=proof
        )
        _record(row, EventKind.REPAIR_REQUESTED, on=day, actor=actor, note=proof)
    return repair


def _lock_open_repair(repair: CreditRepair, actor: User) -> CreditRepair:
    if actor.role not in REPAIR_DECIDERS:  # a leader's decision; no administrator override
        raise NotAllowed("role_not_allowed", "信用修复须由负责人审批")
    row = CreditRepair.objects.select_for_update().select_related("publication__case")
    locked = row.get(pk=repair.pk)
    if locked.status != RepairStatus.REQUESTED:
        raise DomainError("repair_decided", f"该申请已{locked.get_status_display()}")
    return locked


def approve_repair(repair: CreditRepair, *, actor: User, on: date | None = None) -> CreditRepair:
    """Approve: the publication stops being shown from today (status repaired)."""
    day = on or timezone.localdate()
    with transaction.atomic():
        row = _lock_open_repair(repair, actor)
        problem = repair_problem(row.publication, day)
        if problem:
            raise DomainError("repair_not_allowed", f"不能批准信用修复：{problem}")
        row.status, row.decided_on, row.decided_by = RepairStatus.APPROVED, day, actor
        row.save(update_fields=["status", "decided_on", "decided_by"])
        transition(
            row.publication,
            PublicationStatus.REPAIRED,
            on=day,
            actor=actor,
            note="信用修复申请经负责人批准，提前停止公示",
            changes={"ended_on": day},
        )
    return row


def refuse_repair(
    repair: CreditRepair, *, actor: User, reason: str, on: date | None = None
) -> CreditRepair:
    day = on or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("required", "请填写不予修复的理由", field="reason")
    with transaction.atomic():
        row = _lock_open_repair(repair, actor)
        row.status, row.decided_on, row.decided_by = RepairStatus.REFUSED, day, actor
        row.refusal_reason = reason
        row.save(update_fields=["status", "decided_on", "decided_by", "refusal_reason"])
        _record(row.publication, EventKind.REPAIR_REFUSED, on=day, actor=actor, note=reason)
    return row
