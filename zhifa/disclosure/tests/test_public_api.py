"""/api/v1/public/: the portal's search as JSON without authentication, through the same
allow-list (style.md convention 7; 行政处罚法 Art 50)."""

from __future__ import annotations

from datetime import date

import pytest

from zhifa.disclosure.public import LIST_FIELDS, PUBLIC_FIELDS
from zhifa.disclosure.tests.conftest import on_the_spot, publication_of, run_job
from zhifa.testing.service import serve_decision

API = "/api/v1/public/"


@pytest.fixture
def published(decided, handler, handler2, items, citizen, east_street):
    d = decided(date(2026, 9, 28))
    serve_decision(d.case, actor=handler.user, on=date(2026, 9, 28))
    person = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    run_job(date(2026, 9, 28))
    return d.case, person


def test_it_searches_without_a_token(anonymous, published, company):
    body = anonymous.get(API + "decisions", {"q": "示范市鑫源"}).json()
    assert body["total"] == 1
    assert body["total_capped"] is False
    (row,) = body["results"]
    assert set(row) == set(LIST_FIELDS)
    assert row["party_name"] == company.name


def test_it_returns_one_decision_with_the_public_fields_only(anonymous, published, citizen):
    p = publication_of(published[1])
    body = anonymous.get(f"{API}decisions/{p.pk}").json()
    assert set(body) == set(PUBLIC_FIELDS)
    assert body["party_name"] == "王**"
    text = str(body)
    assert citizen.id_number not in text
    assert citizen.phone not in text
    assert citizen.address not in text


def test_it_answers_404_for_what_is_not_shown(anonymous, decided):
    d = decided(date(2026, 9, 28))
    run_job(date(2026, 9, 28))  # registered, not yet published
    response = anonymous.get(f"{API}decisions/{publication_of(d.case).pk}")
    assert response.status_code == 404
    assert response.json()["message"] == "该决定未公示或已停止公示"


def test_it_refuses_a_bad_query_in_chinese(anonymous, db):
    response = anonymous.get(API + "decisions", {"date_from": "2026-02-30"})
    assert response.status_code == 422
    assert "不是有效日期" in response.json()["message"]


def test_it_filters_by_number_category_street_and_dates(anonymous, published, east_street):
    number = publication_of(published[0]).number
    assert anonymous.get(API + "decisions", {"number": number}).json()["total"] == 1
    assert anonymous.get(API + "decisions", {"category": "roads"}).json()["total"] == 1
    assert anonymous.get(API + "decisions", {"street": east_street.pk}).json()["total"] == 2
    params = {"date_from": "2026-09-29", "date_to": "2026-12-31"}
    assert anonymous.get(API + "decisions", params).json()["total"] == 0


def test_it_publishes_the_monthly_figures(anonymous, published, clock):
    clock(date(2026, 10, 20))
    body = anonymous.get(API + "statistics", {"year": 2026}).json()
    september = body["months"][8]
    assert (september["decisions"], september["general_procedure"]) == (2, 1)
    assert september["simple_procedure"] == 1
    assert september["by_category"] == {"roads": 1, "city_appearance": 1}
    assert body["total"]["fines"] == "5050.00"


def test_it_is_in_the_openapi_document(anonymous, leader):
    schema = leader.client().get("/api/v1/openapi.json").json()
    assert "/api/v1/public/decisions" in schema["paths"]
