"""Pages from the prior notice to the decision: notice, statement, hearing, legal review,
collective discussion and the decision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.models import CollectiveDiscussion, Decision, Hearing, LegalReview, Statement
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    at,
    day,
    post_step,
    step_url,
)
from zhifa.testing.review import fields

pytestmark = pytest.mark.django_db


def test_notify_the_intended_penalty(flow, frozen, handler):
    case = flow.reported()
    client = handler.client()
    text = client.get(step_url(case, "notify")).content.decode()
    assert "第44条" in text
    assert "给予行政处罚" in text
    assert "¥5,000" in text
    at(frozen, 8)
    response = post_step(client, case, "notify", {"on": "2026-03-10"})
    # Arts 44, 64(1): the periods run from the notice's service, not from the day it is made
    assert_done(response, case, "陈述、申辩和听证申请期限自送达之日起计算")
    case.refresh_from_db()
    assert case.status == "notified"
    notice = case.notices.get()
    assert (notice.notified_on, notice.served_on, notice.statement_due) == (
        date(2026, 3, 10),
        None,
        None,
    )
    assert not case.deadlines.filter(kind="statement").exists()
    page = client.get(step_url(case, "record_statement")).content.decode()
    assert "告知书尚未送达" in page


def test_no_notice_for_a_proposal_without_penalty(flow, frozen, handler):
    case = flow.reported(outcome="no_penalty")
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "notify", {"on": "2026-03-10"})
    assert_refused(response, "拟处理意见不是给予行政处罚，无需事先告知", before, case)


def test_record_a_statement(flow, frozen, handler):
    case = flow.notified()
    client = handler.client()
    assert "第45条" in client.get(step_url(case, "record_statement")).content.decode()
    at(frozen, 10)
    before = Snapshot.of(case)
    data = {"content": "已停止施工并恢复路面", "received_on": "2026-03-05"}
    response = post_step(client, case, "record_statement", data)
    assert_refused(response, "早于案件进入「已事先告知」的日期 2026-03-10", before, case)
    data["received_on"] = "2026-03-12"
    assert_done(post_step(client, case, "record_statement", data), case, "已记录陈述申辩")
    assert Statement.objects.get(case=case).content == "已停止施工并恢复路面"


def test_the_party_waives_statement_and_hearing(flow, frozen, handler):
    case = flow.notified()
    client = handler.client()
    at(frozen, 9)
    response = post_step(client, case, "waive_statement", {"on": "2026-03-11"})
    assert_done(response, case, "放弃陈述申辩")
    before = Snapshot.of(case)
    response = post_step(client, case, "waive_statement", {"on": "2026-03-11"})
    assert_refused(response, "当事人已声明放弃陈述申辩", before, case)


def test_a_hearing_cannot_be_asked_for_where_none_was_offered(flow, frozen, handler):
    case = flow.notified()
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "request_hearing", {"requested_on": "2026-03-11"})
    assert_refused(response, "本案不属于应当告知听证的情形", before, case)


@pytest.fixture
def offered(flow, frozen):
    """A case whose fine (¥150,000 against an organisation) carries hearing rights (Art 63)."""
    from zhifa.law.models import ViolationItem

    flow.item = ViolationItem.objects.get(code="RQ-001")
    flow.fine = Decimal("150000")
    flow.kinds = ["fine", "confiscate_gains"]
    return flow.notified()


def test_request_schedule_and_record_a_hearing(offered, frozen, handler, leader, bureau):
    from zhifa.testing import factories as f

    case = offered
    client, lead = handler.client(), leader.client()
    at(frozen, 10)
    response = post_step(client, case, "request_hearing", {"requested_on": "2026-03-12"})
    assert_done(response, case, "已登记听证申请")

    host = f.OfficerFactory(unit=bureau, name="主持人甲")
    page = lead.get(step_url(case, "schedule_hearing")).content.decode()
    assert "主持人甲" in page
    assert ">张伟<" not in page
    at(frozen, 14)
    client, lead = handler.client(), leader.client()
    data = {
        "notified_on": "2026-03-16",
        "hearing_on": "2026-03-20",
        "place": "区城管委听证室",
        "host": host.pk,
    }
    before = Snapshot.of(case)
    response = post_step(lead, case, "schedule_hearing", data)
    assert_refused(response, "应当在举行听证的七日前通知当事人", before, case)
    data["hearing_on"] = "2026-03-27"
    assert_done(post_step(lead, case, "schedule_hearing", data), case, "已通知听证")

    at(frozen, 25)
    lead = leader.client()  # sessions last two weeks
    before = Snapshot.of(case)
    minutes = {"held_on": "2026-03-26", "minutes": "当事人陈述其已停止经营"}
    response = post_step(lead, case, "record_hearing", minutes)
    assert_refused(response, "举行日期不能早于通知的听证日期", before, case)
    minutes["held_on"] = "2026-03-27"
    assert_done(post_step(lead, case, "record_hearing", minutes), case, "已记录听证")
    assert Hearing.objects.get(case=case).concluded
    case.refresh_from_db()
    assert case.requires_legal_review
    assert case.hearing_held


def test_submit_for_legal_review(flow, frozen, handler):
    case = flow.notified()
    client = handler.client()
    at(frozen, 12)
    before = Snapshot.of(case)
    response = post_step(client, case, "submit_legal_review")
    assert_refused(response, "陈述申辩期限 2026-03-17 尚未届满", before, case)
    actions.waive_statement(case, actor=handler.user, on=day(9))
    text = client.get(step_url(case, "submit_legal_review")).content.decode()
    assert "须法制审核的情形" in text
    assert "普通程序案件作出决定前均须法制审核" in text
    assert_done(post_step(client, case, "submit_legal_review"), case, "已提交法制审核")
    case.refresh_from_db()
    assert case.status == "legal_review"


def in_review(flow, handler, frozen):
    case = flow.heard()
    at(frozen, 10)
    actions.submit_legal_review(case, actor=handler.user, on=day(10))
    case.refresh_from_db()
    at(frozen, 11)  # the reviewer acts the next day
    return case


def test_the_reviewer_passes_the_case(flow, frozen, handler, reviewer):
    case = in_review(flow, handler, frozen)
    client = reviewer.client()
    assert "擅自挖掘" in client.get(step_url(case, "pass_legal_review")).content.decode()
    before = Snapshot.of(case)
    data = {"opinion": "事实清楚，程序合法", **fields()}
    response = post_step(handler.client(), case, "pass_legal_review", data)
    assert_refused(response, "执法队员不能法制审核通过", before, case)
    response = post_step(client, case, "pass_legal_review", data)
    assert_done(response, case, "同意")
    review = LegalReview.objects.get(case=case)
    assert review.outcome == "passed"
    assert [r["result"] for r in review.checklist] == ["pass"] * 7


def test_the_reviewer_returns_the_case_for_more_investigation(
    flow, frozen, handler, reviewer, legal_section
):
    from zhifa.testing import factories as f

    case = in_review(flow, handler, frozen)
    unqualified = f.UserFactory(username="r2", role="legal_reviewer", org_unit=legal_section)
    f.OfficerFactory(user=unqualified, unit=legal_section, has_legal_qualification=False)
    before = Snapshot.of(case)
    response = unqualified_client(unqualified).post(
        step_url(case, "return_for_investigation"),
        {"version": case.version, "opinion": "补证", **fields(evidence="缺少勘验笔录")},
    )
    assert_refused(response, "法律职业资格", before, case)
    data = {"opinion": "挖掘面积证据不足，请补充勘验", **fields(evidence="挖掘面积无测量记录")}
    response = post_step(reviewer.client(), case, "return_for_investigation", data)
    assert_done(response, case, "退回补充调查")
    case.refresh_from_db()
    assert (case.status, case.legal_review_done) == ("investigating", False)


def unqualified_client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_record_a_collective_discussion(flow, frozen, leader, reviewer, handler):
    case = flow.reviewed()
    at(frozen, 12)
    client = leader.client()
    assert "第57条第2款" in client.get(step_url(case, "record_discussion")).content.decode()
    data = {
        "held_on": "2026-03-14",
        "attendee_ids": [leader.officer.pk, reviewer.officer.pk],
        "conclusion": "同意按拟处理意见处罚",
        "agreed_outcome": "penalty",
        "agreed_fine": "5000",
    }
    before = Snapshot.of(case)
    response = post_step(client, case, "record_discussion", data)
    assert_refused(response, "集体讨论参加人员不得少于3人", before, case)
    data["attendee_ids"] = [handler.officer.pk, reviewer.officer.pk, leader.officer.pk]
    assert_done(post_step(client, case, "record_discussion", data), case, "已记录集体讨论")
    discussion = CollectiveDiscussion.objects.get(case=case)
    assert discussion.attendees == ["刘主任", "赵法", "张伟"]  # the head first


def test_a_discussion_may_not_raise_the_notified_fine(flow, frozen, leader):
    """行政处罚法 Art 45: no heavier penalty because the party defended itself."""
    case = flow.reviewed()
    at(frozen, 12)
    data = {
        "held_on": "2026-03-14",
        "attendee_ids": flow.attendee_ids,
        "conclusion": "从重",
        "agreed_outcome": "penalty",
        "agreed_fine": "8000",
    }
    before = Snapshot.of(case)
    response = post_step(leader.client(), case, "record_discussion", data)
    assert_refused(response, "不得因当事人陈述申辩而加重处罚", before, case)


def test_decide(flow, frozen, leader):
    case = flow.reviewed()
    at(frozen, 14)
    client = leader.client()
    text = client.get(step_url(case, "decide")).content.decode()
    assert "当前不能办理" not in text
    assert 'value="5000' in text
    before = Snapshot.of(case)
    response = post_step(client, case, "decide", {"outcome": "penalty", "fine": "6000"})
    assert_refused(response, "高于事先告知的 5000.00 元", before, case)
    response = post_step(client, case, "decide", {"outcome": "penalty", "fine": "5000"})
    decision = Decision.objects.get(case=case)
    assert_done(response, case, decision.number)
    case.refresh_from_db()
    assert (case.status, case.decided_on) == ("decided", day(14))


def test_no_decision_before_legal_review(flow, frozen, leader):
    case = flow.heard()
    at(frozen, 10)
    text = leader.client().get(step_url(case, "decide")).content.decode()
    assert "当前不能办理" in text
    assert "第58条" in text
    before = Snapshot.of(case)
    response = post_step(leader.client(), case, "decide", {"outcome": "penalty"})
    assert_refused(response, "本案须经法制审核", before, case)
