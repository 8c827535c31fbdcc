"""Fixtures for case tests: real catalog items, parties, and ``Flow`` — a case walked through
the real actions to the stage a test needs."""

from __future__ import annotations

import json
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.record import Place
from zhifa.documents.choices import DocumentKind as K
from zhifa.law.actions import import_catalog
from zhifa.law.catalog_io import DEFAULT_CATALOG, parse
from zhifa.law.models import ViolationItem
from zhifa.parties.models import Party
from zhifa.testing import parties as pf
from zhifa.testing import service
from zhifa.testing.review import checklist, returned

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

    @property
    def attendee_ids(self) -> list[int]:
        """A 负责人集体讨论 (Art 57 ¶2) of three officers: the head, the legal reviewer and the
        lead handler (who reports the case)."""
        return [self.leader.officer.pk, self.reviewer.officer.pk, self.handler.officer.pk]

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
        params |= kwargs
        with on_the_day(params["on"]):
            actions.submit_report(self.case, actor=self.handler.user, **params)
        return self.refresh()

    def notified(self, **kwargs: object) -> Case:
        self.reported(**kwargs)
        with on_the_day(self.day + timedelta(days=8)):
            actions.notify_intended_penalty(
                self.case, actor=self.handler.user, on=self.day + timedelta(days=8)
            )
        # the periods to state and ask for a hearing run from its service (Arts 44, 62)
        self.serve(K.PRIOR_NOTICE, self.day + timedelta(days=8))
        return self.refresh()

    def heard(self, **kwargs: object) -> Case:
        """Notified, and the party waived statement and hearing (the period is then over)."""
        self.notified(**kwargs)
        with on_the_day(self.day + timedelta(days=9)):
            actions.waive_statement(
                self.case, actor=self.handler.user, on=self.day + timedelta(days=9)
            )
        return self.refresh()

    def reviewed(self, **kwargs: object) -> Case:
        self.heard(**kwargs)
        with on_the_day(self.day + timedelta(days=10)):
            actions.submit_legal_review(
                self.case, actor=self.handler.user, on=self.day + timedelta(days=10)
            )
        with on_the_day(self.day + timedelta(days=11)):
            actions.record_legal_review(
                self.case,
                actor=self.reviewer.user,
                outcome="passed",
                opinion="事实清楚，证据确凿，适用依据正确，程序合法。",
                checklist=checklist(),
                on=self.day + timedelta(days=11),
            )
        return self.refresh()

    def decided(self, **kwargs: object) -> Case:
        self.reviewed(**kwargs)
        with on_the_day(self.day + timedelta(days=14)):
            actions.decide(self.case, actor=self.leader.user, on=self.day + timedelta(days=14))
        return self.refresh()

    def served(self, **kwargs: object) -> Case:
        self.decided(**kwargs)
        assert self.case is not None
        kind = K.NO_PENALTY_DECISION if self.case.outcome == "no_penalty" else K.PENALTY_DECISION
        self.serve(kind, self.day + timedelta(days=15))
        return self.refresh()

    def serve(self, kind: str, on: date) -> None:
        """Serve the case's document of ``kind`` through the delivery app, recorded on ``on``
        (the clock moves there for the entry when the test's "now" is before it)."""
        with on_the_day(on):
            service.serve_kind(self.refresh(), kind, actor=self.handler.user, on=on)


@pytest.fixture
def flow(handler, handler2, leader, reviewer, items, company, east_street) -> Flow:
    return Flow(handler, handler2, leader, reviewer, items["road"], company, east_street)


# --- the case API through bearer tokens (appended for the API tests) ---------------------------


def on_the_day(day: date):
    """Record something on ``day`` (18:00): the clock moves there when "now" is before it."""
    from django.utils import timezone

    if day <= timezone.localdate():
        return nullcontext()
    return time_machine.travel(f"{day.isoformat()} 18:00 +0800", tick=False)


# Dates planned ahead, which may lie in the future when recorded.
PLANNED = frozenset({"hearing_on", "due_on"})


