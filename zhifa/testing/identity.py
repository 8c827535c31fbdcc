"""The second factor in tests. ``Client.force_login`` stands for "this person is signed in": the
root conftest makes it sign in with both factors, as a real login would end — for the users who
must use one (``two_factor.required_for``), with a confirmed device made for them. Tests of the
sign-in itself log in through the pages (zhifa/security/tests/test_identity_*.py)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa.security import two_factor

TEST_DEVICE = "测试验证器"


def verify_session(client: Client, user: Any) -> None:
    if not two_factor.required_for(user):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TEST_DEVICE, confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[two_factor.ENROLLED] = True
    session.save()
