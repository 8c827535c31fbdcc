"""Each role's home shows its queues oldest due first, each with its count (issue 9 §2): the
handler's missed and coming deadlines, the leader's approvals (filing, decisions, closing,
archiving), the reviewer's cases by the decision limit that presses."""

from __future__ import annotations

import re

import pytest

from zhifa.cases import actions
from zhifa.cases.tests.conftest import on_the_day
from zhifa.cases.tests.pages_helpers import at, day
from zhifa.cases.tests.test_pages_intake import pending

pytestmark = pytest.mark.django_db


def panel(text: str, panel_id: str) -> str:
    start = text.find(f'id="{panel_id}"')
    assert start >= 0, f"{panel_id} not on the page"
    return text[start : text.find("</section>", start)]


def section(text: str, heading_id: str, next_id: str | None = None) -> str:
    start = text.find(f'id="{heading_id}"')
    end = text.find(f'id="{next_id}"') if next_id else len(text)
    return text[start:end]


def count_of(text: str, heading_id: str) -> int:
    match = re.search(rf'id="{heading_id}"[^<]*<span class="badge[^"]*">(\d+)</span>', text)
    assert match, f"no count after {heading_id}"
    return int(match.group(1))


def test_the_handler_sees_missed_and_coming_deadlines_apart_each_counted(flow, frozen, handler):
    # the prior notice's statement period: served on day 8, due 3 working days on (Art 62)
    case = flow.notified()
    at(frozen, 13)
    home = panel(handler.client().get("/").content.decode(), "panel-today")
    assert count_of(home, "queue-overdue") == 0
    assert count_of(home, "queue-due") >= 1
    assert case.number in section(home, "queue-due")
    at(frozen, 40)  # the statement period and the filing's decision limit long gone
    home = panel(handler.client().get("/").content.decode(), "panel-today")
    overdue = section(home, "queue-overdue", "queue-due")
    assert count_of(home, "queue-overdue") >= 1
    assert case.number in overdue
    assert "陈述申辩期限" in overdue


def test_the_handlers_overdue_queue_is_oldest_first(flow, frozen, handler):
    first = flow.notified()
    flow.case = None
    at(frozen, 5)
    flow.day = day(5)
    second = flow.notified()
    at(frozen, 60)
    home = panel(handler.client().get("/").content.decode(), "panel-today")
    overdue = section(home, "queue-overdue", "queue-due")
    assert overdue.find(first.number) < overdue.find(second.number)


def test_the_leader_sees_closing_and_archiving_waiting(flow, frozen, leader):
    # transferred to the judicial organs (Art 57 ¶1(4)): nothing to perform, the head may close
    served = flow.reported(outcome="transfer")
    with on_the_day(day(8)):
        actions.decide(served, actor=leader.user, on=day(8))
    flow.case = None
    rejected = pending(flow)
    actions.reject_filing(rejected, actor=leader.user, reason="不属于本机关管辖", on=day(0))
    at(frozen, 20)
    home = panel(leader.client().get("/").content.decode(), "panel-approvals")
    assert served.number in home
    assert "待结案审批" in home
    assert rejected.number in home
    assert "待归档" in home
    assert "结案 1" in home
    assert "归档 1" in home


def test_a_case_still_to_perform_is_not_waiting_for_closing(flow, frozen, leader):
    case = flow.served()  # a fine not yet paid: not ready to close (Art 66)
    flow.case = None
    pending(flow)  # something else waits, so the panel lists its queues
    at(frozen, 20)
    home = panel(leader.client().get("/").content.decode(), "panel-approvals")
    assert case.number not in home
    assert "结案 0" in home


def test_the_reviewer_sees_the_pressing_decision_limit_first(flow, frozen, reviewer, handler):
    late = flow.heard()
    flow.case = None
    flow.day = day(-20)  # filed earlier: its decision limit (Art 60) comes first
    early = flow.heard()
    actions.submit_legal_review(late, actor=handler.user, on=day(10))
    at(frozen, 11)
    actions.submit_legal_review(early, actor=handler.user, on=day(11))
    home = panel(reviewer.client().get("/").content.decode(), "panel-reviews")
    assert home.find(early.number) < home.find(late.number)
