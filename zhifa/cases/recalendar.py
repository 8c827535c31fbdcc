"""When a year's holiday schedule is confirmed, the case clocks computed provisionally for it are
computed again (``calendar.hooks.on_schedule_confirmed``, registered in ``apps.ready``).

Each open provisional ``CaseDeadline`` is recomputed from its start day with the rule that set
it (``RULES``: the same period and the same side as the action), its stored copies follow
(the prior notice's statement and hearing-request dates, the case's payment date, the
preservation's decision date, and what other apps register with ``register_copy``), the case's
record gets one ``deadline_recomputed`` event with the old and new dates and the reason, and the
handlers are told after commit. Dates already met, or missed (due before today), stay as they
were recorded: the scan may already have recorded them, and a past date is history."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.calendar import hooks, periods
from zhifa.calendar.periods import DueDate, Side
from zhifa.cases.choices import PARTY_PERIODS, DeadlineKind, EventKind
from zhifa.cases.models import Case, CaseDeadline, EvidencePreservation, PriorNotice
from zhifa.cases.record import CHAIN_FIELDS, append_event
from zhifa.core.actions import notify
from zhifa.core.config import local_rules
from zhifa.law import statute
from zhifa.org.models import User

Rule = Callable[[CaseDeadline], DueDate]
Copy = Callable[[Case, CaseDeadline, date, date], None]  # (case, row, old, new)


def _wd(n: Callable[[], int], side: Side) -> Rule:
    return lambda d: periods.add_working_days(d.started_on, n(), side=side)


def _days(n: Callable[[], int], side: Side) -> Rule:
    return lambda d: periods.add_days(d.started_on, n(), side=side)


# The period each clock was started with (the actions' calls, with their article and side).
RULES: dict[str, Rule] = {
    # 行政处罚法 Art 60: decision within 90 days of filing (local override) — the bureau's
    DeadlineKind.DECISION: _days(lambda: local_rules().decision_limit_days, Side.BUREAU),
    # Art 56: preservation decided within 7 working days — the bureau's
    DeadlineKind.EVIDENCE_PRESERVATION: _wd(
        lambda: statute.EVIDENCE_PRESERVATION_DECISION_WD, Side.BUREAU
    ),
    # Arts 44, 45: statement and defence (local number of working days) — the party's
    DeadlineKind.STATEMENT: _wd(lambda: local_rules().statement_period_working_days, Side.PARTY),
    # Art 64(1): hearing request within 5 working days — the party's
    DeadlineKind.HEARING_REQUEST: _wd(lambda: statute.HEARING_REQUEST_WD, Side.PARTY),
    # Art 61: service within 7 working days — the bureau's
    DeadlineKind.SERVICE: _wd(lambda: statute.SERVICE_LIMIT_WD, Side.BUREAU),
    # Art 67: payment within 15 days — the party's
    DeadlineKind.PAYMENT: _days(lambda: statute.PAYMENT_LIMIT_DAYS, Side.PARTY),
    # Art 71: cash handed over within 2 working days — the bureau's
    DeadlineKind.CASH_HANDOVER: _wd(lambda: statute.CASH_HANDOVER_WD, Side.BUREAU),
    # Art 52: on-the-spot decision filed (local working days) — the bureau's
    DeadlineKind.SIMPLE_FILING: _wd(lambda: local_rules().simple_filing_working_days, Side.BUREAU),
    # 行政复议法 Arts 48, 88: answer within 10 working days — the bureau's
    DeadlineKind.REVIEW_ANSWER: _wd(lambda: statute.RESPONDENT_ANSWER_REVIEW_WD, Side.BUREAU),
    # 行政诉讼法 Art 67: answer within 15 days — the bureau's
    DeadlineKind.LITIGATION_ANSWER: _days(
        lambda: statute.RESPONDENT_ANSWER_LITIGATION_DAYS, Side.BUREAU
    ),
    # 行政强制法 Arts 54, 69: 10 working days after the 催告书 before the court — the party's
    DeadlineKind.REMINDER_WAIT: _wd(lambda: statute.CUIGAO_WAIT_WD, Side.PARTY),
}

_COPIES: dict[str, list[Copy]] = defaultdict(list)


def register_copy(kind: str, copy: Copy) -> Copy:
    """Another app stores a copy of ``kind``'s due date (performance: the 催告's wait)."""
    if copy not in _COPIES[kind]:
        _COPIES[kind].append(copy)
    return copy


def _statement(case: Case, row: CaseDeadline, old: date, new: date) -> None:
    PriorNotice.objects.filter(case=case, statement_due=old).update(statement_due=new)


def _hearing_request(case: Case, row: CaseDeadline, old: date, new: date) -> None:
    PriorNotice.objects.filter(case=case, hearing_request_due=old).update(hearing_request_due=new)


def _payment(case: Case, row: CaseDeadline, old: date, new: date) -> None:
    if case.payment_due == old:
        case.payment_due = new
        case.save(update_fields=["payment_due"])


def _preservation(case: Case, row: CaseDeadline, old: date, new: date) -> None:
    EvidencePreservation.objects.filter(
        case=case, approved_on=row.started_on, decision_due=old, decided_on__isnull=True
    ).update(decision_due=new)


register_copy(DeadlineKind.STATEMENT, _statement)
register_copy(DeadlineKind.HEARING_REQUEST, _hearing_request)
register_copy(DeadlineKind.PAYMENT, _payment)
register_copy(DeadlineKind.EVIDENCE_PRESERVATION, _preservation)


def _handlers(case: Case) -> list[User]:
    return list(
        User.objects.filter(
            officer__case_roles__case=case,
            officer__case_roles__recused_on__isnull=True,
            is_active=True,
        ).distinct()
    )


def _recompute_case(case_id: int, today: date, reason: str) -> int:
    """One case: lock it, recompute its open provisional clocks, record and notify."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.archived_on is not None:
        return 0
    rows = list(
        CaseDeadline.objects.select_for_update()
        .filter(case=case, **_OPEN_PROVISIONAL)
        .filter(due_on__gte=today, kind__in=list(RULES))
        .order_by("id")
    )
    changes: list[dict[str, Any]] = []
    for row in rows:
        due = RULES[row.kind](row)
        old = row.due_on
        if due.date == old and due.provisional:
            continue  # still waiting for another year's schedule
        row.due_on, row.provisional = due.date, due.provisional
        fields = ["due_on", "provisional"]
        if due.date != old:
            row.reminded_at = None  # the reminder before the new date is sent afresh
            fields.append("reminded_at")
            for copy in _COPIES.get(row.kind, []):
                copy(case, row, old, due.date)
        row.save(update_fields=fields)
        changes.append(
            {
                "deadline": row.pk,
                "kind": row.kind,
                "label": row.get_kind_display(),
                "started_on": row.started_on,
                "old_due_on": old,
                "new_due_on": due.date,
                "provisional": due.provisional,
            }
        )
    if not changes:
        return 0
    append_event(
        case,
        EventKind.DEADLINE_RECOMPUTED,
        actor=None,
        payload={
            "reason": reason,
            "changes": changes,
        },
    )
    case.save(update_fields=CHAIN_FIELDS)
    moved = [c for c in changes if c["old_due_on"] != c["new_due_on"]]
    if moved:
        _tell_handlers(case, moved)
    return len(changes)


