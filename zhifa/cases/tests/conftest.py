"""Fixtures for case tests: real catalog items, parties, and ``Flow`` — a case walked through
the real actions to the stage a test needs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.record import Place
from zhifa.law.actions import import_catalog
from zhifa.law.catalog_io import DEFAULT_CATALOG, parse
from zhifa.law.models import ViolationItem
from zhifa.parties.models import Party
from zhifa.testing import parties as pf

# Real items of the seed catalog, one per shape of fine the tests need.
CODES = {
    "road": "DL-002",  # 擅自挖掘城市道路: ≤ ¥20,000 (城市道路管理条例 Art 42)
    "site": "SR-013",  # 工地未设围挡: ¥2,000–20,000 (北京市容条例 Art 46)
    "gas": "RQ-001",  # 无证燃气经营: ¥50,000–500,000 + confiscation (燃气条例 Art 45)
    "spit": "SR-001",  # 随地吐痰: ¥50 / ¥200 (北京市容条例 Art 52)
    "dog": "YQ-001",  # 犬只粪便: ¥50 (北京养犬规定 Art 30)
}
START = date(2026, 3, 2)  # a Monday with no holiday nearby


@pytest.fixture
def items(db) -> dict[str, ViolationItem]:
    raw = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    wanted = [r for r in raw if r["code"] in CODES.values()]
    assert len(wanted) == len(CODES), "seed catalog lost an item the tests use"
    import_catalog(parse(json.dumps(wanted).encode(), "json"))
    return {k: ViolationItem.objects.get(code=v) for k, v in CODES.items()}


@pytest.fixture
def company(east_street) -> Party:
    return pf.organisation(name="示范市鑫源建筑工程有限公司", street=east_street)


@pytest.fixture
def citizen(east_street) -> Party:
    return pf.person(name="王小明", street=east_street)


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-02 10:00 +0800", tick=False) as traveller:
        yield traveller


@dataclass
class Flow:
    """A general-procedure case moved through the real actions, one stage at a time."""

    handler: object
    handler2: object
    leader: object
    reviewer: object
    item: ViolationItem
    party: Party
    street: object
    day: date = START
    case: Case | None = None
    fine: Decimal = Decimal("5000")
    kinds: list[str] = field(default_factory=lambda: ["fine", "correction_order"])

    def refresh(self) -> Case:
        assert self.case is not None
        self.case.refresh_from_db()
        return self.case

    def clue(self) -> Case:
        self.case = actions.register_clue(
            source="patrol",
            found_on=self.day,
            facts="巡查发现擅自挖掘道路",
            street=self.street,
            place=Place("人民路12号"),
            actor=self.handler.user,
        )
        return self.case

    def filed(self) -> Case:
        self.clue()
        actions.request_filing(
            self.case,
            actor=self.handler.user,
            handlers=[self.handler.officer, self.handler2.officer],
            violation_item=self.item,
            party=self.party,
            act_on=self.day - timedelta(days=3),
            on=self.day,
        )
        actions.approve_filing(self.case, actor=self.leader.user, on=self.day)
        return self.refresh()

    def reported(self, outcome: str = "penalty", **kwargs: object) -> Case:
        self.filed()
        params = {
            "findings": "擅自挖掘人民路人行道约12平方米",
            "outcome": outcome,
            "on": self.day + timedelta(days=7),
        }
        if outcome == "penalty":
            params |= {
                "fine": self.fine,
                "penalty_kinds": self.kinds,
                "discretion_level": "general",
            }
        if outcome == "no_penalty":
            params |= {"no_penalty_reason": "first_minor"}
        if outcome == "transfer":
            params |= {"transfer_to": "示范区公安分局"}
        actions.submit_report(self.case, actor=self.handler.user, **(params | kwargs))
        return self.refresh()

    def notified(self, **kwargs: object) -> Case:
        self.reported(**kwargs)
        actions.notify_intended_penalty(
            self.case, actor=self.handler.user, served_on=self.day + timedelta(days=8)
        )
        return self.refresh()

    def heard(self, **kwargs: object) -> Case:
        """Notified, and the party waived statement and hearing (the period is then over)."""
        self.notified(**kwargs)
        actions.waive_statement(self.case, actor=self.handler.user, on=self.day + timedelta(days=9))
        return self.refresh()

    def reviewed(self, **kwargs: object) -> Case:
        self.heard(**kwargs)
        actions.submit_legal_review(
            self.case, actor=self.handler.user, on=self.day + timedelta(days=10)
        )
        actions.record_legal_review(
            self.case,
            actor=self.reviewer.user,
            outcome="passed",
            opinion="事实清楚，证据确凿，适用依据正确，程序合法。",
            on=self.day + timedelta(days=11),
        )
        return self.refresh()

    def decided(self, **kwargs: object) -> Case:
        self.reviewed(**kwargs)
        actions.decide(self.case, actor=self.leader.user, on=self.day + timedelta(days=14))
        return self.refresh()

    def served(self, **kwargs: object) -> Case:
        self.decided(**kwargs)
        actions.record_service(
            self.case, actor=self.handler.user, served_on=self.day + timedelta(days=15)
        )
        return self.refresh()


@pytest.fixture
def flow(handler, handler2, leader, reviewer, items, company, east_street) -> Flow:
    return Flow(handler, handler2, leader, reviewer, items["road"], company, east_street)
