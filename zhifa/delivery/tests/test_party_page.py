"""The party's own steps through its page: statement and defence (行政处罚法 Art 45; one after
the period is accepted and marked late) and the request for a hearing within 5 working days of
the notice (Art 64(1)). Both reach the case as its own steps (no staff actor) and are logged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zhifa.cases import actions as case_actions
from zhifa.cases.audit import verify_case
from zhifa.cases.models import CaseEvent, Hearing, PriorNotice, Statement
from zhifa.delivery import actions
from zhifa.delivery.choices import AccessAction
from zhifa.delivery.models import Service, ServiceAccess
from zhifa.delivery.tests.conftest import consent
from zhifa.documents.choices import DocumentKind as K
from zhifa.testing.service import in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice_sent(flow, clock, outbox, django_capture_on_commit_callbacks):
    """无证燃气经营, ¥150,000 for a company (a hearing is offered, Art 63): the prior notice is
    being served electronically on Monday 16 March 2026. The notice is the notify step's, not
    yet served (not ``flow.notified()``, which serves it in person on 10 March)."""
    flow.item = flow.item.__class__.objects.get(code="RQ-001")
    flow.fine, flow.kinds = Decimal("150000"), ["fine", "confiscate_gains"]
    flow.reported()
    with django_capture_on_commit_callbacks(execute=True):  # its PDF, rendered after commit
        case_actions.notify_intended_penalty(
            flow.refresh(), actor=flow.handler.user, on=date(2026, 3, 10)
        )
    case = flow.refresh()
    assert case.hearing_offered
    doc = in_force(case, K.PRIOR_NOTICE)
    assert doc is not None
    assert doc.render_state == "rendered"
    assert not Service.objects.filter(document=doc).exists()
    consent(flow, date(2026, 3, 16))
    with django_capture_on_commit_callbacks(execute=True):
        actions.start_electronic_service(doc, actor=flow.handler.user)
    return {"case": case, "document": doc}


def test_opening_the_notice_restarts_the_periods_from_that_day(notice_sent, party):
    """Arts 44, 64(1): the statement and hearing periods run from the service (16 March):
    5 working days → Monday 23 March."""
    party.sign_in()
    party.get(f"/p/doc/{notice_sent['document'].pk}/")
    notice = PriorNotice.objects.get(case=notice_sent["case"])
    assert notice.served_on == date(2026, 3, 16)
    assert notice.statement_due == date(2026, 3, 23)
    assert notice.hearing_request_due == date(2026, 3, 23)
    html = party.get("/p/").content.decode()
    assert "2026年3月23日" in html
    assert "申请听证" in html


def test_the_statement_reaches_the_case(notice_sent, party):
    party.sign_in()
    party.get(f"/p/doc/{notice_sent['document'].pk}/")
    response = party.post("/p/statement/", {"content": "我公司已停止经营，请求从轻处罚。"})
    assert response.status_code == 302
    statement = Statement.objects.get(case=notice_sent["case"])
    assert statement.content == "我公司已停止经营，请求从轻处罚。"
    assert statement.received_on == date(2026, 3, 16)
    event = CaseEvent.objects.filter(case=notice_sent["case"], kind="record_statement").get()
    assert event.actor_id is None
    assert event.payload["late"] is False
    assert ServiceAccess.objects.filter(action=AccessAction.STATEMENT).exists()
    html = party.get("/p/").content.decode()
    assert "已于 2026-03-16 提交" in html
    case = notice_sent["case"]
    case.refresh_from_db()
    assert verify_case(case) is None


def test_a_late_statement_is_accepted_and_marked_late(notice_sent, party, clock):
    party.sign_in()
    party.get(f"/p/doc/{notice_sent['document'].pk}/")
    clock.move_to("2026-03-24 10:00 +0800")
    party.come_back()
    html = party.get("/p/").content.decode()
    assert "已届满" in html
    party.post("/p/statement/", {"content": "补充意见"})
    event = CaseEvent.objects.filter(case=notice_sent["case"], kind="record_statement").get()
    assert event.payload["late"] is True


def test_the_hearing_request_reaches_the_case(notice_sent, party):
    party.sign_in()
    party.get(f"/p/doc/{notice_sent['document'].pk}/")
    response = party.post("/p/hearing/")
    assert response.status_code == 302
    hearing = Hearing.objects.get(case=notice_sent["case"])
    assert hearing.requested_on == date(2026, 3, 16)
    event = CaseEvent.objects.filter(case=notice_sent["case"], kind="request_hearing").get()
    assert event.actor_id is None
    assert "您已于 2026-03-16 申请听证" in party.get("/p/").content.decode()


def test_a_late_hearing_request_is_refused_and_logged(notice_sent, party, clock):
    """Art 64(1): after the 5 working days the request is refused; the refusal is logged."""
    party.sign_in()
    party.get(f"/p/doc/{notice_sent['document'].pk}/")
    clock.move_to("2026-03-24 10:00 +0800")
    party.come_back()
    response = party.post("/p/hearing/")
    assert response.status_code == 302
    assert not Hearing.objects.exists()
    page = party.get("/p/").content.decode()
    assert "听证申请期限已于 2026年3月23日 届满" in page
    refused = ServiceAccess.objects.filter(action=AccessAction.REFUSED).get()
    assert refused.detail == {"reason": "hearing_request_late", "step": "hearing"}


def test_the_session_ends(notice_sent, party, clock):
    party.sign_in()
    assert party.get("/p/").status_code == 200
    clock.shift(3601)
    assert party.get("/p/").status_code == 403
    response = party.post("/p/leave/")
    assert "已安全退出" in response.content.decode()


def test_a_page_without_a_session_explains_how_to_come_in(party):
    response = party.get("/p/")
    assert response.status_code == 403
    assert "请通过链接访问" in response.content.decode()
    assert party.get("/p/not-a-token").status_code == 404
