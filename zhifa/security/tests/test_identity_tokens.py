"""API tokens (GB/T 22239-2019 8.1.4.1): named, of one user, expiring (90 days by default), their
last use kept at most once a minute; an expired or revoked token is refused with 401 and a
Chinese message, and the refusal is a row of the audit log."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from zhifa.core.actions import create_api_token, revoke_api_token
from zhifa.core.errors import InvalidInput
from zhifa.core.models import ApiToken
from zhifa.security.choices import EventKind
from zhifa.security.tests.conftest import one, rows
from zhifa.security.tests.identity import browser

pytestmark = pytest.mark.django_db

ME = "/api/v1/org/me"


def _bearer(raw: str):
    return browser("10.3.3.3", headers={"Authorization": f"Bearer {raw}"})


def test_a_token_expires_after_ninety_days_by_default(handler, frozen):
    token, raw = create_api_token(handler.user, name="对接办案系统")
    assert token.expires_at == timezone.now() + timedelta(days=90)
    assert one(EventKind.TOKEN_CREATED).detail["name"] == "对接办案系统"
    frozen.shift(timedelta(days=89, hours=23))
    assert _bearer(raw).get(ME).status_code == 200
    frozen.shift(timedelta(hours=1))
    response = _bearer(raw).get(ME)
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "未登录或令牌无效：令牌已过期",
        "field": None,
    }
    refused = rows(EventKind.TOKEN_USED)[-1]
    assert (refused.outcome, refused.detail["reason"]) == ("failure", "令牌已过期")


def test_the_validity_is_configurable_and_checked(handler, frozen, settings):
    settings.ZHIFA_API_TOKEN_DAYS = 7
    token, _ = create_api_token(handler.user, name="临时")
    assert token.expires_at == timezone.now() + timedelta(days=7)
    assert create_api_token(handler.user, name="一年", days=365)[0].expires_at.year == 2027
    with pytest.raises(InvalidInput) as refused:
        create_api_token(handler.user, name="永久", days=0)
    assert refused.value.field == "days"


def test_a_revoked_token_is_refused_in_chinese(handler, frozen):
    token, raw = create_api_token(handler.user, name="对接")
    revoke_api_token(token)
    response = _bearer(raw).get(ME)
    assert response.status_code == 401
    assert response.json()["message"] == "未登录或令牌无效：令牌已吊销"


def test_a_superusers_token_from_before_the_separation_is_refused(handler, frozen):
    """三员分立 (ADR 0013): a superuser never signs in, so a token it held is no way in."""
    _, raw = create_api_token(handler.user, name="旧令牌")
    handler.user.is_superuser = True
    handler.user.save()
    response = _bearer(raw).get(ME)
    assert response.status_code == 401
    assert response.json()["message"] == "未登录或令牌无效：超级用户账号不能使用 API 令牌"
    assert rows(EventKind.TOKEN_USED)[-1].outcome == "failure"


def test_its_last_use_is_kept_at_most_once_a_minute(handler, frozen):
    token, raw = create_api_token(handler.user, name="对接")
    _bearer(raw).get(ME)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first == timezone.now()
    frozen.shift(timedelta(seconds=30))
    _bearer(raw).get(ME)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    frozen.shift(timedelta(seconds=31))
    _bearer(raw).get(ME)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == timezone.now()


def test_the_command_requires_a_name_and_lists_expiry_and_last_use(handler, frozen):
    with pytest.raises(CommandError, match="--name"):
        call_command("token", "create", "handler", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="--days"):
        call_command(
            "token", "create", "handler", "--name", "x", "--days", "0", stdout=io.StringIO()
        )
    err = io.StringIO()
    call_command(
        "token",
        "create",
        "handler",
        "--name",
        "对接",
        "--days",
        "30",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "2026-04-01 10:00 到期" in err.getvalue()
    frozen.shift(timedelta(days=31))
    out = io.StringIO()
    call_command("token", "list", "handler", stdout=out)
    line = out.getvalue()
    assert "对接" in line
    assert "到期 2026-04-01" in line
    assert "从未使用" in line
    assert line.strip().endswith("已过期")
