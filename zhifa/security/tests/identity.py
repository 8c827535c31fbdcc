"""Helpers of the identity tests (test_identity_*.py): signing in through the pages, as a
browser does, from a given address; the current code of a user's authenticator app."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa.security import two_factor

LOGIN = "/accounts/login/"
VERIFY = "/accounts/two-factor/"
SETUP = "/accounts/two-factor/setup/"


def browser(address: str = "10.1.1.1", **extra: Any) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT="Mozilla/5.0 (iPhone) 测试", **extra)


def password(client: Client, username: str, secret: str | None = None, **extra: Any) -> Any:
    return client.post(
        LOGIN,
        {
            "username": username,
            "password": settings.ZHIFA_DEMO_PASSWORD if secret is None else secret,
        },
        **extra,
    )


def code_of(user: Any, *, ahead: int = 0) -> str:
    """What the user's phone shows now (``ahead`` seconds later)."""
    device = TOTPDevice.objects.filter(user=user).order_by("-id").first()
    assert device is not None, "no authenticator for this user"
    return two_factor.code_for(device.key, time.time() + ahead)


def enrolled(user: Any) -> TOTPDevice:
    """A confirmed authenticator, as if the user had enrolled before."""
    return TOTPDevice.objects.create(user=user, name=two_factor.TOTP_NAME, confirmed=True)


def sign_in(client: Client, user: Any, **extra: Any) -> Any:
    """Password, then the code (the user has an authenticator)."""
    first = password(client, user.username, **extra)
    assert first.status_code == 302, first.content.decode()[:500]
    assert first["Location"].startswith(VERIFY)
    return client.post(VERIFY, {"code": code_of(user)}, **extra)
