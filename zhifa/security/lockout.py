"""The login lockout (GB/T 22239-2019 8.1.4.1 b: 登录失败处理), a django-axes handler that can
neither be turned against a user nor be bypassed by spraying (docs/security.md, "身份鉴别").

django-axes records every failure (``AccessAttempt``: username, client address, browser); this
handler decides from them, within ``AXES_COOLOFF_TIME`` of the last failure:

1. A **trusted browser** — one in which this user completed a sign-in before, proven by a random
   key in a cookie (``TrustedBrowser``) — is judged by its own failures only: after
   ``AXES_FAILURE_LIMIT`` in a row it is locked for the cool-off. Failures from anywhere else
   never lock it: an attacker cannot lock a user out of their own phone or office computer.
2. Any other client is locked when
   a. this username failed ``AXES_FAILURE_LIMIT`` times from this address, or
   b. this address failed ``ZHIFA_LOGIN_ADDRESS_FAILURES`` times, whatever the usernames
      (password spraying from one address), or
   c. this username failed ``ZHIFA_LOGIN_ACCOUNT_FAILURES`` times, whatever the addresses
      (guessing one password from many addresses): then only untrusted browsers are refused.

The client address is ``security.network.client_address`` (trusted proxies only): a forged
X-Forwarded-For neither moves an attacker to a fresh counter nor charges someone else's.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F, Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from zhifa.security.identity_models import TrustedBrowser

COOKIE = "zhifa_browser"
COOKIE_DAYS = 180
KEYS_PER_COOKIE = 3  # a computer shared by a few officers stays trusted for each of them


@dataclass(frozen=True)
class Verdict:
    locked: bool
    reason: str = ""  # browser | account_address | address | account


def _key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _cookie_keys(request: HttpRequest) -> list[str]:
    value = str(getattr(request, "COOKIES", {}).get(COOKIE, ""))
    return [k for k in value.split(".") if k][:KEYS_PER_COOKIE]


def trusted_browser(request: HttpRequest, username: str | None) -> TrustedBrowser | None:
    """This request's trusted browser for ``username``, if its cookie carries one."""
    keys = _cookie_keys(request)
    if not keys or not username:
        return None
    return (
        TrustedBrowser.objects.filter(
            key_hash__in=[_key_hash(k) for k in keys], user__username=username
        )
        .select_related("user")
        .first()
    )


def _failures(rows: Any) -> int:
    return int(rows.aggregate(n=Sum("failures_since_start"))["n"] or 0)


def verdict(request: HttpRequest, credentials: dict[str, Any] | None) -> Verdict:
    username = get_client_username(request, credentials)
    browser = trusted_browser(request, username)
    if browser is not None:
        locked = browser.locked_until is not None and browser.locked_until > timezone.now()
        return Verdict(locked, "browser" if locked else "")
    address = getattr(request, "axes_ip_address", None) or ""
    recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
    if username and _failures(recent.filter(username=username, ip_address=address)) >= int(
        settings.AXES_FAILURE_LIMIT
    ):
        return Verdict(True, "account_address")
    if _failures(recent.filter(ip_address=address)) >= int(settings.ZHIFA_LOGIN_ADDRESS_FAILURES):
        return Verdict(True, "address")
    if username and _failures(recent.filter(username=username)) >= int(
        settings.ZHIFA_LOGIN_ACCOUNT_FAILURES
    ):
        return Verdict(True, "account")
    return Verdict(False)


class LoginThrottle(AxesDatabaseHandler):
    """``AXES_HANDLER``: axes' storage and signals, with the decision above."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # django-axes compares this number with AXES_FAILURE_LIMIT (in is_locked and after a
        # failure, to send user_locked_out): the verdict is told through it.
        found = verdict(request, credentials)
        request.zhifa_lockout = found.reason
        limit = int(settings.AXES_FAILURE_LIMIT)
        return limit if found.locked else 0

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        if request is not None:
            _count_browser_failure(request, get_client_username(request, credentials))
        super().user_login_failed(sender, credentials, request, **kwargs)


def _count_browser_failure(request: HttpRequest, username: str | None) -> None:
    browser = trusted_browser(request, username)
    if browser is None:
        return
    now = timezone.now()
    if browser.locked_until is not None and browser.locked_until > now:
        return  # refused while locked: the lock is not extended
    TrustedBrowser.objects.filter(pk=browser.pk).update(failures=F("failures") + 1)
    browser.refresh_from_db(fields=["failures"])
    if browser.failures >= int(settings.AXES_FAILURE_LIMIT):
        cool_off = get_cool_off(request) or timedelta(minutes=15)
        TrustedBrowser.objects.filter(pk=browser.pk).update(failures=0, locked_until=now + cool_off)


def trust_this_browser(request: HttpRequest, response: HttpResponse, user: Any) -> None:
    """After a complete sign-in (password, and the second factor where it is required): this
    browser is trusted for ``user`` — a new key, or the one it already has refreshed."""
    now = timezone.now()
    browser = trusted_browser(request, user.get_username())
    keys = _cookie_keys(request)
    if browser is not None:
        TrustedBrowser.objects.filter(pk=browser.pk).update(
            last_used_at=now, failures=0, locked_until=None
        )
    else:
        raw = secrets.token_urlsafe(24)
        TrustedBrowser.objects.create(
            user=user, key_hash=_key_hash(raw), created_at=now, last_used_at=now
        )
        keys = [raw, *keys][:KEYS_PER_COOKIE]
        TrustedBrowser.objects.filter(
            user=user, last_used_at__lt=now - timedelta(days=COOKIE_DAYS)
        ).delete()
    response.set_cookie(
        COOKIE,
        ".".join(keys),
        max_age=COOKIE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


LOCKOUT_MESSAGES = {
    "browser": "此浏览器登录失败次数过多，已暂停登录。",
    "account_address": "此账号在此网络地址登录失败次数过多，已暂停从此处登录。",
    "address": "此网络地址登录失败次数过多，已暂停从此处登录。",
    "account": "此账号近期登录失败次数过多，已暂停在未登录过的浏览器上登录。",
}


def lockout_message(request: HttpRequest) -> str:
    return LOCKOUT_MESSAGES.get(
        str(getattr(request, "zhifa_lockout", "")), "登录失败次数过多，已暂停登录。"
    )
