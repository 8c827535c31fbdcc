"""The court window (行政强制法 Art 53): a bureau without enforcement power may ask the people's
court to enforce within 3 months from the day the party's statutory periods to seek review or
to sue lapsed unused — whether or not a 催告 was issued. A stored, indexed clock
(``DeadlineKind.COURT_APPLICATION``) from the day the decision becomes enforceable, kept
current by the steps that move it (the decision served, a remedy applied for or decided, a
deferral approved: ``STEP_EFFECTS``), met by the application, cancelled once nothing is owed.
The deadline scan warns the handlers and leaders at 30 and 10 days left
(``ZHIFA_COURT_WINDOW_WARNING_DAYS``), then records the lapse in the case record."""

from __future__ import annotations

from datetime import timedelta

from zhifa.calendar import periods
from zhifa.cases import clocks
from zhifa.cases.choices import DeadlineKind, Outcome
from zhifa.cases.models import Case, CaseDeadline, CaseEvent
from zhifa.performance import selectors
from zhifa.performance.models import CourtApplication

KIND = DeadlineKind.COURT_APPLICATION

# The steps after which the window may have moved (the decision's service starts it; a
# remedy pauses or moves it; a plan moves it to the plan's end, Art 72 ¶2).
MOVED_BY = ("record_service", "record_remedy", "record_remedy_result", "decide_payment_plan")


def _open(case: Case) -> CaseDeadline | None:
    return (
        CaseDeadline.objects.filter(case=case, kind=KIND, met_on__isnull=True, cancelled=False)
        .order_by("-id")
        .first()
    )


def refresh(case: Case, event: CaseEvent | None = None) -> None:
    """Bring the clock in line with the case: open from the day the decision is enforceable to
    the last day of the window; none while a remedy is pending, once the court was asked, or
    when nothing is owed."""
    current = _open(case)
    if (
        case.outcome != Outcome.PENALTY
        or not case.fine
        or case.decision_revoked
        or CourtApplication.objects.filter(case=case).exists()
        or case.paid >= case.fine  # the fine paid: nothing left to enforce
    ):
        if current is not None:
            clocks.cancel(case, KIND)
        return
    due = selectors.court_window_due(case)
    if due is None:  # a remedy pending: the window has not begun
        if current is not None:
            clocks.cancel(case, KIND)
        return
    if current is not None and current.due_on == due.date:
        return
    end = selectors.statutory_period_end(case, periods.Side.BUREAU)
    assert end is not None
    clocks.start(case, KIND, started_on=end + timedelta(days=1), due=due)


def register() -> None:
    from zhifa.cases import workflow

    for step in MOVED_BY:
        effects = workflow.STEP_EFFECTS.setdefault(step, [])
        if refresh not in effects:
            effects.append(refresh)
