"""Enrolling the second factor on a phone (docs/security.md "身份鉴别"): a leader without an
authenticator signs in, scans — here: reads — the key, enters the code, keeps the recovery codes
and reaches the home page; every page of it fits a phone's width."""

from __future__ import annotations

import binascii
import time
from base64 import b32decode

import pytest
from django.conf import settings

from tests.e2e.conftest import shot
from zhifa.security import two_factor

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _fits(page) -> None:  # type: ignore[no-untyped-def]
    width, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert width <= client, f"{page.url}: {width} px wide on a {client} px screen"


def test_a_leader_enrols_on_a_phone_and_reaches_home(phone, live_server, leader):
    phone.goto(f"{live_server.url}/cases/")
    phone.fill("#id_username", "leader")
    phone.fill("#id_password", settings.ZHIFA_DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert "/accounts/two-factor/setup/" in phone.url
    assert phone.locator(".qr svg").bounding_box()["width"] >= 200  # type: ignore[index]
    _fits(phone)
    shot(phone, "two-factor-setup-phone")
    secret = phone.locator("#secret").inner_text().replace(" ", "")
    key = binascii.hexlify(b32decode(secret)).decode()
    phone.fill("#id_code", two_factor.code_for(key, time.time()))
    phone.click("form:has(#id_code) button[type=submit]")  # not the top bar's 退出
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#recovery-codes li").count() == 10
    _fits(phone)
    shot(phone, "two-factor-recovery-codes-phone")
    phone.click("text=我已保存，继续")
    phone.wait_for_load_state("networkidle")
    assert phone.url.endswith("/cases/")
