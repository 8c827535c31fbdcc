"""Refusals through the API: each comes back with the status of its error class, a machine
code and the Chinese message — and writes nothing (the events and the version are unchanged)."""

from __future__ import annotations

import pytest
from django.test import Client

from zhifa.cases.models import Case, CaseEvent, CaseHandler
from zhifa.core.actions import create_api_token, revoke_api_token
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


def _unchanged(case_id: int, events: int, version: int) -> None:
    assert CaseEvent.objects.filter(case_id=case_id).count() == events
    assert Case.objects.get(pk=case_id).version == version


@pytest.fixture
def filing_pending(api_flow, frozen):
    """A clue whose filing was requested: waiting for the leader."""
    flow = api_flow
    flow.clue()
    flow.step(
        flow.handler,
        "request-filing",
        {
            "handler_ids": flow.handler_ids,
            "violation_code": flow.violation_code,
            "party_id": flow.party_id,
            "act_on": flow.on(-3),
        },
    )
    return flow


@pytest.mark.parametrize(
    ("path", "body", "who", "status", "code"),
    [
        ("report", {"findings": "查明", "outcome": "penalty"}, "handler", 409, "step_not_allowed"),
        ("approve-filing", {}, "handler", 403, "role_not_allowed"),
        ("approve-filing", {"version": 1}, "leader", 409, "stale_version"),
        ("handlers", {"officer_id": 0, "version": 2}, "leader", 422, "unknown_officer"),
        ("reject-filing", {"reason": "  "}, "leader", 422, "required"),
        ("close", {}, "leader", 409, "step_not_allowed"),
        ("decide", {"outcome": "penalty"}, "leader", 409, "step_not_allowed"),
    ],
)
def test_each_refusal_has_its_status_code_and_message_and_writes_nothing(
    filing_pending, path, body, who, status, code
):
    flow = filing_pending
    client = flow.handler if who == "handler" else flow.leader
    events = CaseEvent.objects.filter(case_id=flow.case_id).count()
    refused = client.post(f"{flow.case_id}/{path}", body, expect=status)
    assert refused["code"] == code
    assert refused["message"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused["message"])
    _unchanged(flow.case_id, events, flow.version)


def test_a_stale_version_is_refused_for_steps_checked_by_the_api_too(filing_pending, bureau):
    """Actions without their own version check (here 指派承办人) are checked under the same
    row lock by the API."""
    flow = filing_pending
    flow.step(flow.leader, "approve-filing")
    officer = f.OfficerFactory(unit=bureau, name="王五")
    f.certify(officer)
    stale = {"officer_id": officer.pk, "version": flow.version - 1}
    refused = flow.leader.post(f"{flow.case_id}/handlers", stale, expect=409)
    assert refused["code"] == "stale_version"
    assert "请刷新后重试" in refused["message"]
    assert not CaseHandler.objects.filter(officer=officer).exists()
    assigned = flow.step(flow.leader, "handlers", {"officer_id": officer.pk})
    assert assigned["version"] == flow.version
    assert CaseHandler.objects.filter(officer=officer).count() == 1


