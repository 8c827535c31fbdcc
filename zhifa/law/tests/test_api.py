"""/api/v1/catalog/: typed results, errors as {code, message, field}."""

import pytest
from django.test import Client

from zhifa.core.actions import create_api_token
from zhifa.testing.law import ViolationItemFactory, add_fine_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(handler):
    return handler.client()


@pytest.fixture
def item():
    """Like 固废法 Art 111(1): person ¥100–500, organisation ¥50,000–500,000."""
    obj = ViolationItemFactory(
        code="GF-T1", name="随意倾倒生活垃圾", category="solid_waste", rule=False
    )
    add_fine_rule(obj, party_kind="person", min=100, max=500)
    add_fine_rule(obj, party_kind="organisation", min=50000, max=500000)
    return obj


def test_it_lists_items_filtered_by_category(api, item):
    ViolationItemFactory(code="RQ-T1", category="gas")
    rows = api.get("/api/v1/catalog/", {"category": "solid_waste"}).json()
    assert [r["code"] for r in rows] == ["GF-T1"]
    assert rows[0]["category_label"] == "固体废物"
    assert [f["party_kind"] for f in rows[0]["fines"]] == ["person", "organisation"]
    assert rows[0]["fines"][0]["description"] == "¥100–¥500"


def test_an_unknown_category_is_refused_with_422(api):
    response = api.get("/api/v1/catalog/", {"category": "parking"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"


def test_it_shows_an_item_with_its_rules_and_bands(api, item):
    body = api.get("/api/v1/catalog/GF-T1").json()
    assert body["name"] == "随意倾倒生活垃圾"
    assert body["penalty_kinds"] == ["correction_order", "fine"]
    assert len(body["discretion_bands"]) == 8
    assert body["discretion_bands"][0] == {
        "level": "minor",
        "party_kind": "person",
        "min": "100.00",
        "max": "180.00",
        "facts": "轻微情形",
        "description": "¥100–¥180",
    }


def test_an_unknown_code_is_404_with_a_chinese_message(api):
    response = api.get("/api/v1/catalog/NOPE")
    assert response.status_code == 404
    assert response.json() == {
        "code": "item_not_found",
        "message": "权责清单中没有编号为「NOPE」的事项",
        "field": "code",
    }


def test_it_gives_the_fine_range_of_a_band(api, item):
    body = api.get(
        "/api/v1/catalog/GF-T1/fine-range", {"party_kind": "organisation", "level": "general"}
    ).json()
    assert (body["minimum"], body["maximum"]) == ("140000.00", "275000.00")
    assert body["rule_party_kind"] == "organisation"
    assert "裁量基准「一般」" in body["source"]


def test_a_sole_trader_gets_the_person_range(api, item):
    body = api.get("/api/v1/catalog/GF-T1/fine-range", {"party_kind": "sole_trader"}).json()
    assert (body["party_kind"], body["rule_party_kind"]) == ("sole_trader", "person")
    assert body["maximum"] == "500.00"


def test_a_percent_rule_needs_a_base(api):
    ViolationItemFactory(code="GH-T1", rule__rule="percent_of_cost", rule__min=5, rule__max=10)
    missing = api.get("/api/v1/catalog/GH-T1/fine-range", {"party_kind": "person"})
    assert missing.status_code == 422
    assert missing.json()["code"] == "base_required"
    assert missing.json()["field"] == "base"
    body = api.get(
        "/api/v1/catalog/GH-T1/fine-range", {"party_kind": "person", "base": "1000000"}
    ).json()
    assert (body["minimum"], body["maximum"]) == ("50000.00", "100000.00")


def test_a_missing_rule_is_409(api):
    ViolationItemFactory(code="JZ-T1", rule__party_kind="organisation")
    response = api.get("/api/v1/catalog/JZ-T1/fine-range", {"party_kind": "person"})
    assert response.status_code == 409
    assert response.json()["code"] == "fine_rule_missing"


@pytest.mark.parametrize(
    ("amount", "ok", "code"), [("200", True, "ok"), ("201", False, "above_simple_limit")]
)
def test_it_answers_the_simple_procedure_question(api, amount, ok, code):
    ViolationItemFactory(code="LJ-T2", rule__party_kind="person", rule__min=50, rule__max=500)
    body = api.get(
        "/api/v1/catalog/LJ-T2/simple-procedure", {"party_kind": "person", "amount": amount}
    ).json()
    assert (body["ok"], body["code"], body["limit"]) == (ok, code, "200")


def test_an_unknown_party_kind_is_422(api, item):
    response = api.get("/api/v1/catalog/GF-T1/simple-procedure", {"party_kind": "citizen"})
    assert response.status_code == 422
    assert response.json()["field"] == "party_kind"


def test_it_flags_a_fine_outside_its_band(api, item):
    body = api.get(
        "/api/v1/catalog/GF-T1/check-fine",
        {"party_kind": "person", "amount": "450", "level": "minor"},
    ).json()
    assert (body["ok"], body["within_band"], body["needs_legal_review"]) == (True, False, True)
    assert body["band"]["maximum"] == "180.00"


def test_a_token_is_needed(item):
    assert Client().get("/api/v1/catalog/").status_code == 401


def test_a_bearer_token_works(handler, item):
    _, raw = create_api_token(handler.user)
    response = Client().get("/api/v1/catalog/GF-T1", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