def recorded_on_the_day(body: dict | None, expect: int):
    """A clerk records a step on (or after) the day it happened: for a step expected to
    succeed, the clock moves to the latest fact date of the body when that is ahead of "now"
    (the API refuses future fact dates). Steps expected to be refused as bad input (422) keep
    the clock; a step refused by a rule (409) is tried on its day, as it would be."""
    from django.utils import timezone

    days = []
    for key, value in (body or {}).items():
        if (key == "on" or key.endswith("_on")) and key not in PLANNED and isinstance(value, str):
            with suppress(ValueError):  # a malformed date the test sends on purpose
                days.append(date.fromisoformat(value))
        if key.endswith("_at") and isinstance(value, str):  # a time: recorded that evening
            with suppress(ValueError):
                days.append(datetime.fromisoformat(value).date())
    latest = max(days, default=None)
    if expect == 422 or latest is None or latest <= timezone.localdate():
        return nullcontext()
    return time_machine.travel(f"{latest.isoformat()} 18:00 +0800", tick=False)


@dataclass
class ApiClient:
    """One persona's client of /api/v1/cases/, authenticated with a bearer token."""

    client: object
    base: str = "/api/v1/cases/"

    def get(self, path: str = "", expect: int = 200, **params: object):
        response = self.client.get(self.base + path, params)
        assert response.status_code == expect, response.content.decode()
        return response.json()

    def post(self, path: str, body: dict | None = None, expect: int = 200):
        """A JSON step; ``expect`` is the status the test expects (the body is shown if not)."""
        with recorded_on_the_day(body, expect):
            response = self.client.post(
                self.base + path, body or {}, content_type="application/json"
            )
        assert response.status_code == expect, response.content.decode()
        return response.json()

    def serve(self, case_id: int, kind: str, served_on: str, expect: int = 201) -> dict:
        """直接送达 of the case's document of ``kind`` through /api/v1/delivery/, proved by the
        photo of the signed 送达回证 (民事诉讼法 Art 87), recorded on ``served_on``."""
        import io

        from zhifa.testing.service import PNG

        listed = self.client.get(f"/api/v1/delivery/cases/{case_id}/documents")
        assert listed.status_code == 200, listed.content.decode()
        doc = next(d for d in reversed(listed.json()) if d["kind"] == kind)
        scan = io.BytesIO(PNG)
        scan.name = "送达回证.png"
        data = {"served_on": served_on, "receipt_scan": scan}
        with recorded_on_the_day({"served_on": served_on}, expect):
            response = self.client.post(
                f"/api/v1/delivery/documents/{doc['id']}/in-person/scan", data
            )
        assert response.status_code == expect, response.content.decode()
        return response.json()

    def upload(self, path: str, data: dict, expect: int = 201):
        """A multipart step (files under ``files``)."""
        with recorded_on_the_day(data, expect):
            response = self.client.post(self.base + path, data)
        assert response.status_code == expect, response.content.decode()
        return response.json()


@pytest.fixture
def api(db):
    """``api(persona)``: a client of the case API with a fresh bearer token of that persona."""
    from django.test import Client

    from zhifa.core.actions import create_api_token

    def make(persona: object) -> ApiClient:
        _, raw = create_api_token(persona.user)
        return ApiClient(Client(headers={"Authorization": f"Bearer {raw}"}))

    return make


