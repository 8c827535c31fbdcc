"""Drawing the year's cases: for each one what happened, where, by whom, against whom, and how
it went. Every outcome the issue asks for is guaranteed by a quota (a few cases each); the rest
is drawn at random in the report's proportions.

Scenarios
- on the spot (简易程序): ``performed`` (cash on the spot or a warning), ``on_time``, ``late``
  (paid with the 3 %/day surcharge), ``unpaid`` (overdue, nothing done yet), ``reminder``
  (催告 served, waiting), ``court`` (催告, then the court); the 备案 ``on_time``/``late``/
  ``never`` (overdue).
- general procedure, before the decision: ``not_filed``, ``withdrawn``, ``stalled`` (still
  investigating past the 90-day limit), ``transfer``, ``no_penalty``, and for a penalty the
  party's answer ``waive``, ``statement``, ``silent``, ``hearing``, or legal review
  ``returned`` once, or a ``collective`` discussion (a complex case);
- after a penalty decision: the performance paths above plus ``deferral``, ``instalments``,
  ``remedy`` (行政复议) and ``unserved`` (service overdue).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from zhifa.cases.choices import Source
from zhifa.cases.record import Place
from zhifa.demo.generators import case_mix as mx
from zhifa.demo.generators.names import ROADS
from zhifa.demo.generators.timeline import Year
from zhifa.law import fines
from zhifa.org.models import Officer, OrgUnit
from zhifa.parties.models import Party

SIMPLE_POST_QUOTA = {"court": 4, "reminder": 2, "unpaid": 4, "late": 10}
SIMPLE_FILING_QUOTA = {"late": 10, "never": 4}
GENERAL_PRE_QUOTA = {
    "not_filed": 4,
    "withdrawn": 3,
    "stalled": 2,
    "transfer": 3,
    "no_penalty": 6,
    "hearing": 4,
    "statement": 5,
    "returned": 3,
    "collective": 4,
    "silent": 3,
}
GENERAL_POST_QUOTA = {
    "court": 3,
    "reminder": 1,
    "unpaid": 2,
    "late": 4,
    "deferral": 2,
    "instalments": 2,
    "remedy": 2,
    "unserved": 1,
}
# Latest start, as a share of the year up to the horizon, for a story to reach its last step.
SIMPLE_WINDOW = {"court": 0.55, "reminder": 0.65, "unpaid": 0.8, "late": 0.9}
GENERAL_WINDOW = {"court": 0.1, "reminder": 0.3, "stalled": 0.6, "unpaid": 0.7, "instalments": 0.6}
NOT_PENALTY = {"not_filed", "withdrawn", "stalled", "transfer", "no_penalty"}
SOURCES = (
    (Source.PATROL, 55),
    (Source.COMPLAINT, 25),
    (Source.INSPECTION, 10),
    (Source.TRANSFER, 5),
    (Source.SUPERVISION_ORDER, 5),
)


@dataclass
class SimplePlan:
    day: date
    street: OrgUnit
    lead: Officer
    assist: Officer
    mix: mx.Mix
    party: Party
    fine: mx.Fine
    collect: bool
    post: str
    filing: str
    photo: bool
    place: Place


@dataclass
class GeneralPlan:
    found: date
    street: OrgUnit
    lead: Officer
    assist: Officer
    mix: mx.Mix
    party: Party
    fine: mx.Fine | None
    pre: str
    post: str
    photo: bool
    place: Place
    source: str
    out_of_band: bool = False


def _quota(quota: dict[str, int], n: int, rest: str) -> list[str]:
    tags = [tag for tag, k in quota.items() for _ in range(k)][:n]
    return tags + [rest] * (n - len(tags))


def place_in(rng: random.Random, street: OrgUnit) -> Place:
    """An address in ``street`` with coordinates. Exactly six decimals, as the columns keep
    them: the record's digest covers the coordinates as given, and the audit re-reads them
    from the column (a shorter value would read back padded and fail verification)."""
    name = street.name.removesuffix("综合执法大队")
    lat = Decimal("39.880000") + Decimal(rng.randint(0, 60000)) / 1000000
    lon = Decimal("116.350000") + Decimal(rng.randint(0, 90000)) / 1000000
    return Place(f"{name}{rng.choice(ROADS)}{rng.randint(1, 288)}号", lat, lon)


def _day(y: Year, latest_share: float, *, office: bool) -> date:
    start = date(y.year, 1, 2)
    span = (y.horizon - start).days
    day = start + timedelta(days=y.rng.randint(0, int(span * latest_share)))
    if office or (day.weekday() >= 5 and y.rng.random() < 0.4):
        day = y.cal.on_or_after(day)
    return min(day, y.horizon)


def _who(y: Year, day: date, district_share: float) -> tuple[OrgUnit, Officer, Officer] | None:
    street = y.rng.choice(y.cast.streets)
    unit = y.cast.brigade if y.rng.random() < district_share else street
    pair = y.cast.pair(unit, day)
    return (street, *pair) if pair else None


def simple_plans(y: Year, n: int) -> list[SimplePlan]:
    posts = _quota(SIMPLE_POST_QUOTA, n, "auto")
    filings = _quota(SIMPLE_FILING_QUOTA, n, "on_time")
    y.rng.shuffle(filings)
    plans = []
    for post, filing in zip(posts, filings, strict=True):
        plan = None
        while plan is None:
            plan = _simple(y, post, filing)
        plans.append(plan)
    return plans


def _simple(y: Year, post: str, filing: str) -> SimplePlan | None:
    mix = mx.weighted(y.rng, [(m, m.weight) for m in mx.SIMPLE])
    kind = y.rng.choice(mix.kinds)
    fine = y.fines.simple(y.rng, mix, kind)
    if fine is None or (post != "auto" and fine.amount is None):
        return None
    collect = post == "auto" and fine.amount is not None and fine.amount <= 100
    collect = collect and y.rng.random() < 0.5
    if post == "auto":
        late = y.rng.random() < 0.04
        post = "performed" if collect or fine.amount is None else "late" if late else "on_time"
    day = _day(y, SIMPLE_WINDOW.get(post, 1.0), office=False)
    who = _who(y, day, district_share=0.2)
    if who is None:
        return None
    street, lead, assist = who
    party = y.cast.party(kind, street)
    return SimplePlan(
        day, street, lead, assist, mix, party, fine, collect, post, filing,
        photo=y.rng.random() < 0.35, place=place_in(y.rng, street),
    )  # fmt: skip


def general_plans(y: Year, n: int) -> list[GeneralPlan]:
    pres = _quota(GENERAL_PRE_QUOTA, n, "waive")
    penalties = sum(1 for p in pres if p not in NOT_PENALTY)
    posts = _quota(GENERAL_POST_QUOTA, penalties, "on_time")
    plans = []
    for pre in pres:
        post = posts.pop() if pre not in NOT_PENALTY else ""
        if post in ("court", "reminder"):
            pre = "waive" if pre in ("hearing", "returned", "collective") else pre
        plan = None
        while plan is None:
            plan = _general(y, pre, post)
        plans.append(plan)
    return plans


def _general(y: Year, pre: str, post: str) -> GeneralPlan | None:
    mix = mx.weighted(y.rng, [(m, m.weight) for m in mx.GENERAL])
    kind = y.rng.choice(mix.kinds)
    level = mx.weighted(y.rng, mx.LEVELS)
    fine = y.fines.general(y.rng, mix, kind, level)
    if fine is None:
        return None
    offered = fines.hearing_required(kind, amount=fine.amount, penalty_kinds=fine.kinds)
    if (pre == "hearing") != offered and pre in ("hearing", "silent"):
        return None  # a hearing needs the right to one; "silent" shows the open clocks plainly
    share = GENERAL_WINDOW.get(post, GENERAL_WINDOW.get(pre, 0.95))
    found = _day(y, share, office=True)
    who = _who(y, found, district_share=0.7)
    if who is None:
        return None
    street, lead, assist = who
    out_of_band = pre == "waive" and y.rng.random() < 0.05
    if out_of_band:
        lower = _below_band(y, mix, kind, fine)
        out_of_band, fine = lower is not None, lower or fine
    return GeneralPlan(
        found, street, lead, assist, mix, y.cast.party(kind, street), fine, pre, post,
        photo=y.rng.random() < 0.8, place=place_in(y.rng, street),
        source=mx.weighted(y.rng, SOURCES), out_of_band=out_of_band,
    )  # fmt: skip


def _below_band(y: Year, mix: mx.Mix, kind: str, fine: mx.Fine) -> mx.Fine | None:
    """A fine under the band but within the statute: lawful with a written reason, and it
    makes the case one for legal review (Art 58)."""
    band = y.fines.range(mix.code, kind, fine.level, fine.base)
    statutory = y.fines.range(mix.code, kind, None, fine.base)
    if not band or not statutory or band[0] <= max(statutory[0], Decimal(1)):
        return None
    amount = mx.nice_amount(y.rng, max(statutory[0], Decimal(1)), band[0] - 1)
    return mx.Fine(amount, fine.kinds, fine.level, fine.base)
