"""Statutory clocks of a case: start (store the due date), meet, cancel. Due dates come from
``zhifa.calendar.periods`` only."""

from __future__ import annotations

from datetime import date

from zhifa.calendar.periods import DueDate
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.core.actions import settle_notifications


def start(case: Case, kind: str, *, started_on: date, due: DueDate) -> CaseDeadline:
    """Open a deadline (an earlier open one of the same kind is superseded)."""
    earlier = CaseDeadline.objects.filter(
        case=case, kind=kind, met_on__isnull=True, cancelled=False
    )
    settle_reminders(list(earlier.values_list("pk", flat=True)))
    earlier.update(cancelled=True)
    return CaseDeadline.objects.create(
        case=case,
        street_id=case.street_id,  # the street's own index of its clocks
        kind=kind,
        started_on=started_on,
        due_on=due.date,
        provisional=due.provisional,
    )


def move_due(case: Case, kind: str, *, due: DueDate) -> tuple[CaseDeadline, CaseDeadline]:
    """A changed due date (an approved extension): the open row is superseded (cancelled, so its
    due date stays on record) by one with the same start and the new due date, whose reminder
    and missed flags start afresh. The caller records old and new in the step's event."""
    old = (
        CaseDeadline.objects.select_for_update()
        .filter(case=case, kind=kind, met_on__isnull=True, cancelled=False)
        .order_by("-id")
        .first()
    )
    if old is None:
        raise ValueError(f"no open {kind} deadline to move")
    new = start(case, kind, started_on=old.started_on, due=due)
    old.refresh_from_db()
    return old, new


def meet(case: Case, kind: str, on: date) -> None:
    rows = CaseDeadline.objects.filter(case=case, kind=kind, met_on__isnull=True, cancelled=False)
    settle_reminders(list(rows.values_list("pk", flat=True)))
    rows.update(met_on=on)


def settle_reminders(deadline_ids: list[int]) -> None:
    """A deadline met, closed or cancelled: its reminders (soon, missed) no longer ask for work."""
    for pk in deadline_ids:
        settle_notifications(f"deadline-missed:{pk}", prefix=f"deadline-soon:{pk}:")


# The party's periods: they open a right (to state, to ask for a hearing) and simply run out;
# passing them is no one's failure.
WINDOWS = (DeadlineKind.STATEMENT, DeadlineKind.HEARING_REQUEST)


def close_windows(case: Case, on: date) -> None:
    """Close the party's windows that are still open: met on their due date (or ``on``, if
    earlier)."""
    for row in CaseDeadline.objects.filter(
        case=case, kind__in=WINDOWS, met_on__isnull=True, cancelled=False
    ):
        row.met_on = min(row.due_on, on)
        row.save(update_fields=["met_on"])
        settle_reminders([row.pk])


def cancel(case: Case, *kinds: str) -> None:
    """Deadlines that no longer apply (e.g. every clock of a withdrawn case)."""
    qs = CaseDeadline.objects.filter(case=case, met_on__isnull=True, cancelled=False)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    settle_reminders(list(qs.values_list("pk", flat=True)))
    qs.update(cancelled=True)


def due_on(case: Case, kind: str) -> date | None:
    row = (
        CaseDeadline.objects.filter(case=case, kind=kind, cancelled=False)
        .order_by("-id")
        .values_list("due_on", flat=True)
        .first()
    )
    return row
