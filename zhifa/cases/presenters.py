"""Rows of the case and deadline lists as a given viewer may see them: every party through
``present_party`` (masked for auxiliary staff); and what other apps add to the case API's
detail (``DETAIL_PARTS``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from zhifa.cases.choices import HandlerRole
from zhifa.cases.models import Case, CaseDeadline, CaseHandler
from zhifa.org.models import User
from zhifa.parties.presenters import PartyName, present_party_name


@dataclass(frozen=True)
class CaseRow:
    case: Case
    party: PartyName | None
    handlers: list[str]
    next_due: date | None
    overdue: bool


def _lead_first(case: Case) -> list[CaseHandler]:
    rows = getattr(case, "active_handlers", [])  # prefetched by selectors.with_list_data
    return sorted(rows, key=lambda h: (h.role != HandlerRole.LEAD, h.pk))


def case_rows(cases: Iterable[Case], viewer: User, today: date) -> list[CaseRow]:
    """Cases from ``selectors.with_list_data`` as the viewer may see them (party masked for
    auxiliary staff)."""
    rows = []
    for case in cases:
        next_due: date | None = getattr(case, "next_due", None)
        rows.append(
            CaseRow(
                case=case,
                party=present_party_name(case.party, viewer) if case.party else None,
                handlers=[h.officer.name for h in _lead_first(case)],
                next_due=next_due,
                overdue=next_due is not None and next_due < today,
            )
        )
    return rows


@dataclass(frozen=True)
class DeadlineRow:
    deadline: CaseDeadline
    party: PartyName | None
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0


def deadline_rows(
    deadlines: Iterable[CaseDeadline], viewer: User, today: date
) -> list[DeadlineRow]:
    return [
        DeadlineRow(
            deadline=d,
            party=present_party_name(d.case.party, viewer) if d.case.party else None,
            days_left=(d.due_on - today).days,
        )
        for d in deadlines
    ]


# --- The case API's detail -------------------------------------------------------------------


@dataclass(frozen=True)
class DetailPart:
    """What another app adds to the case API's detail (``GET /api/v1/cases/{id}`` and
    ``/by-number/{number}``): its fields (name → type, as a pydantic annotation, in the order
    shown) and, for one case, viewer and day, their values."""

    fields: dict[str, Any]
    present: Callable[[Case, User, date], dict[str, Any]]


# Registered from the apps' ``ready()`` (performance: payments, plans, 催告, the court, what is
# owed), so ``cases.api.schemas.case_detail_out`` builds ``CaseDetailOut`` once the apps are.
DETAIL_PARTS: list[DetailPart] = []


def register_detail_part(part: DetailPart) -> None:
    if part not in DETAIL_PARTS:
        DETAIL_PARTS.append(part)
