"""Credit profile (信用档案) for staff: a party's enforcement history across all cases, and
repeat violations of the same item (they weigh in discretion: the benchmarks of 行政处罚法 Art 34
treat a repeated violation as a heavier circumstance).

These are staff views, shown on the party and case pages to users who may see the case
(``cases.access.cases_visible_to``: a street officer sees its street's cases only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from zhifa.calendar.periods import add_months_plain
from zhifa.cases.access import cases_visible_to
from zhifa.cases.choices import Outcome
from zhifa.cases.models import Case
from zhifa.disclosure.config import disclosure_rules
from zhifa.disclosure.models import Publication
from zhifa.org.models import User

HISTORY_LIMIT = 50


@dataclass(frozen=True)
class HistoryRow:
    case_pk: int
    number: str
    found_on: date
    violation: str
    procedure: str
    status: str
    outcome: str
    decided_on: date | None
    fine: Decimal | None
    paid: Decimal
    revoked: bool
    publication: str  # the publication status label, or ""


@dataclass(frozen=True)
class PartyHistory:
    rows: list[HistoryRow]
    total: int
    hidden: int  # cases of the party outside the viewer's data scope
    penalties: int
    fines: Decimal


def party_history(party_id: int, viewer: User) -> PartyHistory:
    every = Case.objects.filter(party_id=party_id)
    visible = cases_visible_to(viewer).filter(party_id=party_id)
    cases = list(
        visible.select_related("violation_item").order_by("-found_on", "-id")[:HISTORY_LIMIT]
    )
    shown = {
        p.case_id: p.get_status_display()
        for p in Publication.objects.filter(case__in=[c.pk for c in cases]).order_by("id")
    }
    rows = [
        HistoryRow(
            case_pk=c.pk,
            number=c.number,
            found_on=c.found_on,
            violation=c.violation_item.name if c.violation_item else "",
            procedure=c.get_procedure_display(),
            status=c.get_status_display(),
            outcome=c.get_outcome_display() if c.outcome else "",
            decided_on=c.decided_on,
            fine=c.fine,
            paid=c.paid,
            revoked=c.decision_revoked,
            publication=shown.get(c.pk, ""),
        )
        for c in cases
    ]
    # one aggregate in the database (summing in Python loaded every penalty case of the
    # party: 1,700 rows, 60 ms, for a party of a city's bulk year)
    in_force = Q(outcome=Outcome.PENALTY, decision_revoked=False)
    sums = visible.aggregate(
        total=Count("id"),
        penalties=Count("id", filter=in_force),
        fines=Sum("fine", filter=in_force),
    )
    total = sums["total"]
    return PartyHistory(
        rows=rows,
        total=total,
        hidden=every.count() - total,
        penalties=sums["penalties"],
        fines=sums["fines"] or Decimal(0),
    )


def repeat_window(case: Case) -> tuple[date, date]:
    """(from, to): the period before this case's act in which the same violation counts as a
    repetition (``ZHIFA_REPEAT_VIOLATION_MONTHS``, default 12)."""
    ref = case.act_on or case.found_on or timezone.localdate()
    months = disclosure_rules().repeat_violation_months
    return add_months_plain(ref, -months), ref


def repeat_possible() -> Exists:
    """For the case page's query (``facts.register_probe``): whether the case's party has any
    other penalty decision in force for the same catalog item. Without one ``repeat_violations``
    is empty (with one, it looks at the window)."""
    return Exists(
        Case.objects.filter(
            party_id=OuterRef("party_id"),
            violation_item_id=OuterRef("violation_item_id"),
            outcome=Outcome.PENALTY,
            decision_revoked=False,
            decided_on__isnull=False,
        ).exclude(pk=OuterRef("pk"))
    )


def repeat_violations(case: Case) -> list[Case]:
    """Earlier penalty decisions against the same party for the same catalog item within the
    window, still in force (a revoked decision is no repetition)."""
    if case.party_id is None or case.violation_item_id is None:
        return []
    start, end = repeat_window(case)
    return list(
        Case.objects.filter(
            party_id=case.party_id,
            violation_item_id=case.violation_item_id,
            outcome=Outcome.PENALTY,
            decision_revoked=False,
            decided_on__gte=start,
            decided_on__lte=end,
        )
        .exclude(pk=case.pk)
        .order_by("-decided_on", "-id")
    )
