"""What the party owes, and the dates that bound enforcement.

Each function reads the case's payments, plans and remedies; the keyword arguments take them
already loaded (the case page's ``Facts.rows``, ``performance.steps.rows``) instead of asking
the database again."""

from __future__ import annotations

from datetime import date

from zhifa.calendar import periods
from zhifa.cases.choices import Procedure
from zhifa.cases.models import Case, Remedy
from zhifa.law import statute
from zhifa.performance import remedy_periods, surcharge
from zhifa.performance.models import (
    COURT_ENDED,
    CourtApplication,
    Payment,
    PaymentPlan,
    PlanStatus,
)


def schedule(
    case: Case, plans: list[PaymentPlan] | None = None
) -> list[tuple[date, surcharge.Decimal]]:
    """When the fine is due: the approved plan's dates, else the payment deadline."""
    if not case.fine or case.payment_due is None:
        return []
    plan = approved_plan(case, plans)
    if plan is not None:
        return [
            (date.fromisoformat(r["due_on"]), surcharge.Decimal(r["amount"]))
            for r in plan.instalments
        ]
    return [(case.payment_due, case.fine)]


def approved_plan(case: Case, plans: list[PaymentPlan] | None = None) -> PaymentPlan | None:
    if plans is not None:
        approved = [p for p in plans if p.status == PlanStatus.APPROVED]
        return max(approved, key=lambda p: p.pk, default=None)
    return PaymentPlan.objects.filter(case=case, status=PlanStatus.APPROVED).order_by("-id").first()


def _remedies(case: Case, remedies: list[Remedy] | None) -> list[Remedy]:
    if remedies is not None:
        return sorted(remedies, key=lambda r: (r.applied_on, r.pk))
    return list(Remedy.objects.filter(case=case).order_by("applied_on", "id"))


def pauses(case: Case, remedies: list[Remedy] | None = None) -> list[tuple[date, date | None]]:
    return [(r.applied_on, r.decided_on) for r in _remedies(case, remedies)]


def balance(
    case: Case,
    on: date,
    *,
    payments: list[Payment] | None = None,
    plans: list[PaymentPlan] | None = None,
    remedies: list[Remedy] | None = None,
) -> surcharge.Computation:
    """What the party owes on ``on``: unpaid fine plus surcharge accrued and not paid, with the
    day-by-day computation."""
    if payments is None:
        payments = list(Payment.objects.filter(case=case).order_by("paid_on", "id"))
    return surcharge.compute(
        fine=case.fine or surcharge.ZERO,
        schedule=schedule(case, plans),
        payments=[
            (p.paid_on, p.principal, p.surcharge)
            for p in sorted(payments, key=lambda p: (p.paid_on, p.pk))
        ],
        pauses=pauses(case, remedies),
        as_of=on,
    )


def statutory_period_end(
    case: Case,
    side: periods.Side = periods.Side.PARTY,
    *,
    remedies: list[Remedy] | None = None,
    plans: list[PaymentPlan] | None = None,
) -> date | None:
    """The day the party's statutory period to challenge the decision ends (行政强制法 Art 53;
    行诉解释 Art 156). On-the-spot decisions: review comes first (行政复议法 Art 23), so the
    60-day review period is taken (rules.md §3 marks this interpretation UNVERIFIED). After a
    remedy's result the end is counted from the day the party received it
    (``remedy_periods.period_end``): a suit within 15 days of the review decision (行政诉讼法
    Art 45); an appeal within 15 days of a first-instance 判决, 10 of a 裁定 (Art 85); a final
    judgment is effective on service.

    The party's period, so by default counted for the party where next year's schedule is not
    yet entered (the latest it can end); ``court_window_end`` asks the bureau's side."""
    if case.served_on is None:
        return None
    remedies = _remedies(case, remedies)
    if any(r.pending for r in remedies):
        return None
    if case.procedure == Procedure.SIMPLE:
        end = periods.add_days(case.served_on, statute.REVIEW_WINDOW_DAYS, side=side).date
    else:
        end = periods.add_months(case.served_on, statute.LITIGATION_WINDOW_MONTHS, side=side).date
    for r in remedies:
        after = remedy_periods.period_end(r, side)
        if after is not None:
            end = max(end, after)
    plan = approved_plan(case, plans)
    if plan is not None and plan.instalments:
        # Art 72 ¶2: with deferral or instalments the window runs from the end of the plan.
        end = max(end, max(date.fromisoformat(r["due_on"]) for r in plan.instalments))
    return end


def court_window_due(
    case: Case,
    *,
    remedies: list[Remedy] | None = None,
    plans: list[PaymentPlan] | None = None,
) -> periods.DueDate | None:
    """The bureau's duty (行政强制法 Art 53): the last day to ask the court, the earliest the
    window can close — 3 months from the end of the party's periods to challenge the decision
    (or of an approved deferral, Art 72 ¶2). None while they cannot end (a remedy pending, the
    decision unserved)."""
    start = statutory_period_end(case, periods.Side.BUREAU, remedies=remedies, plans=plans)
    if start is None:
        return None
    bureau = periods.Side.BUREAU
    return periods.add_months(start, statute.COURT_APPLICATION_WINDOW_MONTHS, side=bureau)


def court_window_end(
    case: Case,
    *,
    remedies: list[Remedy] | None = None,
    plans: list[PaymentPlan] | None = None,
) -> date | None:
    due = court_window_due(case, remedies=remedies, plans=plans)
    return None if due is None else due.date


def court_ended(case: Case, applications: list[CourtApplication] | None = None) -> bool:
    if applications is not None:
        application = max(applications, key=lambda a: a.pk, default=None)
    else:
        application = CourtApplication.objects.filter(case=case).order_by("-id").first()
    return application is not None and application.stage in COURT_ENDED
