"""What performance shows of a case — on the case page, beside its step forms and in the case
API: what is owed (the surcharge day by day), the payments, plans, 催告 (and the statements after
it) and the court, and the dates that bound enforcement. Registered into ``cases`` from
``ready()`` (``pages.register``, ``api_schemas.register``), so ``cases`` shows them without
importing this app."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP
from typing import Any

from django.utils import timezone

from zhifa.calendar.periods import CalendarNotCovered, is_provisional
from zhifa.cases.facts import Facts
from zhifa.cases.models import Case
from zhifa.core.errors import DomainError
from zhifa.org.models import User
from zhifa.performance import selectors, steps
from zhifa.performance.models import CourtApplication, PaymentPlan, Reminder
from zhifa.performance.surcharge import FEN, Computation

# --- pages -----------------------------------------------------------------------------------


def period_ends(case: Case, facts: Facts | None = None) -> dict[str, Any]:
    """When the party's time to challenge the decision ends, and the court window. Computing
    them may need a year's holiday schedule that is not entered yet: then the page says so.
    On ``facts`` (the case page's): from the rows and results its steps share."""
    try:
        if facts is not None:
            return {
                "statutory_end": steps.statutory_period_end(facts),
                "court_window": steps.court_window_end(facts),
            }
        return {
            "statutory_end": selectors.statutory_period_end(case),
            "court_window": selectors.court_window_end(case),
        }
    except DomainError as exc:
        return {"statutory_end": None, "court_window": None, "calendar_problem": exc.message}


def case_section(facts: Facts, viewer: User) -> dict[str, Any]:
    """The case page's 缴款 section (and the period ends the decisions section shows), from the
    rows the page's steps read (``Facts.rows``; what is owed as the steps computed it)."""
    case = facts.case
    return {
        "payments": facts.rows("payments"),
        "plans": facts.rows("payment_plans"),
        "reminders": facts.rows("reminders"),
        "reminder_statements": facts.rows("reminder_statements"),
        "court_applications": facts.rows("court_applications"),
        "balance": steps.balance(facts) if case.fine else None,
        **period_ends(case, facts),
    }


def balance_section(case: Case, user: User) -> dict[str, Any]:
    """应缴情况 beside a step's form: what is owed today, the plans, the 催告, the period ends."""
    today = timezone.localdate()
    return {
        "balance": selectors.balance(case, today),
        "plans": list(PaymentPlan.objects.filter(case=case).order_by("id")),
        "reminders": list(Reminder.objects.filter(case=case).order_by("id")),
        **period_ends(case),
    }


def court_section(case: Case, user: User) -> dict[str, Any]:
    return {"applications": list(CourtApplication.objects.filter(case=case).order_by("id"))}


# --- API -------------------------------------------------------------------------------------


def plan(row: PaymentPlan) -> dict[str, Any]:
    return {
        "id": row.pk,
        "kind": row.kind,
        "status": row.status,
        "reason": row.reason,
        "requested_on": row.requested_on,
        "instalments": row.instalments,
        "decided_on": row.decided_on,
        "decision_note": row.decision_note,
    }


def owed(case: Case, on: date) -> dict[str, Any] | None:
    """What the party owes on ``on``, with the surcharge day by day (None: nothing to pay)."""
    if not case.fine:
        return None
    c: Computation = selectors.balance(case, on)
    return {
        "as_of": c.as_of,
        "fine": c.fine,
        "principal_paid": c.principal_paid,
        "unpaid_principal": c.unpaid_principal,
        "surcharge_accrued": c.surcharge_accrued,
        "surcharge_paid": c.surcharge_paid,
        "surcharge_owed": c.surcharge_owed,
        "total_owed": c.total_owed,
        "overdue_days": c.overdue_days,
        "capped": c.capped,
        "lines": [
            {
                "start": line.start,
                "end": line.end,
                "days": line.days,
                "principal": line.principal.quantize(FEN, rounding=ROUND_HALF_UP),
                "paused": line.paused,
                # Each line to the fen for display; the total is rounded once (surcharge.py).
                "amount": line.amount.quantize(FEN, rounding=ROUND_HALF_UP),
                "text": line.describe(),
            }
            for line in c.lines
        ],
        "payment_due": case.payment_due,
        "payment_due_provisional": case.payment_due is not None
        and is_provisional(case.payment_due),
        "court_window_ends": court_window_end(case),
    }


def court_window_end(case: Case) -> date | None:
    """A read never fails for the calendar: with ``ZHIFA_CALENDAR_UNCOVERED_YEAR=refuse`` a
    window reaching into a year without a schedule is unknown (None) until it is entered."""
    try:
        return selectors.court_window_end(case)
    except CalendarNotCovered:
        return None


def detail(case: Case, viewer: User, today: date) -> dict[str, Any]:
    """What the case API's detail (``GET /api/v1/cases/{id}``) shows of performance."""
    return {
        "payment_plans": [plan(p) for p in case.payment_plans.order_by("id")],
        "payments": list(case.payments.order_by("paid_on", "id")),
        "reminders": list(case.reminders.order_by("id")),
        "reminder_statements": list(case.reminder_statements.order_by("id")),
        "court_applications": list(case.court_applications.order_by("id")),
        "owed": owed(case, today),
    }
