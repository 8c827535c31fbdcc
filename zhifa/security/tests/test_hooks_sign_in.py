"""Sign-in and refusals as the security audit log records them: every login, every failed
login (one row each, under the username tried), logouts, lockouts, and every 403 — page or
API — with the account, the client's address and the outcome (GB/T 22239-2019 8.1.4.3 a–b)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings

from zhifa.security.choices import EventKind
from zhifa.security.tests.conftest import one, rows

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _login(client: Client, username: str, password: str):
    return client.post(LOGIN, {"username": username, "password": password})


def test_a_login_is_recorded_with_the_account_and_the_address(handler, frozen):
    client = Client(REMOTE_ADDR="10.20.30.40")
    assert _login(client, "handler", settings.ZHIFA_DEMO_PASSWORD).status_code == 302
    event = one(EventKind.LOGIN)
    assert (event.actor_id, event.actor_name, event.address, event.outcome) == (
        handler.user.pk,
        "handler",
        "10.20.30.40",
        "success",
    )
    assert (event.object_type, event.object_id) == ("org.user", str(handler.user.pk))


def test_every_failed_login_is_a_row_of_its_own(handler, frozen):
    client = Client(REMOTE_ADDR="10.9.9.9")
    for password in ("wrong-1", "wrong-2", "wrong-3"):
        assert _login(client, "handler", password).status_code == 200
    _login(client, "nosuchuser", "x")
    failed = rows(EventKind.LOGIN_FAILED)
    assert [e.actor_name for e in failed] == ["handler", "handler", "handler", "nosuchuser"]
    assert {(e.address, e.outcome, e.actor_id) for e in failed} == {("10.9.9.9", "failure", None)}
    assert "wrong" not in str([e.detail for e in failed])  # never the password tried


def test_a_logout_is_recorded(handler, frozen):
    client = handler.client()
    assert client.post("/accounts/logout/").status_code == 302
    event = one(EventKind.LOGOUT)
    assert (event.actor_name, event.address) == ("handler", "127.0.0.1")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=2)
def test_a_lockout_is_recorded_and_each_attempt_while_locked(handler, frozen):
    client = Client(REMOTE_ADDR="10.7.7.7")
    _login(client, "handler", "wrong-1")
    assert rows(EventKind.LOCKOUT) == []
    _login(client, "handler", "wrong-2")
    locked = one(EventKind.LOCKOUT)
    assert (locked.actor_name, locked.address, locked.outcome) == ("handler", "10.7.7.7", "denied")
    assert locked.detail["limit"] == 2
    assert _login(client, "handler", settings.ZHIFA_DEMO_PASSWORD).status_code != 302
    assert len(rows(EventKind.LOCKOUT)) == 2
    assert rows(EventKind.LOGIN) == []


def test_a_refused_page_is_a_denial_row(handler, frozen):
    client = handler.client()
    assert client.get("/calendar/import/").status_code == 403
    event = one(EventKind.PERMISSION_DENIED)
    assert (event.actor_name, event.address, event.outcome) == ("handler", "127.0.0.1", "denied")
    assert (event.object_type, event.object_label) == ("page", "/calendar/import/")
    assert event.detail["method"] == "GET"


def test_a_refused_api_call_is_a_denial_row(handler, frozen):
    client = handler.client()
    response = client.get("/api/v1/org/officers")
    assert response.status_code == 403
    event = one(EventKind.PERMISSION_DENIED)
    assert (event.actor_name, event.object_type, event.object_label) == (
        "handler",
        "api",
        "/api/v1/org/officers",
    )
    assert event.detail["code"] == response.json()["code"]
