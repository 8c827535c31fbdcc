"""Fixtures for disclosure tests: the case fixtures (``flow``, ``items``, ``company``,
``citizen``) walked through the real actions, the hourly job run on a given day with the clock
frozen there, and helpers for the party's review results."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from zhifa.cases import actions as case_actions
from zhifa.cases.models import Case, Decision, Remedy
from zhifa.cases.record import Place
from zhifa.cases.tests.conftest import (  # noqa: F401  (fixtures re-exported for these tests)
    CODES,
    Flow,
    citizen,
    company,
    flow,
    frozen,
    items,
)
from zhifa.disclosure.models import Publication
from zhifa.disclosure.tasks import run_disclosure

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """The rate limit and the statistics live in the cache; each test starts without them."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def clock() -> Iterator[Callable[[date], None]]:
    """``clock(day)``: the clock is frozen at 10:00 of ``day`` (Asia/Shanghai) from now on."""
    with time_machine.travel(at(date(2026, 3, 2)), tick=False) as traveller:
        yield lambda day: traveller.move_to(at(day))


def run_job(day: date) -> dict[str, int]:
    """The hourly job as the scheduler runs it, on ``day``."""
    with time_machine.travel(at(day, 11), tick=False):
        return run_disclosure.call()


def publication_of(case: Case) -> Publication:
    decision = Decision.objects.filter(case=case).order_by("-id").first()
    assert decision is not None
    return Publication.objects.get(decision=decision)


def remedy_result(
    case: Case, actor: object, *, result: str, applied_on: date, decided_on: date, **kw: object
) -> Remedy:
    """The party applied for review on ``applied_on``; the result came on ``decided_on`` and
    reached the party that day (unless ``result_received_on`` says otherwise)."""
    remedy = case_actions.record_remedy(
        case, actor=actor, kind="review", applied_on=applied_on, body="示范区人民政府"
    )
    kw.setdefault("result_received_on", decided_on)
    return case_actions.record_remedy_result(
        remedy, actor=actor, result=result, decided_on=decided_on, **kw
    )


@dataclass
class Decided:
    """A general-procedure penalty decided on ``decided_on`` (the flow starts 14 days before)."""

    flow: Flow
    case: Case

    @property
    def decided_on(self) -> date:
        assert self.case.decided_on is not None
        return self.case.decided_on


def decide_general(walk: Flow, clock: Callable[[date], None], on: date, **kw: object) -> Decided:
    clock(on)
    walk.day = on - timedelta(days=14)
    if kw.get("discretion_level") != "serious":
        return Decided(walk, walk.decided(**kw))
    # Serious cases are decided collectively (行政处罚法 Art 57 ¶2).
    case = walk.reviewed(**kw)
    case_actions.record_collective_discussion(
        case,
        actor=walk.leader.user,
        held_on=on - timedelta(days=1),
        attendee_ids=walk.attendee_ids,
        conclusion="情节严重，按严重档次处罚",
        agreed_outcome="penalty",
    )
    case_actions.decide(case, actor=walk.leader.user, on=on)
    return Decided(walk, walk.refresh())


@pytest.fixture
def decided(flow: Flow, clock: Callable[[date], None]) -> Callable[..., Decided]:  # noqa: F811
    return lambda on, **kw: decide_general(flow, clock, on, **kw)


def on_the_spot(
    handler: object,
    handler2: object,
    item: object,
    party: object,
    street: object,
    *,
    fine: str = "50",
) -> Case:
    decision = case_actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=item,
        party=party,
        facts="当事人王小明在人民路随地吐痰，身份证号110101199003071234，电话13812345678",
        place=Place("人民路12号"),
        street=street,
        penalty_kinds=["fine"],
        fine=Decimal(fine),
    )
    return decision.case


@pytest.fixture
def anonymous() -> Client:
    return Client()
