"""The 催告's stored wait (``Reminder.wait_until``) follows its clock when a confirmed holiday
schedule moves it (``cases.recalendar``; 行政强制法 Arts 54, 69)."""

from __future__ import annotations

from datetime import date

from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.cases.recalendar import register_copy
from zhifa.performance.models import Reminder


def _reminder_wait(case: Case, row: CaseDeadline, old: date, new: date) -> None:
    Reminder.objects.filter(case=case, served_on=row.started_on, wait_until=old).update(
        wait_until=new
    )


register_copy(DeadlineKind.REMINDER_WAIT, _reminder_wait)
