"""The rows of one bulk case: its record chain, its clocks and its facts.

``Chain`` collects a case's steps and turns them into event rows whose digests are computed with
``zhifa.cases.chain.event_material`` / ``chain_digests`` exactly as ``record.append_event`` does,
so ``zhifa audit verify`` re-computes the same chain from the stored rows. ``Facts`` is the case
row the actions would have left, ``Clocks`` its deadline rows.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from zhifa.cases.numbers import CASE_WORDS, DECISION_DOCUMENTS, DECISION_WORDS
from zhifa.core import textsearch
from zhifa.core.models import NumberSequence
from zhifa.demo.generators.bulk_digest import ChainSpec, Row, StepSpec
from zhifa.documents.numbering import format_number

Out = dict[str, list[Row]]
Place = tuple[str, Decimal | None, Decimal | None]
NOWHERE: Place = ("", None, None)
ZERO = Decimal("0")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Numbering:
    """Case and decision numbers from the gapless sequences (``core.NumberSequence``), taken in
    memory and saved back at the end, so numbers never collide with the ones the application
    hands out later."""

    def __init__(self, short: str) -> None:
        self.short = short
        self.last = dict(NumberSequence.objects.values_list("key", "last"))
        self.changed: set[str] = set()

    def next(self, key: str) -> int:
        n = self.last.get(key, 0) + 1
        self.last[key] = n
        self.changed.add(key)
        return n

    def case(self, procedure: str, year: int) -> str:
        n = self.next(f"case:{procedure}:{year}")
        return f"{self.short}{CASE_WORDS[procedure]}〔{year}〕{n:05d}号"

    def decision(self, kind: str, year: int) -> str:
        """As ``cases.numbers.decision_number``: decision documents carry the 文号."""
        n = self.next(f"decision:{kind}:{year}")
        if kind in DECISION_DOCUMENTS:
            return format_number(DECISION_DOCUMENTS[kind], year, n)
        return f"{self.short}{DECISION_WORDS[kind]}〔{year}〕第{n}号"

    def save(self) -> None:
        for key in sorted(self.changed):
            updated = NumberSequence.objects.filter(key=key).update(last=self.last[key])
            if not updated:
                NumberSequence.objects.create(key=key, last=self.last[key])
        self.changed.clear()


class Ids:
    def __init__(self, first: dict[str, int]) -> None:
        self.first = dict(first)

    def take(self, table: str, count: int = 1) -> int:
        """The first of ``count`` new ids of ``table``."""
        n = self.first[table]
        self.first[table] = n + count
        return n


class Chain:
    """A case's steps: (day, kind, actor, payload, place). ``spec`` sorts them by day (stable:
    same-day steps keep the order they were added in) and gives each a moment."""

    __slots__ = ("steps",)

    def __init__(self) -> None:
        self.steps: list[tuple[date, str, int | None, dict[str, Any], Place]] = []

    def add(
        self,
        day: date,
        kind: str,
        actor: int | None,
        payload: dict[str, Any],
        place: Place = NOWHERE,
    ) -> None:
        self.steps.append((day, kind, actor, payload, place))

    def spec(
        self, number: str, case_id: int, first_id: int, rng: random.Random, clock: Clock
    ) -> ChainSpec:
        steps: list[StepSpec] = []
        moment: datetime | None = None
        last_day = None
        for day, kind, actor, payload, (text, lat, lon) in sorted(self.steps, key=_day):
            if moment is not None and day == last_day:
                moment += timedelta(seconds=120 + int(rng.random() * 2400))
            else:
                moment = clock.moment(day, rng)
            last_day = day
            steps.append((kind, actor, moment, text, lat, lon, payload))
        return number, case_id, first_id, steps


def _day(step: tuple[date, str, int | None, dict[str, Any], Place]) -> date:
    return step[0]


class Clock:
    """Moments in the bureau's time zone (office hours), as aware UTC datetimes."""

    def __init__(self, tz_name: str) -> None:
        self.tz = ZoneInfo(tz_name)
        self._bases: dict[date, datetime] = {}

    def moment(self, day: date, rng: random.Random) -> datetime:
        base = self._bases.get(day)
        if base is None:
            base = datetime.combine(day, time(8, 30), self.tz).astimezone(UTC)
            self._bases[day] = base
        return base + timedelta(seconds=int(rng.random() * 9 * 3600))


