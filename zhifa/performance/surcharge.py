"""The late-payment surcharge (加处罚款), day by day, with the computation shown.

行政处罚法 Art 72 ¶1(1): a party that does not pay by the deadline is charged 3% of the fine
for every overdue day, and the surcharge may not exceed the fine (also 行政强制法 Art 45).
Art 73 ¶3: the days while an administrative review or a lawsuit is pending are not counted.

Counting (rules.md §3, an interpretation where the law is silent): day d is overdue for an
amount due on D when d > D; a payment made on day d still leaves day d charged (overdue days =
payment date − due date); the charge of a day is 3% of the principal overdue and unpaid that
day, so partial payments and instalments lower it. Amounts are rounded to the fen (0.01) once, on
the total (the rounding rule is not in the law).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from zhifa.law import statute

ZERO = Decimal("0")
FEN = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    """A run of days with the same overdue principal and the same pause state."""

    start: date
    end: date
    principal: Decimal
    paused: bool
    amount: Decimal

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def describe(self) -> str:
        span = f"{self.start} 至 {self.end}，{self.days} 日"
        if self.paused:
            return f"{span}：复议/诉讼期间，不计加处罚款 (行政处罚法第73条)"
        return f"{span} × 3% × ¥{self.principal:,.2f} = ¥{self.amount:,.2f}"


@dataclass(frozen=True)
class Computation:
    as_of: date
    fine: Decimal
    principal_paid: Decimal
    surcharge_paid: Decimal
    surcharge_accrued: Decimal
    capped: bool
    lines: list[Line] = field(default_factory=list)

    @property
    def unpaid_principal(self) -> Decimal:
        return max(self.fine - self.principal_paid, ZERO)

    @property
    def surcharge_owed(self) -> Decimal:
        return max(self.surcharge_accrued - self.surcharge_paid, ZERO)

    @property
    def total_owed(self) -> Decimal:
        return self.unpaid_principal + self.surcharge_owed

    @property
    def overdue_days(self) -> int:
        return sum(line.days for line in self.lines if not line.paused)


def compute(
    *,
    fine: Decimal,
    schedule: Sequence[tuple[date, Decimal]],
    payments: Sequence[tuple[date, Decimal, Decimal]],
    pauses: Sequence[tuple[date, date | None]],
    as_of: date,
    rate: Decimal = statute.SURCHARGE_RATE,
    cap: Decimal = statute.SURCHARGE_CAP,
) -> Computation:
    """``schedule``: (due date, principal due) — one row, or one per instalment; ``payments``:
    (paid on, principal part, surcharge part); ``pauses``: (first day, last day or None while
    pending) of review or litigation."""
    limit = fine * cap
    principal_paid = sum((p for d, p, _ in payments if d <= as_of), ZERO)
    surcharge_paid = sum((s for d, _, s in payments if d <= as_of), ZERO)
    if not schedule:
        return Computation(as_of, fine, principal_paid, surcharge_paid, ZERO, False)
    first_due = min(d for d, _ in schedule)
    lines: list[Line] = []
    accrued = ZERO
    capped = False
    day = first_due + timedelta(days=1)
    while day <= as_of and not capped:
        due_before = sum((a for d, a in schedule if d < day), ZERO)
        paid_before = sum((p for d, p, _ in payments if d < day), ZERO)
        principal = max(due_before - paid_before, ZERO)
        if principal == ZERO and paid_before >= fine:
            break  # fully paid: nothing more accrues
        paused = any(start <= day and (end is None or day <= end) for start, end in pauses)
        charge = ZERO if paused or principal == ZERO else principal * rate
        if accrued + charge >= limit:
            charge = limit - accrued
            capped = True
        accrued += charge
        _extend(lines, day, principal, paused, charge)
        day += timedelta(days=1)
    lines = [line for line in lines if line.paused or line.principal > ZERO]
    return Computation(
        as_of,
        fine,
        principal_paid,
        surcharge_paid,
        accrued.quantize(FEN, rounding=ROUND_HALF_UP),
        capped,
        lines,
    )


def _extend(
    lines: list[Line], day: date, principal: Decimal, paused: bool, charge: Decimal
) -> None:
    last = lines[-1] if lines else None
    if (
        last
        and last.end == day - timedelta(days=1)
        and last.principal == principal
        and last.paused == paused
    ):
        lines[-1] = Line(last.start, day, principal, paused, last.amount + charge)
    else:
        lines.append(Line(day, day, principal, paused, charge))


def split_payment(amount: Decimal, *, unpaid_principal: Decimal) -> tuple[Decimal, Decimal]:
    """A payment goes to the fine first, then to the surcharge."""
    principal = min(amount, unpaid_principal)
    return principal, amount - principal