def test_filing_is_refused_for_one_handler_and_for_an_act_past_the_limitation(
    api_flow, items, frozen
):
    """Art 42: two certified officers; Art 36: two years."""
    flow = api_flow
    flow.clue()
    body = {
        "handler_ids": flow.handler_ids[:1],
        "violation_code": flow.violation_code,
        "party_id": flow.party_id,
        "act_on": flow.on(-3),
    }
    events = CaseEvent.objects.filter(case_id=flow.case_id).count()
    refused = flow.handler.post(f"{flow.case_id}/request-filing", body, expect=409)
    assert refused["code"] == "two_handlers"
    assert "第42条" in refused["message"]
    body |= {"handler_ids": flow.handler_ids, "act_on": "2023-12-01"}
    refused = flow.handler.post(f"{flow.case_id}/request-filing", body, expect=409)
    assert refused["code"] == "limitation_expired"
    assert "第36条" in refused["message"]
    _unchanged(flow.case_id, events, flow.version)


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"violation_code": "NO-SUCH"}, "unknown_item", "violation_code"),
        ({"party_id": 999999}, "unknown_party", "party_id"),
        ({"handler_ids": [999999, 999998]}, "unknown_officer", "handler_ids"),
        ({"act_on": "2026-02-30"}, "invalid_request", "act_on"),
        ({"act_on": "2026-03-05"}, "invalid_request", "act_on"),  # a future date
    ],
)
def test_invalid_input_is_422_naming_the_field(api_flow, frozen, change, code, field):
    flow = api_flow
    flow.clue()
    body = {
        "handler_ids": flow.handler_ids,
        "violation_code": flow.violation_code,
        "party_id": flow.party_id,
        "act_on": flow.on(-3),
    } | change
    refused = flow.handler.post(f"{flow.case_id}/request-filing", body, expect=422)
    assert (refused["code"], refused["field"]) == (code, field)
    _unchanged(flow.case_id, 1, 1)


def test_a_party_of_another_street_is_refused_to_a_street_officer(
    api, street_officer, handler, west_street, east_street, items, frozen
):
    from zhifa.testing import parties as pf

    west_party = pf.person(street=west_street)
    client = api(street_officer)
    refused = client.upload(
        "on-the-spot",
        {
            "co_handler_id": handler.officer.pk,
            "violation_code": items["spit"].code,
            "party_id": west_party.pk,
            "facts": "随地吐痰",
            "street_id": east_street.pk,
            "penalty_kinds": ["fine"],
            "fine": "50",
        },
        expect=422,
    )
    assert (refused["code"], refused["field"]) == ("party_out_of_scope", "party_id")
    assert not Case.objects.exists()


def test_an_officer_of_another_street_cannot_act_on_the_case(
    api, api_flow, other_street_officer, frozen
):
    flow = api_flow
    flow.clue()
    outsider = api(other_street_officer)
    refused = outsider.post(f"{flow.case_id}/reject-filing", {"reason": "不属实"}, expect=404)
    assert refused["code"] == "not_found"
    _unchanged(flow.case_id, 1, 1)


def test_a_revoked_or_missing_token_is_401(api_flow, handler, frozen):
    flow = api_flow
    flow.clue()
    token, raw = create_api_token(handler.user)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get(f"/api/v1/cases/{flow.case_id}").status_code == 200
    revoke_api_token(token)
    response = client.post(
        f"/api/v1/cases/{flow.case_id}/approve-filing", {}, content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")
    assert Client().post("/api/v1/cases/clues", {"facts": "x"}).status_code == 401
    _unchanged(flow.case_id, 1, 1)


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"found_on": "2026-03-03"}, "invalid_request", "found_on"),  # a future date
        ({"street_id": 0}, "unknown_street", "street_id"),
        ({"source": "rumour"}, "invalid_choice", "source"),
        ({"facts": " "}, "required", "facts"),
    ],
)
def test_a_clue_with_a_wrong_field_is_refused(api_flow, frozen, change, code, field):
    body = {
        "source": "patrol",
        "found_on": "2026-03-02",
        "facts": "巡查发现",
        "street_id": api_flow.street_id,
    }
    refused = api_flow.handler.upload("clues", body | change, expect=422)
    assert (refused["code"], refused["field"]) == (code, field)
    assert not Case.objects.exists()


def test_a_fact_dated_in_the_future_is_refused_in_chinese(api_flow, frozen):
    """A payment, service or hearing recorded on a day that has not come is a typo."""
    api_flow.served()
    response = api_flow.handler.client.post(
        f"/api/v1/cases/{api_flow.case_id}/payments",
        {"amount": "5000", "paid_on": "2026-12-01", "channel": "bank"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["field"] == "paid_on"
    assert (
        body["message"]
        == "请求参数不正确：字段 paid_on 2026-12-01 晚于今天：所记录的事项不能发生在将来"
    )