def _tell_handlers(case: Case, moved: list[dict[str, Any]]) -> None:
    lines = []
    for c in moved:
        line = f"{c['label']}：{c['old_due_on']} → {c['new_due_on']}"
        if c["kind"] in PARTY_KINDS and c["new_due_on"] < c["old_due_on"]:
            line += "（当事人的期限提前，请及时告知当事人）"
        lines.append(line)
    title = f"{case.number}：期限按已录入的节假日安排重新计算"
    for user in _handlers(case):
        notify(
            user,
            kind="deadline_recomputed",
            title=title,
            body="；".join(lines),
            url=f"/cases/{case.pk}/",
            dedup_key="recalendar:" + ",".join(f"{c['deadline']}:{c['new_due_on']}" for c in moved),
        )


PARTY_KINDS = PARTY_PERIODS
_OPEN_PROVISIONAL = {
    "provisional": True,
    "met_on__isnull": True,
    "cancelled": False,
    "missed_recorded_at__isnull": True,
}


@hooks.on_schedule_confirmed
def recompute_provisional(*, years: list[int], actor: Any, source: str) -> int:
    """Every open provisional clock not yet due, case by case (called inside the import's
    transaction: all or nothing). Returns the number of clocks recomputed."""
    today = timezone.localdate()
    reason = f"{'、'.join(str(y) for y in years)} 年节假日安排已录入（{source}），暂定期限重新计算"
    case_ids = (
        CaseDeadline.objects.filter(**_OPEN_PROVISIONAL, due_on__gte=today)
        .values_list("case_id", flat=True)
        .distinct()
        .order_by("case_id")
    )
    total = 0
    for case_id in list(case_ids):
        with transaction.atomic():
            total += _recompute_case(case_id, today, reason)
    return total
