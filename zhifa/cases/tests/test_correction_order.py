"""责令改正通知 (行政处罚法 Art 28 ¶1): an order with its deadline, not a penalty."""

from __future__ import annotations

import pytest

from zhifa.cases.models import CaseDeadline, CaseEvent
from zhifa.cases.tests.pages_helpers import at, post_step, step_url

pytestmark = pytest.mark.django_db


def test_the_handler_orders_a_correction_with_its_deadline(flow, frozen, handler):
    case = flow.filed()
    on = at(frozen, 3)
    client = handler.client()
    assert "第28条" in client.get(step_url(case, "order_correction")).content.decode()
    data = {"content": "立即停止占道经营，恢复原状", "due_on": "2026-03-12", "on": on.isoformat()}
    response = post_step(client, case, "order_correction", data)
    assert response.status_code == 302
    deadline = CaseDeadline.objects.get(case=case, kind="correction")
    assert (deadline.started_on, deadline.due_on.isoformat()) == (on, "2026-03-12")
    event = CaseEvent.objects.get(case=case, kind="order_correction")
    assert event.payload["content"] == "立即停止占道经营，恢复原状"


@pytest.mark.parametrize(
    ("due_on", "message"),
    [("2026-03-05", "改正期限应晚于责令改正之日"), ("", "改正期限")],
)
def test_a_deadline_not_after_the_order_is_refused_and_nothing_written(
    flow, frozen, handler, due_on, message
):
    case = flow.filed()
    on = at(frozen, 3)
    before = CaseEvent.objects.filter(case=case).count()
    data = {"content": "恢复原状", "due_on": due_on, "on": on.isoformat()}
    response = post_step(handler.client(), case, "order_correction", data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert CaseEvent.objects.filter(case=case).count() == before
    assert not CaseDeadline.objects.filter(case=case, kind="correction").exists()


def test_the_api_takes_it_through_the_generic_step_endpoint(flow, frozen, api, handler):
    case = flow.filed()
    on = at(frozen, 3).isoformat()
    body = {"content": "恢复原状", "due_on": "2026-03-12", "on": on, "version": case.version}
    done = api(handler).post(f"{case.pk}/steps/order_correction", body)
    assert done["message"] == "已责令改正，改正期限至 2026-03-12"