@dataclass
class ApiFlow:
    """A general-procedure case walked through the API, one stage at a time, each step sending
    the version it last saw (as a client holding a copy would)."""

    handler: ApiClient
    leader: ApiClient
    reviewer: ApiClient
    handler_ids: list[int]
    violation_code: str
    party_id: int
    street_id: int
    day: date = START
    fine: str = "5000.00"
    kinds: list[str] = field(default_factory=lambda: ["fine", "correction_order"])
    case_id: int = 0
    version: int = 0

    def on(self, days: int) -> str:
        return (self.day + timedelta(days=days)).isoformat()

    def step(self, who: ApiClient, path: str, body: dict | None = None, expect: int = 200) -> dict:
        """POST ``path`` of the case with the version last seen; keeps the new version."""
        body = {"version": self.version, **(body or {})}
        result = who.post(f"{self.case_id}/{path}", body, expect=expect)
        if expect < 300:  # a refusal leaves the case (and its version) as it was
            case = result.get("case", result)
            self.version = case["version"]
        return result

    def case(self) -> dict:
        return self.handler.get(str(self.case_id))

    def clue(self, **fields: object) -> dict:
        data = {
            "source": "patrol",
            "found_on": self.day.isoformat(),
            "facts": "巡查发现擅自挖掘道路",
            "place": "人民路12号",
            "street_id": self.street_id,
        } | fields
        row = self.handler.upload("clues", data)
        self.case_id, self.version = row["id"], row["version"]
        return row

    def filed(self, **fields: object) -> dict:
        self.clue()
        body = {
            "handler_ids": self.handler_ids,
            "violation_code": self.violation_code,
            "party_id": self.party_id,
            "act_on": self.on(-3),
            "on": self.on(0),
        } | fields
        self.step(self.handler, "request-filing", body)
        return self.step(self.leader, "approve-filing", {"on": self.on(0)})

    def reported(self, outcome: str = "penalty", **fields: object) -> dict:
        self.filed()
        body: dict = {"findings": "擅自挖掘人民路人行道约12平方米", "outcome": outcome}
        if outcome == "penalty":
            body |= {"fine": self.fine, "penalty_kinds": self.kinds, "discretion_level": "general"}
        if outcome == "no_penalty":
            body |= {"no_penalty_reason": "first_minor"}
        if outcome == "transfer":
            body |= {"transfer_to": "示范区公安分局"}
        return self.step(self.handler, "report", body | {"on": self.on(7)} | fields, expect=201)

    def notified(self, **fields: object) -> dict:
        self.reported(**fields)
        notice = self.step(self.handler, "notice", {"on": self.on(8)}, expect=201)
        self.serve(K.PRIOR_NOTICE, 8)  # the periods run from its service (Arts 44, 62)
        return notice

    def heard(self, **fields: object) -> dict:
        """Notified, and the party expressly waived statement and hearing."""
        self.notified(**fields)
        return self.step(self.handler, "waive-statement", {"on": self.on(9)})

    def review(self, submit: int, decide: int, outcome: str = "passed") -> dict:
        self.step(self.handler, "legal-review", {"on": self.on(submit)}, expect=201)
        opinion = "事实清楚，证据确凿，适用依据正确，程序合法。"
        rows = checklist()
        if outcome != "passed":
            opinion, rows = "证据不足，请补充调查", returned()
        body = {"outcome": outcome, "opinion": opinion, "checklist": rows, "on": self.on(decide)}
        return self.step(self.reviewer, "legal-review/opinion", body)

    def reviewed(self, **fields: object) -> dict:
        self.heard(**fields)
        return self.review(10, 11)

    def decided(self, **fields: object) -> dict:
        self.reviewed(**fields)
        return self.step(self.leader, "decide", {"on": self.on(14)})

    def served(self, **fields: object) -> dict:
        self.decided(**fields)
        kind = K.PENALTY_DECISION
        if self.case().get("outcome") == "no_penalty":
            kind = K.NO_PENALTY_DECISION
        self.serve(kind, 15)
        return self.case()

    def serve(self, kind: str, days: int) -> dict:
        """Serve the case's document of ``kind`` on day ``days`` through the delivery API."""
        service = self.handler.serve(self.case_id, kind, self.on(days))
        self.version = self.case()["version"]
        return service

    def closed_and_archived(self, on: str) -> dict:
        self.step(self.leader, "close", {"on": on})
        return self.step(self.leader, "archive", {"on": on})


@pytest.fixture
def api_flow(api, handler, handler2, leader, reviewer, items, company, east_street) -> ApiFlow:
    return ApiFlow(
        handler=api(handler),
        leader=api(leader),
        reviewer=api(reviewer),
        handler_ids=[handler.officer.pk, handler2.officer.pk],
        violation_code=items["road"].code,
        party_id=company.pk,
        street_id=east_street.pk,
    )
