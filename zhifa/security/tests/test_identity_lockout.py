"""The login lockout (GB/T 22239-2019 8.1.4.1 b) and its attacks: spraying many usernames from one
address locks that address; guessing one username from many addresses cannot lock its user out
of a browser they signed in from before; a forged X-Forwarded-For neither locks nor unlocks
anyone (zhifa/security/lockout.py, docs/security.md "身份鉴别")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import override_settings

from zhifa.security.choices import EventKind
from zhifa.security.identity_models import TrustedBrowser
from zhifa.security.lockout import COOKIE
from zhifa.security.tests.conftest import rows
from zhifa.security.tests.identity import browser, password

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("axes_on")]

ATTACKER = "203.0.113.66"


@pytest.fixture
def axes_on():
    with override_settings(
        AXES_ENABLED=True,
        AXES_FAILURE_LIMIT=5,
        ZHIFA_LOGIN_ADDRESS_FAILURES=20,
        ZHIFA_LOGIN_ACCOUNT_FAILURES=10,
    ):
        yield


def _signed_in(response) -> bool:
    return response.status_code == 302 and not response["Location"].startswith("/accounts/")


def test_spraying_many_usernames_from_one_address_locks_that_address(handler, handler2, frozen):
    attacker = browser(ATTACKER)
    codes = [password(attacker, f"user{n:02d}", "Spring2026!").status_code for n in range(20)]
    assert codes == [200] * 19 + [429]  # the 20th failure from the address locks it
    assert rows(EventKind.LOCKOUT)[-1].detail["reason"] == "address"
    # from there, even a right password of an account never tried is refused …
    refused = password(browser(ATTACKER), "handler2")
    assert refused.status_code == 429
    assert "此网络地址登录失败次数过多" in refused.content.decode()
    assert rows(EventKind.LOGIN) == []
    # … and nobody elsewhere is affected
    assert _signed_in(password(browser("10.1.1.1"), "handler2"))
    frozen.shift(timedelta(minutes=16))  # the cool-off (AXES_COOLOFF_TIME) has passed
    assert _signed_in(password(browser(ATTACKER), "handler"))


def test_five_failures_lock_that_username_at_that_address_only(handler, frozen):
    attacker = browser(ATTACKER)
    codes = [password(attacker, "handler", f"guess-{n}").status_code for n in range(5)]
    assert codes == [200] * 4 + [429]
    assert rows(EventKind.LOCKOUT)[-1].detail["reason"] == "account_address"
    assert password(attacker, "handler").status_code == 429  # the right password too
    assert _signed_in(password(browser("10.1.1.1"), "handler"))  # the officer at the office


def test_failures_from_many_addresses_cannot_lock_the_user_out_of_their_own_browser(
    handler, frozen
):
    phone = browser("10.1.1.1")
    assert _signed_in(password(phone, "handler"))
    assert TrustedBrowser.objects.filter(user=handler.user).count() == 1
    assert COOKIE in phone.cookies
    phone.post("/accounts/logout/")
    for n in range(10):  # a botnet: one guess from each of ten addresses
        assert password(browser(f"198.51.100.{n}"), "handler", "guess").status_code in (200, 429)
    assert rows(EventKind.LOCKOUT)[-1].detail["reason"] == "account"
    # a browser the officer never signed in from is refused for the cool-off …
    stranger = password(browser("198.51.100.200"), "handler")
    assert stranger.status_code == 429
    assert "未登录过的浏览器" in stranger.content.decode()
    # … the officer's own phone is not, from any address
    phone.defaults["REMOTE_ADDR"] = "10.7.7.7"
    assert _signed_in(password(phone, "handler"))
    frozen.shift(timedelta(minutes=16))
    assert _signed_in(password(browser("198.51.100.200"), "handler"))


def test_a_trusted_browser_is_locked_by_its_own_failures(handler, frozen):
    phone = browser("10.1.1.1")
    assert _signed_in(password(phone, "handler"))
    phone.post("/accounts/logout/")
    codes = [password(phone, "handler", f"typo-{n}").status_code for n in range(5)]
    assert codes == [200] * 4 + [429]
    assert rows(EventKind.LOCKOUT)[-1].detail["reason"] == "browser"
    assert password(phone, "handler").status_code == 429
    frozen.shift(timedelta(minutes=16))
    assert _signed_in(password(phone, "handler"))
    browser_row = TrustedBrowser.objects.get(user=handler.user)
    assert (browser_row.failures, browser_row.locked_until) == (0, None)


def test_a_forged_x_forwarded_for_neither_locks_nor_unlocks(handler, frozen):
    victim = "10.1.1.1"
    attacker = browser(ATTACKER, HTTP_X_FORWARDED_FOR=victim)
    for n in range(5):  # pretending to be the victim's address
        password(attacker, "handler", f"guess-{n}")
    assert _signed_in(password(browser(victim), "handler"))  # the victim is not locked
    # the attacker is locked at the real address: a fresh forged one each time does not help,
    # even with the right password
    for n in range(5):
        forged = password(browser(ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), "handler")
        assert forged.status_code == 429
    assert {e.address for e in rows(EventKind.LOGIN_FAILED)} == {ATTACKER}


@override_settings(ZHIFA_TRUSTED_PROXIES=["10.0.0.2"])
def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_saw(handler, frozen):
    def via_proxy(forged: str):
        client = browser("10.0.0.2", HTTP_X_FORWARDED_FOR=f"{forged}, {ATTACKER}")
        return password(client, "handler", "guess")

    codes = [via_proxy(f"192.0.2.{n}").status_code for n in range(5)]
    assert codes == [200] * 4 + [429]
    assert {e.address for e in rows(EventKind.LOGIN_FAILED)} == {ATTACKER}
    office = browser("10.0.0.2", HTTP_X_FORWARDED_FOR="10.1.1.1")
    assert _signed_in(password(office, "handler"))