class Clocks:
    """A case's deadline rows (``CaseDeadline``): start, meet, cancel — as ``cases.clocks``."""

    def __init__(self) -> None:
        self.rows: list[list[Any]] = []  # [kind, started, due, met, cancelled]

    def start(self, kind: str, started: date, due: date) -> None:
        for r in self.rows:
            if r[0] == kind and r[3] is None and not r[4]:
                r[4] = True
        self.rows.append([kind, started, due, None, False])

    def meet(self, kind: str, day: date) -> None:
        for r in self.rows:
            if r[0] == kind and r[3] is None and not r[4]:
                r[3] = day

    def close_windows(self, on: date) -> None:
        """The party's statement and hearing-request windows close at the decision (met on
        their due date, or ``on`` if earlier), as ``cases.clocks.close_windows``."""
        for r in self.rows:
            if r[0] in ("statement", "hearing_request") and r[3] is None and not r[4]:
                r[3] = min(r[2], on)

    def cancel(self, *kinds: str) -> None:
        for r in self.rows:
            if r[3] is None and not r[4] and (not kinds or r[0] in kinds):
                r[4] = True

    def write(self, case_id: int, street_id: int | None, ids: Ids, out: Out) -> None:
        for kind, started, due, met, cancelled in self.rows:
            out["cases_casedeadline"].append(
                (ids.take("cases_casedeadline"), case_id, kind, started, due, False, met,
                 cancelled, None, None, street_id)
            )  # fmt: skip


@dataclass
class Facts:
    """The case row, with the facts the actions keep on it (cases/models/case.py)."""

    id: int
    number: str
    procedure: str
    status: str
    source: str
    item_id: int
    category: str
    party_id: int
    party_kind: str
    street_id: int
    unit_id: int
    place: tuple[str, Decimal | None, Decimal | None]
    facts: str
    found_on: date
    created_by: int
    act_on: date | None = None
    filed_on: date | None = None
    complex_case: bool = False
    requires_legal_review: bool = False
    requires_collective_discussion: bool = False
    hearing_offered: bool = False
    legal_review_done: bool = False
    collective_discussion_done: bool = False
    outcome: str = ""
    decided_on: date | None = None
    fine: Decimal | None = None
    served_on: date | None = None
    payment_due: date | None = None
    paid: Decimal = ZERO
    surcharge: Decimal = ZERO
    closed_on: date | None = None
    closing_reason: str = ""
    archived_on: date | None = None

    def row(self, events: int, head_sm3: str, head_sha: str, created: Any, mac: str) -> Row:
        text, lat, lon = self.place
        return (
            self.id, self.number, self.procedure, self.status, events, self.source,
            self.item_id, self.category, self.party_id, self.party_kind, self.street_id,
            self.unit_id, text, lat, lon, self.facts, self.act_on, None, False, False,
            self.found_on, self.filed_on, False, self.complex_case, self.requires_legal_review,
            self.requires_collective_discussion, self.hearing_offered, self.legal_review_done,
            self.collective_discussion_done, False, self.outcome, self.decided_on, self.fine,
            self.served_on, self.payment_due, self.paid, self.surcharge, False, self.closed_on,
            self.closing_reason, self.archived_on, events, head_sm3, head_sha, created,
            self.created_by, mac, textsearch.tokens(self.number, text),
        )  # fmt: skip


def surcharge(fine: Decimal, due: date, on: date) -> Decimal:
    """加处罚款 on ``on`` for a fine due on ``due`` and unpaid (Art 72: 3 % a day, capped at the
    fine); the same count as ``performance.surcharge`` for one due date and no pause."""
    days = max((on - due).days, 0)
    return min(fine * Decimal("0.03") * days, fine).quantize(Decimal("0.01"))
