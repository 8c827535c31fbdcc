"""Reading cases through the API: the list and its filters (with a fixed number of queries),
one case with the party masked per viewer, the timeline with its evidence, the clocks and the
deadline list per user and unit."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from zhifa.cases import actions
from zhifa.cases.record import Place
from zhifa.testing import parties as pf

pytestmark = pytest.mark.django_db


def _clue(actor, street, *, found_on=date(2026, 3, 2), item=None, party=None, place="和平里"):
    return actions.register_clue(
        source="patrol",
        found_on=found_on,
        facts="巡查发现",
        place=Place(place),
        street=street,
        actor=actor.user,
        violation_item=item,
        party=party,
    )


def test_it_refuses_the_anonymous_and_hides_cases_outside_the_scope(
    api, handler, other_street_officer, east_street, frozen
):
    case = _clue(handler, east_street)
    for path in ("", str(case.pk), f"{case.pk}/events", "deadlines"):
        assert Client().get(f"/api/v1/cases/{path}").status_code == 401
    outsider = api(other_street_officer)
    assert outsider.get()["count"] == 0
    for path in (str(case.pk), f"{case.pk}/events", f"by-number/{quote(case.number)}"):
        assert outsider.get(path, expect=404)["code"] == "not_found"


def test_it_filters_the_list(api, handler, items, citizen, east_street, west_street, frozen):
    road = _clue(handler, east_street, item=items["road"], party=citizen, place="人民路12号")
    _clue(handler, west_street, item=items["dog"], place="和平街")
    _clue(handler, east_street, found_on=date(2025, 12, 30))
    client = api(handler)

    def numbers(**params: object) -> list[str]:
        return [row["number"] for row in client.get("", **params)["items"]]

    assert len(numbers()) == 3
    assert numbers(category="roads") == [road.number]
    assert len(numbers(street_id=east_street.pk)) == 2
    assert len(numbers(year=2025)) == 1
    assert len(numbers(status="clue", procedure="general")) == 3
    assert numbers(q="人民路") == [road.number]
    assert numbers(q="DL-002") == [road.number]
    assert numbers(q="王小明") == [road.number]
    row = client.get("", q=road.number)["items"][0]
    assert (row["violation_code"], row["category_label"], row["party_name"]) == (
        "DL-002",
        "市政道路",
        "王小明",
    )


def test_it_pages_the_list_in_a_fixed_number_of_queries(api, handler, items, east_street, frozen):
    client = api(handler)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get()
        return len(captured)

    _clue(handler, east_street, item=items["road"], party=pf.person(street=east_street))
    client.get()  # the token's first use of the minute is recorded (one UPDATE)
    few = queries()
    for i in range(8):
        party = pf.organisation(street=east_street) if i % 2 else pf.person()
        _clue(handler, east_street, item=items["dog"], party=party)
    assert queries() == few
    for _ in range(45):
        _clue(handler, east_street)
    body = client.get("", page=2)
    assert (body["count"], body["page"], body["pages"], len(body["items"])) == (54, 2, 2, 4)


def test_auxiliary_staff_see_the_party_masked_and_cannot_search_by_name(
    api, handler, auxiliary, items, citizen, east_street, frozen
):
    case = _clue(handler, east_street, item=items["spit"], party=citizen)
    whole = api(handler).get(str(case.pk))["party"]
    assert (whole["name"], whole["masked"]) == ("王小明", False)
    helper = api(auxiliary)
    masked = helper.get(str(case.pk))["party"]
    assert masked["masked"] is True
    assert masked["name"] != "王小明"
    assert masked["id_number"] != whole["id_number"]
    assert helper.get()["items"][0]["party_name"] == masked["name"]
    assert helper.get("", q="王小明")["count"] == 0


def test_it_finds_a_case_by_its_number(api, handler, east_street, frozen):
    case = _clue(handler, east_street)
    found = api(handler).get(f"by-number/{quote(case.number)}")
    assert (found["id"], found["number"], found["version"]) == (case.pk, case.number, 1)
    assert api(handler).get("by-number/nope", expect=404)["code"] == "not_found"


def test_the_timeline_lists_every_event_with_its_digests(flow, api, frozen):
    case = flow.served()
    events = api(flow.handler).get(f"{case.pk}/events")
    assert [e["seq"] for e in events] == list(range(1, case.event_count + 1))
    first, last = events[0], events[-1]
    assert (first["kind"], first["actor"], first["place"]) == (
        "register_clue",
        "张伟",
        "人民路12号",
    )
    assert first["prev_sm3"] == "0" * 64
    assert events[1]["prev_sm3"] == first["digest_sm3"]
    # the decision's service through the delivery app, with its 送达回证
    assert (last["kind"], last["payload"]["served_on"]) == ("service_completed", "2026-03-17")
    assert len(last["digest_sha256"]) == 64
    assert last["digest_sm3"] == case.chain_head_sm3


def test_the_case_clocks_and_the_deadline_list_per_user_and_unit(
    flow, api, handler, handler2, leader, street_officer, east_street, frozen
):
    case = flow.filed()
    [decision] = api(handler).get(f"{case.pk}/deadlines")
    assert (decision["kind"], decision["state"], decision["overdue"]) == ("decision", "open", False)
    due = date.fromisoformat(decision["due_on"])
    assert due >= date(2026, 5, 31)  # 90 days after filing (Art 60), off a rest day
    street_case = _clue(street_officer, east_street)  # a clue starts no clock

    def listed(persona, **params: object) -> list[int]:
        return [row["case_id"] for row in api(persona).get("deadlines", **params)["items"]]

    assert listed(handler) == listed(handler2) == [case.pk]
    assert listed(leader) == []
    assert listed(leader, scope="unit") == [case.pk]
    assert listed(street_officer, scope="unit") == []
    assert street_case.pk not in listed(handler, scope="unit")
    assert listed(handler, status="due_soon") == []
    frozen.move_to(f"{due - timedelta(days=2)} 10:00 +0800")
    assert listed(handler, status="due_soon") == [case.pk]
    assert listed(handler, status="overdue") == []
    frozen.move_to(f"{due + timedelta(days=1)} 10:00 +0800")
    row = api(handler).get("deadlines", status="overdue")["items"][0]
    assert (row["case_number"], row["overdue"], row["days_left"]) == (case.number, True, -1)


def test_what_is_owed_on_a_day(flow, api, frozen):
    case = flow.served()  # 5,000 due 2026-04-01
    client = api(flow.handler)
    owed = client.get(f"{case.pk}/balance", on="2026-04-03")
    assert (owed["surcharge_accrued"], owed["total_owed"], owed["overdue_days"]) == (
        "300.00",
        "5300.00",
        2,
    )
    clue = _clue(flow.handler, flow.street)
    assert client.get(f"{clue.pk}/balance", expect=422)["code"] == "no_fine"
