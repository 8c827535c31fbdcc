"""行政强制法 Art 36: "当事人收到催告书后有权进行陈述和申辩。行政机关应当充分听取当事人的意见，
对当事人提出的事实、理由和证据，应当进行记录、复核。当事人提出的事实、理由或者证据成立的，行政机关
应当采纳。" The statement is recorded once the 催告书 has been served, with the bureau's
re-examination; where it is not adopted, the reasons are written down.

The Flow's decision is served on 2026-03-17; the six months to sue end 2026-09-17; the 催告 is
issued on 2026-09-21 and served through the delivery app the same day."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import CaseEvent
from zhifa.cases.tests.conftest import START
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    detail_url,
    post_step,
    step_url,
)
from zhifa.core.errors import InvalidInput
from zhifa.documents.choices import DocumentKind as K
from zhifa.performance import actions
from zhifa.performance.models import ReminderStatement

pytestmark = pytest.mark.django_db

REMINDED = date(2026, 9, 21)  # issued and served
STATED = date(2026, 9, 24)  # the party's statement reaches the bureau
CONTENT = "我公司已于9月初恢复路面原状，且经营困难，请求减免加处罚款"


def _at(frozen, day: date) -> None:
    frozen.move_to(f"{day.isoformat()} 10:00 +0800")


def _reminded(flow, frozen, *, served: bool = True):
    case = flow.served()
    _at(frozen, REMINDED)
    actions.issue_reminder(case, actor=flow.handler.user, on=REMINDED)
    if served:
        flow.serve(K.ENFORCEMENT_REMINDER, REMINDED)  # 行政强制法 Art 38, through delivery
    _at(frozen, STATED)
    return flow.refresh()


def _written(case) -> tuple[int, int]:
    return CaseEvent.objects.filter(case=case).count(), ReminderStatement.objects.count()


def test_a_statement_after_the_served_reminder_is_recorded_with_its_re_examination(flow, frozen):
    case = _reminded(flow, frozen)
    row = actions.record_reminder_statement(
        case,
        actor=flow.handler.user,
        content=CONTENT,
        received_on=STATED,
        adopted=False,
        reasons="恢复原状不影响罚款的履行；经营困难未提供证据",
    )
    assert (row.reminder, row.received_on, row.adopted) == (case.reminders.get(), STATED, False)
    event = CaseEvent.objects.filter(case=case, kind="record_reminder_statement").get()
    assert event.payload["content"] == CONTENT
    assert event.payload["received_on"] == "2026-09-24"
    assert event.payload["adopted"] is False
    assert event.payload["response"] == "恢复原状不影响罚款的履行；经营困难未提供证据"
    case.refresh_from_db()
    assert case.status == "reminded"  # the step stays in its stage


def test_it_is_refused_before_the_reminder_is_served(flow, frozen):
    """The right arises on receipt of the 催告书 (Art 36)."""
    case = _reminded(flow, frozen, served=False)
    before = _written(case)
    with pytest.raises(GuardRefused) as refused:
        actions.record_reminder_statement(
            case, actor=flow.handler.user, content=CONTENT, received_on=STATED, adopted=True
        )
    assert refused.value.status == 409
    assert refused.value.code == "reminder_not_served"
    assert "第36条" in refused.value.message
    assert _written(case) == before


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        pytest.param({"adopted": False, "reasons": " "}, "reasons", "第36条", id="no-reasons"),
        pytest.param({"content": ""}, "content", "不能为空", id="no-content"),
        pytest.param(
            {"received_on": date(2026, 9, 25)}, "received_on", "晚于今天", id="in-the-future"
        ),
    ],
)
def test_bad_input_is_refused_on_its_field(flow, frozen, changes, field, words):
    case = _reminded(flow, frozen)
    before = _written(case)
    call = {"content": CONTENT, "received_on": STATED, "adopted": True, "reasons": ""} | changes
    with pytest.raises(InvalidInput) as refused:
        actions.record_reminder_statement(case, actor=flow.handler.user, **call)
    assert refused.value.status == 422
    assert refused.value.field == field
    assert words in refused.value.message
    assert _written(case) == before


def test_a_statement_received_before_the_reminder_was_served_is_refused(flow, frozen):
    case = flow.served()
    _at(frozen, REMINDED)
    actions.issue_reminder(case, actor=flow.handler.user, on=REMINDED)
    flow.serve(K.ENFORCEMENT_REMINDER, date(2026, 9, 23))  # served two days after issue
    _at(frozen, STATED)
    case = flow.refresh()
    before = _written(case)
    with pytest.raises(InvalidInput) as refused:
        actions.record_reminder_statement(
            case, actor=flow.handler.user, content=CONTENT, received_on=REMINDED, adopted=True
        )
    assert refused.value.field == "received_on"
    assert "早于催告书送达日期 2026-09-23" in refused.value.message
    assert _written(case) == before


# --- the page ---------------------------------------------------------------------------------


def test_the_page_records_it_and_the_case_page_shows_it(flow, frozen, handler):
    case = _reminded(flow, frozen, served=False)
    client = handler.client()
    data = {"content": CONTENT, "received_on": STATED.isoformat(), "adopted": "1"}
    before = Snapshot.of(case)
    response = post_step(client, case, "record_reminder_statement", data)
    assert response.status_code == 409
    assert_refused(response, "行政强制法第36条", before, case)

    flow.serve(K.ENFORCEMENT_REMINDER, REMINDED)
    _at(frozen, STATED)
    client = handler.client()
    page = client.get(step_url(case, "record_reminder_statement")).content.decode()
    assert "当事人收到催告书后有权进行陈述和申辩" in page
    before = Snapshot.of(case)
    response = post_step(client, case, "record_reminder_statement", data | {"adopted": "0"})
    assert response.status_code == 422
    assert_refused(response, "不予采纳的，应当写明复核的理由", before, case)
    future = data | {"received_on": "2026-09-25"}
    response = post_step(client, case, "record_reminder_statement", future)
    assert_refused(response, "晚于今天", before, case)

    response = post_step(client, case, "record_reminder_statement", data)
    assert_done(response, case, "复核结论：采纳")
    shown = client.get(detail_url(case)).content.decode()
    assert "催告后陈述申辩" in shown
    assert "2026-09-24 收到" in shown
    assert CONTENT in shown


# --- the API ----------------------------------------------------------------------------------


def _api_reminded(api_flow, frozen, *, served: bool = True) -> None:
    api_flow.served()
    _at(frozen, REMINDED)
    api_flow.step(api_flow.handler, "reminders", {"on": REMINDED.isoformat()}, expect=201)
    if served:
        api_flow.serve(K.ENFORCEMENT_REMINDER, (REMINDED - START).days)
    _at(frozen, STATED)


BODY = {"content": CONTENT, "received_on": STATED.isoformat(), "adopted": True}


def test_the_api_records_it_201_with_the_row_and_the_case(api_flow, frozen):
    _api_reminded(api_flow, frozen)
    body = BODY | {"adopted": False, "reasons": "经营困难未提供证据"}
    row = api_flow.step(api_flow.handler, "reminder-statements", body, expect=201)
    assert (row["received_on"], row["adopted"], row["reasons"]) == (
        "2026-09-24",
        False,
        "经营困难未提供证据",
    )
    assert row["case"]["status"] == "reminded"
    [shown] = api_flow.case()["reminder_statements"]
    assert (shown["id"], shown["reminder_id"]) == (row["id"], row["reminder_id"])


@pytest.mark.parametrize(
    ("served", "body", "status", "field", "words"),
    [
        pytest.param(False, BODY, 409, None, "第36条", id="reminder-unserved"),
        pytest.param(True, BODY | {"adopted": False}, 422, "reasons", "第36条", id="no-reasons"),
        pytest.param(
            True, BODY | {"received_on": "2026-09-25"}, 422, "received_on", "晚于今天", id="future"
        ),
    ],
)
def test_the_api_refuses_it_and_writes_nothing(
    api_flow, frozen, served, body, status, field, words
):
    _api_reminded(api_flow, frozen, served=served)
    events = CaseEvent.objects.filter(case_id=api_flow.case_id).count()
    refused = api_flow.step(api_flow.handler, "reminder-statements", body, expect=status)
    assert refused["field"] == field
    assert words in refused["message"]
    assert CaseEvent.objects.filter(case_id=api_flow.case_id).count() == events
    assert not ReminderStatement.objects.exists()


def test_the_generic_step_endpoint_takes_the_page_s_fields(api_flow, frozen):
    _api_reminded(api_flow, frozen)
    body = {"content": CONTENT, "received_on": STATED.isoformat(), "adopted": "1"}
    done = api_flow.step(api_flow.handler, "steps/record_reminder_statement", body)
    assert "复核结论：采纳" in done["message"]
    assert ReminderStatement.objects.get().adopted is True
