"""Searching by a full ID number tells the searcher that a person is a party: it is allowed only
to those who may see the number whole (行政处罚法 Art 50; docs/adr/0012). Auxiliary staff search
by name, and are told why a number finds nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from zhifa.org.choices import Role
from zhifa.parties.access import can_search_by_identifier
from zhifa.parties.models import Party
from zhifa.parties.selectors import IDENTIFIER_SEARCH_REFUSED, search_parties
from zhifa.parties.tests.conftest import ID15, ID18
from zhifa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.CASE_HANDLER, True),
        (Role.LEGAL_REVIEWER, True),
        (Role.LEADER, True),
        (Role.STREET_OFFICER, True),
        (Role.AUXILIARY, False),
    ],
)
def test_who_may_search_by_a_full_number(db, role, allowed):
    user = UserFactory(role=role)
    assert can_search_by_identifier(user) is allowed


def test_the_public_may_not_search_by_number():
    assert can_search_by_identifier(AnonymousUser()) is False


@pytest.mark.parametrize("persona", ["handler", "street_officer"])
@pytest.mark.parametrize("query", [ID18, ID15])
def test_those_who_see_numbers_find_a_party_by_its_full_number(request, east_party, persona, query):
    who = request.getfixturevalue(persona)
    response = who.client().get("/api/v1/parties/", {"q": query})
    assert response.status_code == 200
    assert [p["id"] for p in response.json()["items"]] == [east_party.pk]


def test_auxiliary_staff_are_refused_a_search_by_number_in_the_api(auxiliary, east_party):
    response = auxiliary.client().get("/api/v1/parties/", {"q": ID18})
    assert response.status_code == 403
    body = response.json()
    assert (body["code"], body["field"]) == ("identifier_search_forbidden", "q")
    assert body["message"] == IDENTIFIER_SEARCH_REFUSED


def test_auxiliary_staff_see_why_a_number_finds_nothing_on_the_page(auxiliary, east_party):
    response = auxiliary.client().get("/parties/", {"q": ID15})
    html = response.content.decode()
    assert response.status_code == 200
    assert IDENTIFIER_SEARCH_REFUSED in html
    assert f"/parties/{east_party.pk}/" not in html
    assert 'placeholder="名称、姓名"' in html


def test_auxiliary_staff_still_find_parties_by_name(auxiliary, east_party):
    response = auxiliary.client().get("/api/v1/parties/", {"q": "张"})
    assert [p["id"] for p in response.json()["items"]] == [east_party.pk]
    assert response.json()["items"][0]["id_number"] == "110***********002X"


def test_without_a_viewer_the_selector_matches_names_only(east_party, handler):
    rows = Party.objects.all()
    assert list(search_parties(rows, ID18)) == []
    assert list(search_parties(rows, ID18, viewer=handler.user)) == [east_party]
