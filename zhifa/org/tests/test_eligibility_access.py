"""``GET /api/v1/org/officers/{id}/eligibility`` tells whether an officer may handle cases on a
day (行政处罚法 Art 42), i.e. about the officer's certificate: asked by those who assign or pick
handlers — leaders and legal reviewers about anyone, handlers and street officers about their
own unit — never by auxiliary staff or the public."""

from __future__ import annotations

import pytest

from zhifa.org.access import can_check_eligibility
from zhifa.org.choices import Role
from zhifa.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(officer_id: int) -> str:
    return f"/api/v1/org/officers/{officer_id}/eligibility"


def test_auxiliary_staff_are_refused_before_any_lookup(auxiliary, handler):
    for officer_id in (handler.officer.pk, 999_999):
        response = auxiliary.client().get(url(officer_id))
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert "执法队员可查询本单位人员" in response.json()["message"]


def test_the_public_is_refused(client, handler):
    assert client.get(url(handler.officer.pk)).status_code == 401


def test_a_handler_asks_about_its_own_unit_only(handler, handler2, street_officer):
    api = handler.client()
    response = api.get(url(handler2.officer.pk), {"on": "2025-06-01"})
    assert response.status_code == 200
    assert response.json()["ok"] is True
    assert api.get(url(street_officer.officer.pk)).status_code == 403


def test_a_street_officer_asks_about_its_own_street_only(street_officer, handler):
    api = street_officer.client()
    assert api.get(url(street_officer.officer.pk)).status_code == 200
    assert api.get(url(handler.officer.pk)).status_code == 403


@pytest.mark.parametrize(
    ("role", "own_unit", "other_unit"),
    [
        (Role.LEADER, True, True),
        (Role.LEGAL_REVIEWER, True, True),
        (Role.CASE_HANDLER, True, False),
        (Role.STREET_OFFICER, True, False),
        (Role.AUXILIARY, False, False),
    ],
)
def test_who_may_ask(bureau, east_street, role, own_unit, other_unit):
    user = UserFactory(role=role, org_unit=bureau)
    assert can_check_eligibility(user, bureau.pk) is own_unit
    assert can_check_eligibility(user, east_street.pk) is other_unit
