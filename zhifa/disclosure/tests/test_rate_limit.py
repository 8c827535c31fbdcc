"""Rate limit of the portal and the public API per client IP (cache-based): past the limit a
minute, 429 with a Chinese message."""

from __future__ import annotations

import time_machine
from django.test import Client


def test_it_refuses_the_request_after_the_limit_with_a_chinese_message(settings, db):
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 5
    client = Client(REMOTE_ADDR="203.0.113.7")
    with time_machine.travel("2026-10-20 10:00:05 +0800", tick=False):
        codes = [client.get("/gongshi/").status_code for _ in range(6)]
        response = client.get("/gongshi/jueding/")
    assert codes == [200] * 5 + [429]
    assert response.status_code == 429
    assert "访问过于频繁，请稍后再试。" in response.content.decode()
    assert response["Retry-After"] == "60"


def test_the_api_gets_a_json_refusal(settings, db):
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 2
    client = Client(REMOTE_ADDR="203.0.113.8")
    with time_machine.travel("2026-10-20 10:00:05 +0800", tick=False):
        for _ in range(2):
            assert client.get("/api/v1/public/decisions").status_code == 200
        response = client.get("/api/v1/public/decisions")
    assert response.status_code == 429
    assert response.json() == {
        "code": "rate_limited",
        "message": "访问过于频繁，请稍后再试。",
        "field": None,
    }


def test_it_counts_each_ip_and_each_minute_separately(settings, db):
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 1
    first, second = Client(REMOTE_ADDR="203.0.113.9"), Client(REMOTE_ADDR="203.0.113.10")
    with time_machine.travel("2026-10-20 10:00:05 +0800", tick=False) as traveller:
        assert first.get("/gongshi/").status_code == 200
        assert first.get("/gongshi/").status_code == 429
        assert second.get("/gongshi/").status_code == 200
        traveller.shift(60)
        assert first.get("/gongshi/").status_code == 200


def test_it_trusts_x_forwarded_for_only_from_a_trusted_proxy(settings, db):
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="10.0.0.1")
    with time_machine.travel("2026-10-20 10:00:05 +0800", tick=False):
        assert client.get("/gongshi/", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
        assert client.get("/gongshi/", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429
        settings.ZHIFA_TRUSTED_PROXIES = ["10.0.0.0/24"]  # docs/security.md, 身份鉴别
        assert client.get("/gongshi/", HTTP_X_FORWARDED_FOR="198.51.100.3").status_code == 200


def test_internal_pages_are_not_limited(settings, leader):
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 1
    client = leader.client()
    assert all(client.get("/disclosure/").status_code == 200 for _ in range(3))
