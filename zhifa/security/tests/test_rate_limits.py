"""Rate limits per client address on document verification and sign-in (GB/T 22239-2019
§8.1.4.1 b, 限制非法登录次数; issue 10, "Robustness"), counted in the cache that every app
server shares through Redis (scripts/city-smoke checks the sharing across two servers)."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client

from zhifa.security.choices import EventKind, Outcome
from zhifa.security.models import SecurityEvent

pytestmark = pytest.mark.django_db

MINUTE = "2026-10-20 10:00:05 +0800"


@pytest.mark.parametrize(
    ("setting", "send"),
    [
        ("ZHIFA_VERIFY_RATE_LIMIT", lambda c: c.get("/v/ABCD1234")),
        ("ZHIFA_LOGIN_RATE_LIMIT", lambda c: c.post("/accounts/login/", {"username": "x"})),
        ("ZHIFA_LOGIN_RATE_LIMIT", lambda c: c.post("/accounts/two-factor/", {"otp": "1"})),
        ("ZHIFA_LOGIN_RATE_LIMIT", lambda c: c.post("/admin/login/", {"username": "x"})),
    ],
    ids=["verify", "login", "second factor", "admin login"],
)
def test_past_the_limit_a_minute_an_address_gets_429_in_chinese(settings, setting, send):
    setattr(settings, setting, 3)
    client = Client(REMOTE_ADDR="203.0.113.20")
    with time_machine.travel(MINUTE, tick=False):
        codes = [send(client).status_code for _ in range(3)]
        refused = send(client)
        other = send(Client(REMOTE_ADDR="203.0.113.21"))
    assert 429 not in codes
    assert refused.status_code == 429
    assert "访问过于频繁，请稍后再试。" in refused.content.decode()
    assert refused["Retry-After"] == "60"
    assert other.status_code != 429  # another address is counted on its own


def test_the_next_minute_counts_afresh(settings):
    settings.ZHIFA_VERIFY_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="203.0.113.22")
    with time_machine.travel(MINUTE, tick=False) as traveller:
        assert client.get("/v/ABCD1234").status_code == 404
        assert client.get("/v/ABCD1234").status_code == 429
        traveller.shift(60)
        assert client.get("/v/ABCD1234").status_code == 404


def test_a_forged_forwarded_for_is_no_new_client(settings):
    settings.ZHIFA_LOGIN_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="198.51.100.5")
    with time_machine.travel(MINUTE, tick=False):
        client.post("/accounts/login/", {"username": "x"}, HTTP_X_FORWARDED_FOR="10.9.9.1")
        forged = client.post("/accounts/login/", {"username": "x"}, HTTP_X_FORWARDED_FOR="10.9.9.2")
    assert forged.status_code == 429


def test_viewing_the_login_form_is_not_an_attempt(settings):
    settings.ZHIFA_LOGIN_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="203.0.113.23")
    with time_machine.travel(MINUTE, tick=False):
        assert [client.get("/accounts/login/").status_code for _ in range(3)] == [200] * 3


def test_each_address_over_a_limit_is_one_audit_row_a_minute_not_one_per_request(settings):
    settings.ZHIFA_VERIFY_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.24")
    with time_machine.travel(MINUTE, tick=False):
        for _ in range(10):
            client.get("/v/ABCD1234")
    rows = SecurityEvent.objects.filter(kind=EventKind.RATE_LIMITED)
    assert rows.count() == 1
    row = rows.get()
    assert (row.outcome, row.address) == (Outcome.DENIED, "203.0.113.24")
    assert row.detail["limit_per_minute"] == 2


def test_zero_switches_a_limit_off(settings):
    settings.ZHIFA_VERIFY_RATE_LIMIT = 0
    client = Client(REMOTE_ADDR="203.0.113.25")
    with time_machine.travel(MINUTE, tick=False):
        assert {client.get("/v/ABCD1234").status_code for _ in range(50)} == {404}
