from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Query, Router, Schema

from zhifa.calendar import periods
from zhifa.core.errors import InvalidInput

router = Router(tags=["法定日历"])

MAX_WORKING_DAYS, MAX_DAYS, MAX_MONTHS = (
    periods.LIMITS[k] for k in ("working_days", "days", "months")
)


class DueOut(Schema):
    start: date
    rule: str
    due: date
    provisional: bool


@router.get("/deadline", response=DueOut, summary="计算法定期间的到期日")
def deadline(
    request: HttpRequest,
    start: date,
    # bounded (periods.LIMITS): a typed 10^9 is a clear 422, not a request that counts for an hour
    working_days: int | None = Query(None, ge=-MAX_WORKING_DAYS, le=MAX_WORKING_DAYS),
    days: int | None = Query(None, ge=-MAX_DAYS, le=MAX_DAYS),
    months: int | None = Query(None, ge=-MAX_MONTHS, le=MAX_MONTHS),
    side: periods.Side = periods.Side.PARTY,
) -> dict:
    """``side``: whose period it is — for a day next year's schedule may still turn, the
    party's period is counted to its latest possible end, the bureau's duty to its earliest
    (``provisional`` is then true)."""
    given = {
        k: v
        for k, v in {"working_days": working_days, "days": days, "months": months}.items()
        if v is not None
    }
    if len(given) != 1:
        raise InvalidInput(
            "one_period", "working_days、days、months 须且只须给出一个", field="working_days"
        )
    rule, n = next(iter(given.items()))
    func = {
        "working_days": periods.add_working_days,
        "days": periods.add_days,
        "months": periods.add_months,
    }[rule]
    due = func(start, n, side=side)
    return {"start": start, "rule": f"{rule}={n}", "due": due.date, "provisional": due.provisional}


@router.get("/working-day", summary="某日是否为工作日")
def working_day(request: HttpRequest, on: date, side: periods.Side = periods.Side.PARTY) -> dict:
    return {
        "date": on,
        "working_day": periods.is_working_day(on, side=side),
        "provisional": periods.is_provisional(on),
    }
