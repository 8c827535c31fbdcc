"""The case page's "下一步" always points at the action that moves the case (issue 9 §2): a
document to serve, a step to take — or, when the case cannot move, what blocks it; never a dead
end."""

from __future__ import annotations

import pytest

from zhifa.cases import actions
from zhifa.cases.tests.pages_helpers import at, day, detail_url

pytestmark = pytest.mark.django_db


def nextbar(persona, case) -> str:
    html = persona.client().get(detail_url(case)).content.decode()
    start = html.find('id="next-step"')
    assert start >= 0
    return html[start : html.find("<section", start)]


def test_after_the_decision_the_next_step_is_its_service_on_the_delivery_page(
    flow, frozen, handler
):
    case = flow.decided()
    bar = nextbar(handler, case)
    assert "下一步：<strong>送达决定书</strong>" in bar
    assert f'class="btn next-go" href="/delivery/case/{case.pk}/"' in bar


def test_a_case_without_a_second_qualified_handler_says_what_blocks_it(flow, frozen, handler):
    """Art 42: at least two officers with valid certificates — a case left with one cannot take
    its next step; the page says so instead of showing nothing to do."""
    case = flow.filed()
    actions.recuse_handler(
        case, flow.handler2.officer, actor=flow.leader.user, reason="回避", on=day(0)
    )
    at(frozen, 1)
    bar = nextbar(handler, case)
    assert "下一步：<strong>调查终结报告</strong>" in bar
    assert "尚不能办理：" in bar
    assert "第42条" in bar


def test_a_party_period_says_the_case_waits_for_the_party(flow, frozen, handler):
    case = flow.notified()
    at(frozen, 9)
    bar = nextbar(handler, case)
    assert "等待当事人：<strong>陈述申辩期限</strong>" in bar
    assert "当事人答复后记录" in bar
    assert f'href="/cases/{case.pk}/steps/record_statement/"' in bar or "记录陈述申辩" in bar
