"""The client's address (zhifa/security/network.py): X-Forwarded-For only from a trusted proxy,
read from the right. Before this, 300 of 300 requests with a forged header passed the public
portal's rate limit; now the forged header is no new client."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client, RequestFactory

from zhifa.delivery.access_log import Visit
from zhifa.security.network import client_address

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("proxies", "peer", "forwarded", "client"),
    [
        ([], "203.0.113.5", "", "203.0.113.5"),
        ([], "203.0.113.5", "10.1.1.1", "203.0.113.5"),  # no proxy: the header is ignored
        (["10.0.0.2"], "203.0.113.5", "10.1.1.1", "203.0.113.5"),  # not from our proxy
        (["10.0.0.2"], "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        (["10.0.0.2"], "10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),  # forged left part
        (["10.0.0.0/24"], "10.0.0.2", "198.51.100.7, 10.0.0.9", "198.51.100.7"),  # two proxies
        (["10.0.0.2"], "10.0.0.2", "1.2.3.4, not-an-address", "10.0.0.2"),
        (["10.0.0.2"], "10.0.0.2", "", "10.0.0.2"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_the_client_address(settings, proxies, peer, forwarded, client):
    settings.ZHIFA_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == client


def test_the_party_page_log_uses_the_same_address(settings):
    settings.ZHIFA_TRUSTED_PROXIES = []
    request = RequestFactory().get(
        "/p/x", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.1.1.1"
    )
    assert Visit.of(request).ip == "203.0.113.5"


def test_three_hundred_forged_requests_to_the_portal_are_rate_limited(settings, db):
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 120
    client = Client(REMOTE_ADDR="203.0.113.77")
    with time_machine.travel("2026-10-20 10:00:05 +0800", tick=False):
        codes = [
            client.get("/gongshi/", HTTP_X_FORWARDED_FOR=f"198.51.{n // 250}.{n % 250}").status_code
            for n in range(300)
        ]
    assert codes.count(200) == 120
    assert codes.count(429) == 180


def _settings_with(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "zhifa.settings",
            "PATH": "/usr/bin:/bin",
            "ZHIFA_ENV": "development",
            "ZHIFA_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_a_proxy_that_is_no_address_refuses_to_start(tmp_path):
    result = _settings_with({"ZHIFA_TRUSTED_PROXIES": "10.0.0.2,proxy.local"}, tmp_path)
    assert result.returncode != 0
    assert "ZHIFA_TRUSTED_PROXIES：'proxy.local' 不是 IP 地址或 CIDR 网段" in result.stderr


def test_the_old_trust_everyone_switch_refuses_to_start_with_advice(tmp_path):
    result = _settings_with({"ZHIFA_PUBLIC_TRUST_FORWARDED_FOR": "1"}, tmp_path)
    assert result.returncode != 0
    assert "已废弃" in result.stderr
    assert "ZHIFA_TRUSTED_PROXIES" in result.stderr
