from datetime import date

import pytest
from django.test import Client

from zhifa.core.actions import create_api_token, revoke_api_token
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


def test_the_leader_sees_the_officer_list_without_n_plus_1(
    leader, bureau, django_assert_max_num_queries
):
    for _ in range(15):
        f.certify(f.OfficerFactory(unit=bureau))
    client = leader.client()
    with django_assert_max_num_queries(12):
        response = client.get("/org/officers/")
    assert response.status_code == 200
    assert response.content.decode().count("可承办") >= 15


@pytest.mark.parametrize("persona", ["handler", "auxiliary", "street_officer"])
def test_field_roles_cannot_open_the_officer_list(persona, request):
    response = request.getfixturevalue(persona).client().get("/org/officers/")
    assert response.status_code == 403


def test_an_officer_sees_their_own_page(handler):
    response = handler.client().get(f"/org/officers/{handler.officer.pk}/")
    assert response.status_code == 200
    assert "可承办" in response.content.decode()


def test_an_officer_cannot_see_a_colleagues_page(handler, handler2):
    assert handler.client().get(f"/org/officers/{handler2.officer.pk}/").status_code == 403


def test_the_attention_page_lists_expiring_certificates(leader, bureau):
    from django.utils import timezone

    soon = timezone.localdate()
    f.certify(f.OfficerFactory(unit=bureau, name="将到期"), expires_on=soon)
    page = leader.client().get("/org/attention/").content.decode()
    assert "将到期" in page


@pytest.mark.parametrize(
    ("persona", "panel"),
    [
        ("handler", "panel-me"),
        ("street_officer", "panel-me"),
        ("auxiliary", "panel-me"),
        ("leader", "panel-people"),
        ("admin_persona", "panel-people"),
    ],
)
def test_each_role_reaches_its_home_page(persona, panel, request):
    p = request.getfixturevalue(persona)
    response = p.client().get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-role="{p.user.role}"' in page
    assert f'id="{panel}"' in page


def test_the_api_needs_authentication(db):
    response = Client().get("/api/v1/org/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_api_accepts_a_bearer_token_and_refuses_it_once_revoked(handler):
    token, raw = create_api_token(handler.user, name="测试")
    client = Client()
    response = client.get("/api/v1/org/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "handler"
    revoke_api_token(token)
    assert client.get("/api/v1/org/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_api_answers_eligibility_on_a_date(leader, handler):
    client = leader.client()
    url = f"/api/v1/org/officers/{handler.officer.pk}/eligibility"
    assert client.get(url, {"on": "2025-06-01"}).json()["ok"] is True
    body = client.get(url, {"on": "2030-06-01"}).json()
    assert (body["ok"], body["code"]) == (False, "certificate_expired")


def test_the_api_records_training_for_managers_only(leader, handler):
    url = f"/api/v1/org/officers/{handler.officer.pk}/training"
    payload = {"course": "燃气条例", "hours": "4", "taken_on": "2026-03-01", "mode": "online"}
    forbidden = handler.client().post(url, payload, content_type="application/json")
    assert forbidden.status_code == 403
    ok = leader.client().post(url, payload, content_type="application/json")
    assert ok.status_code == 201
    bad = leader.client().post(url, payload | {"hours": "0"}, content_type="application/json")
    assert bad.status_code == 422
    assert bad.json()["field"] == "hours"
    assert "学时" in bad.json()["message"]


def test_the_api_refuses_an_annual_check_on_a_cancelled_certificate_with_409(leader, handler):
    from zhifa.org import actions

    certificate = handler.officer.certificates.get()
    actions.cancel_certificate(certificate, on=date(2025, 1, 1), reason="调出", actor=leader.user)
    response = leader.client().post(
        f"/api/v1/org/certificates/{certificate.pk}/annual-check",
        {"on": "2025-02-01", "passed": True},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "certificate_transition"
    assert "注销" in response.json()["message"]
