"""加处罚款 (行政处罚法 Art 72 ¶1(1); Art 73 ¶3; 行政强制法 Art 45): 3% of the unpaid fine per
overdue day, never more than the fine, not counted while review or litigation is pending."""

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhifa.performance.surcharge import compute

FINE = Decimal("1000")
DUE = date(2026, 4, 1)


def _compute(as_of, payments=(), pauses=(), schedule=None, fine=FINE):
    return compute(
        fine=fine,
        schedule=schedule or [(DUE, fine)],
        payments=list(payments),
        pauses=list(pauses),
        as_of=as_of,
    )


def test_nothing_accrues_up_to_the_due_date():
    assert _compute(DUE).surcharge_accrued == 0


def test_each_overdue_day_adds_3_percent():
    result = _compute(date(2026, 4, 11))
    assert result.surcharge_accrued == Decimal("300.00")  # 10 days × 3% × 1000
    assert result.overdue_days == 10
    assert result.total_owed == Decimal("1300.00")
    assert [line.describe() for line in result.lines] == [
        "2026-04-02 至 2026-04-11，10 日 × 3% × ¥1,000.00 = ¥300.00"
    ]


def test_the_surcharge_stops_at_the_fine():
    """Cap: 33 days give 99%, day 34 adds the last 1%; later days add nothing."""
    assert _compute(date(2026, 5, 4)).surcharge_accrued == Decimal("990.00")
    at_cap = _compute(date(2026, 5, 5))
    assert (at_cap.surcharge_accrued, at_cap.capped) == (Decimal("1000.00"), True)
    assert _compute(date(2027, 1, 1)).surcharge_accrued == FINE


def test_review_days_are_not_counted():
    """Review applied Apr 5, decided Apr 14: those 10 days are not counted (Art 73 ¶3)."""
    result = _compute(date(2026, 4, 20), pauses=[(date(2026, 4, 5), date(2026, 4, 14))])
    assert result.overdue_days == 19 - 10
    assert result.surcharge_accrued == Decimal("270.00")
    assert any(line.paused and line.days == 10 for line in result.lines)
    assert "不计加处罚款" in next(line for line in result.lines if line.paused).describe()


def test_a_pending_review_stops_the_surcharge_until_today():
    result = _compute(date(2026, 6, 1), pauses=[(date(2026, 4, 3), None)])
    assert result.surcharge_accrued == Decimal("30.00")  # Apr 2 only


def test_the_cap_is_reached_later_across_a_review():
    result = _compute(date(2026, 6, 30), pauses=[(date(2026, 4, 11), date(2026, 5, 10))])
    assert result.surcharge_accrued == FINE
    assert result.overdue_days == 34


def test_a_partial_payment_lowers_the_daily_charge():
    """¥400 paid on Apr 5 (day 4 counts at ¥1,000); from Apr 6 the charge is on ¥600."""
    result = _compute(date(2026, 4, 10), payments=[(date(2026, 4, 5), Decimal("400"), 0)])
    assert result.surcharge_accrued == Decimal("120.00") + Decimal("90.00")
    assert result.unpaid_principal == Decimal("600")


def test_paying_the_fine_on_the_due_date_owes_nothing():
    result = _compute(date(2026, 12, 31), payments=[(DUE, FINE, Decimal(0))])
    assert result.total_owed == 0
    assert result.lines == []


def test_a_day_late_costs_one_day():
    result = _compute(date(2026, 12, 31), payments=[(date(2026, 4, 2), FINE, Decimal(0))])
    assert result.surcharge_accrued == Decimal("30.00")
    assert result.surcharge_owed == Decimal("30.00")


def test_instalments_accrue_only_on_what_is_overdue():
    schedule = [(date(2026, 4, 1), Decimal("500")), (date(2026, 5, 1), Decimal("500"))]
    result = _compute(
        date(2026, 5, 3), schedule=schedule, payments=[(date(2026, 4, 1), Decimal("500"), 0)]
    )
    assert result.surcharge_accrued == Decimal("30.00")  # May 2, 3 × 3% × 500


def test_the_surcharge_is_rounded_to_the_fen():
    result = _compute(date(2026, 4, 2), fine=Decimal("33.33"), schedule=[(DUE, Decimal("33.33"))])
    assert result.surcharge_accrued == Decimal("1.00")  # 0.9999 → 1.00


@given(
    fine=st.decimals(min_value=1, max_value=500000, places=2),
    days=st.integers(min_value=0, max_value=400),
)
def test_the_surcharge_never_exceeds_the_fine(fine, days):
    from datetime import timedelta

    result = compute(
        fine=fine, schedule=[(DUE, fine)], payments=[], pauses=[], as_of=DUE + timedelta(days=days)
    )
    assert 0 <= result.surcharge_accrued <= fine
    if days >= 34:
        assert result.surcharge_accrued == fine.quantize(Decimal("0.01"))


@pytest.mark.parametrize("days", [1, 5, 33])
def test_below_the_cap_it_is_exactly_3_percent_a_day(days):
    from datetime import timedelta

    result = _compute(DUE + timedelta(days=days))
    assert result.surcharge_accrued == FINE * Decimal("0.03") * days
