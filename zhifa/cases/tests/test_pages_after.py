"""Pages after the decision: service, the simple decision's filing, remedies, payments with
the late surcharge, plans, 催告, the court, closing and archiving, the cash handover."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.record import Place
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    at,
    day,
    detail_url,
    post_step,
    step_url,
)
from zhifa.documents.choices import DocumentKind as K
from zhifa.performance.actions import record_payment
from zhifa.performance.models import CourtApplication, Payment, PaymentPlan

pytestmark = pytest.mark.django_db


def test_the_decision_is_served_only_on_the_delivery_page(flow, frozen, handler):
    """行政处罚法 Art 61, 民事诉讼法 Arts 87–95: service is recorded by the delivery app with its
    mode's rules and proof — the case page has no shortcut, and neither has a direct call."""
    from zhifa.cases.workflow import StepRefused

    case = flow.decided()
    at(frozen, 15)
    client = handler.client()
    assert client.get(step_url(case, "record_service")).status_code == 404
    page = client.get(detail_url(case)).content.decode()
    assert f'href="/delivery/case/{case.pk}/"' in page  # the step links to the 送达 page
    before = Snapshot.of(case)
    with pytest.raises(StepRefused, match="只能在「送达」页面") as refused:
        actions.record_service(case, actor=handler.user, served_on=day(15))
    assert "第六十一条" in refused.value.message
    assert Snapshot.of(case) == before


def test_a_late_payment_shows_the_surcharge_day_by_day(flow, frozen, handler):
    """行政处罚法 Art 72: 3% of the fine per overdue day, capped at the fine."""
    case = flow.served()
    at(frozen, 40)  # ten days after the payment deadline (2026-04-01)
    client = handler.client()
    page = client.get(detail_url(case)).content.decode()
    assert "¥6,500" in page  # ¥5,000 + 10 × 3% × ¥5,000
    assert "2026-04-02 至 2026-04-11，10 日 × 3% × ¥5,000.00 = ¥1,500.00" in page
    form = client.get(step_url(case, "record_payment")).content.decode()
    assert 'value="6500' in form  # the whole amount owed today is proposed
    before = Snapshot.of(case)
    data = {"amount": "7000", "paid_on": "2026-04-11", "channel": "bank"}
    response = post_step(client, case, "record_payment", data)
    assert_refused(response, "超过 2026-04-11 应缴总额 ¥6500", before, case)
    data["amount"] = "6500"
    assert_done(post_step(client, case, "record_payment", data), case, "已登记缴款 ¥6500")
    case.refresh_from_db()
    assert (case.status, case.paid, case.surcharge) == ("performed", 5000, 1500)


def test_request_and_decide_a_deferral(flow, frozen, handler, leader):
    """行政处罚法 Art 66 ¶2."""
    case = flow.served()
    at(frozen, 20)
    h, lead = handler.client(), leader.client()
    data = {"kind": "deferral", "reason": "经营困难", "instalments": "2026-05-01 4000"}
    before = Snapshot.of(case)
    response = post_step(h, case, "request_payment_plan", data)
    assert_refused(response, "各期金额合计 ¥4000 应等于未缴罚款 ¥5000", before, case)
    response = post_step(h, case, "request_payment_plan", dict(data, instalments="五月一日 5000"))
    assert_refused(response, "格式应为「日期 金额」", before, case)
    data["instalments"] = "2026-05-01 5000"
    assert_done(post_step(h, case, "request_payment_plan", data), case, "延期缴纳申请")

    assert "经营困难" in lead.get(step_url(case, "decide_payment_plan")).content.decode()
    before = Snapshot.of(case)
    response = post_step(h, case, "decide_payment_plan", {"approve": "1"})
    assert_refused(response, "执法队员不能审批延期/分期缴纳", before, case)
    assert_done(post_step(lead, case, "decide_payment_plan", {"approve": "1"}), case, "已批准")
    case.refresh_from_db()
    assert case.payment_due == date(2026, 5, 1)
    assert PaymentPlan.objects.get(case=case).status == "approved"


def test_record_a_review_and_its_result(flow, frozen, handler, leader):
    case = flow.served()
    at(frozen, 20)
    client = handler.client()
    data = {"kind": "review", "applied_on": "2026-03-05", "body": "示范区人民政府"}
    before = Snapshot.of(case)
    response = post_step(client, case, "record_remedy", data)
    assert_refused(response, "申请日期不能早于送达日期", before, case)
    data["applied_on"] = "2026-03-20"
    assert_done(post_step(client, case, "record_remedy", data), case, "已登记行政复议")

    at(frozen, 39)
    result = {"result": "changed", "decided_on": "2026-04-10", "result_received_on": "2026-04-10"}
    before = Snapshot.of(case)
    response = post_step(leader.client(), case, "record_remedy_result", result)
    assert_refused(response, "请填写变更后的罚款金额", before, case)
    result["new_fine"] = "3000"
    assert_done(post_step(leader.client(), case, "record_remedy_result", result), case, "变更")
    case.refresh_from_db()
    assert case.fine == 3000
    assert case.decisions.count() == 2


