"""Timing and correction safeguards: the extension of the Art 60 time limit (延长办案期限)."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from zhifa.calendar import periods
from zhifa.calendar.periods import DueDate
from zhifa.cases import clocks, guards
from zhifa.cases.actions._common import case_url, required_text, today
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.choices import StepName as N
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import Case, CaseDeadline
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.actions import notify
from zhifa.core.config import local_rules
from zhifa.core.errors import InvalidInput
from zhifa.org.models import User


def extension_cap(deadline: CaseDeadline) -> date:
    """The latest due date the local rule allows: the Art 60 limit from filing plus the total
    extension the rule permits (rules.md §1.4; ``ZHIFA_DECISION_EXTENSION_MAX_DAYS``)."""
    rules = local_rules()
    days = rules.decision_limit_days + rules.decision_extension_max_days
    return periods.add_days(deadline.started_on, days).date


def extend_time_limit(
    case: Case,
    *,
    actor: User,
    reason: str,
    new_due: date,
    on: date | None = None,
    expected_version: int | None = None,
) -> CaseDeadline:
    """延长办案期限: the head approves, before the limit runs out, a later due date for the
    decision, with the reason, within the local cap (行政处罚法 Art 60; rules.md §1.4). The
    DECISION clock's due date moves through ``clocks.move_due``; the event records both."""
    day = today(on)
    reason = required_text(reason, "reason", "延长办案期限的理由")
    with transaction.atomic():
        # preconditions: an open Art 60 clock, not yet run out on ``day``
        case = lock_case(
            case, N.EXTEND_TIME_LIMIT, actor=actor, expected_version=expected_version, on=day
        )
        current = CaseDeadline.objects.filter(
            case=case, kind=DeadlineKind.DECISION, met_on__isnull=True, cancelled=False
        ).latest("id")
        if new_due <= current.due_on:
            raise InvalidInput(
                "not_later",
                f"延长后的期限须晚于当前期限 {current.due_on} (行政处罚法第60条)",
                field="new_due",
            )
        cap = extension_cap(current)
        if new_due > cap:
            raise GuardRefused(
                "extension_over_cap",
                f"延长后的期限不得晚于 {cap} (立案后{local_rules().decision_limit_days}日"
                f"另加本地规定最多延长{local_rules().decision_extension_max_days}日，"
                "行政处罚法第60条)",
                field="new_due",
            )
        old, new = clocks.move_due(
            case, DeadlineKind.DECISION, due=DueDate(new_due, provisional=False)
        )
        advance(
            case,
            N.EXTEND_TIME_LIMIT,
            actor=actor,
            payload={
                "reason": reason[:500],
                "approved_on": day,
                "old_due": old.due_on,
                "new_due": new.due_on,
                "cap": cap,
            },
        )
        _tell_handlers(case, f"{case.number} 办案期限已批准延长至 {new_due}")
    return new


def _tell_handlers(case: Case, title: str) -> None:
    users = [o.user for o in guards.active_handlers(case) if o.user is not None]

    def send() -> None:
        for user in users:
            notify(user, kind="time_limit_extended", title=title, url=case_url(case.pk))

    transaction.on_commit(send)