def test_remind_apply_to_court_and_record_its_result(flow, frozen, handler, leader):
    """行政强制法 Arts 53–54: 催告 after the statutory periods; the court 10 working days later,
    within three months."""
    case = flow.served()
    at(frozen, 40)
    client = handler.client()
    before = Snapshot.of(case)
    response = post_step(client, case, "issue_reminder", {})
    assert_refused(response, "期满后方可催告", before, case)

    frozen.move_to("2026-09-21 10:00 +0800")  # the six months to sue ended on 2026-09-17
    client = handler.client()  # a fresh session: the old one expired meanwhile
    response = post_step(client, case, "issue_reminder", {})
    assert_done(response, case, "请在「送达」页送达催告书")
    before = Snapshot.of(case)
    response = post_step(client, case, "apply_to_court", {"court": "示范区人民法院"})
    assert_refused(response, "催告书尚未送达", before, case)  # 行政强制法 Arts 38, 54

    flow.serve(K.ENFORCEMENT_REMINDER, date(2026, 9, 21))  # through delivery, in person
    before = Snapshot.of(case)
    response = post_step(client, case, "apply_to_court", {"court": "示范区人民法院"})
    assert_refused(response, "届满后仍未履行的，方可申请", before, case)

    frozen.move_to("2026-10-20 10:00 +0800")
    client = handler.client()
    page = client.get(step_url(case, "apply_to_court")).content.decode()
    assert "申请法院强制执行期限至 2026-12-17" in page
    response = post_step(client, case, "apply_to_court", {"court": "示范区人民法院"})
    assert_done(response, case, "已申请示范区人民法院强制执行")

    lead = leader.client()
    frozen.move_to("2026-11-20 10:00 +0800")
    lead = leader.client()  # a fresh session after a month
    accepted = {"stage": "accepted", "on": "2026-10-23", "court_case_number": "(2026)执1号"}
    assert_done(post_step(lead, case, "record_court_result", accepted), case, "法院已受理")
    before = Snapshot.of(case)
    response = post_step(lead, case, "record_court_result", {"stage": "applied", "on": ""})
    assert_refused(response, "选择一个有效的选项", before, case)
    data = {"stage": "executed", "on": "2026-11-20", "amount_recovered": "10000"}
    assert_done(post_step(lead, case, "record_court_result", data), case, "执行完毕")
    assert CourtApplication.objects.get(case=case).stage == "executed"
    case.refresh_from_db()
    assert case.status == "performed"


def test_close_and_archive(flow, frozen, handler, leader):
    case = flow.served()
    at(frozen, 20)
    lead = leader.client()
    before = Snapshot.of(case)
    response = post_step(lead, case, "close")
    assert_refused(response, "不能结案：处罚决定尚未履行完毕", before, case)
    record_payment(case, actor=handler.user, amount=Decimal(5000), paid_on=day(20), channel="bank")
    assert_done(post_step(lead, case, "close", {"reason": ""}), case, "已结案")
    case.refresh_from_db()
    assert case.closing_reason == "处罚决定已履行"
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "archive")
    assert_refused(response, "执法队员不能归档", before, case)
    assert_done(post_step(lead, case, "archive"), case, "已归档")
    case.refresh_from_db()
    assert case.status == "archived"


@pytest.fixture
def collected(handler, handler2, items, citizen, east_street, frozen):
    decision = actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=citizen,
        facts="随地吐痰",
        place=Place("人民路地铁站口"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal(50),
        collect_on_spot=True,
        on=day(0),
    )
    return decision.case


def test_file_the_on_the_spot_decision_with_the_bureau(collected, frozen, handler):
    """行政处罚法 Art 52 ¶3."""
    case = collected
    client = handler.client()
    assert "第52条第3款" in client.get(step_url(case, "file_simple_decision")).content.decode()
    assert_done(post_step(client, case, "file_simple_decision"), case, "已备案")
    before = Snapshot.of(case)
    response = post_step(client, case, "file_simple_decision")
    assert_refused(response, "该当场处罚决定已经备案", before, case)


def test_hand_the_cash_collected_on_the_spot_to_the_bureau(collected, frozen, handler, reviewer):
    """行政处罚法 Art 71: within 2 working days. Only the case's handlers (or a leader)."""
    case = collected
    at(frozen, 1)
    before = Snapshot.of(case)
    response = post_step(reviewer.client(), case, "record_cash_handover", {"on": "2026-03-03"})
    assert_refused(response, "法制审核员不能罚款交至机关", before, case)
    response = post_step(handler.client(), case, "record_cash_handover", {"on": "2026-03-03"})
    assert_done(response, case, "¥50.00 已交至机关")
    assert Payment.objects.get(case=case).handed_over_on == date(2026, 3, 3)
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "record_cash_handover", {"on": "2026-03-03"})
    assert_refused(response, "没有待交至机关的当场收缴罚款", before, case)


def test_a_general_case_has_no_cash_handover_page(flow, frozen, handler):
    case = flow.filed()
    assert handler.client().get(step_url(case, "record_cash_handover")).status_code == 404
    assert handler.client().get(step_url(case, "no_such_step")).status_code == 404
