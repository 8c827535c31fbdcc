"""The second factor (GB/T 22239-2019 8.1.4.1 c): a leader without an authenticator reaches no
page but enrolment; enrolment shows the QR code inline and confirms with a code; later logins
ask for the code — a wrong one refused and recorded, each code used once, recovery codes once
each, guessing slowed down; the security administrator resets a lost phone, with an audit row."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa.core.actions import create_api_token
from zhifa.security import two_factor
from zhifa.security.choices import EventKind
from zhifa.security.identity_middleware import IdentityMiddleware
from zhifa.security.tests.conftest import one, rows
from zhifa.security.tests.identity import (
    SETUP,
    VERIFY,
    browser,
    code_of,
    enrolled,
    password,
    sign_in,
)
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db

PAGES = ["/", "/cases/", "/org/officers/", "/notifications/", "/accounts/", "/accounts/password/"]


@pytest.fixture
def security_admin(bureau):
    user = f.UserFactory(username="secadmin", name="安全员", role="security_admin", org_unit=bureau)
    client = browser("10.5.5.5")
    client.force_login(user)  # both factors (conftest)
    return user, client


def test_a_leader_without_an_authenticator_reaches_no_page_but_enrolment(leader, frozen):
    client = browser()
    first = password(client, "leader")
    assert first.status_code == 302
    assert first["Location"] == f"{SETUP}?next=%2F"
    for page in [*PAGES, "/accounts/two-factor/recovery-codes/"]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(SETUP), page
    assert client.post("/notifications/read-all/").status_code == 302
    # the API does not count the session either (a bearer token would)
    api = client.get("/api/v1/org/me")
    assert api.status_code == 401
    assert "需要先完成双因素认证" in api.json()["message"]
    assert client.get(SETUP).status_code == 200


def test_enrolment_shows_the_qr_code_inline_then_the_first_code_confirms_it(leader, frozen):
    client = browser()
    password(client, "leader")
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=leader.user)
    assert device.confirmed is False
    assert '<svg viewBox="0 0' in page  # the QR code itself, no image request
    assert "<img" not in page
    assert two_factor.secret_text(device) in page
    assert client.get(SETUP).content.decode().count(two_factor.secret_text(device)) == 1  # same key
    refused = client.post(SETUP, {"code": "000000", "next": "/cases/"})
    assert refused.status_code == 422
    assert "验证码不正确" in refused.content.decode()
    failed = one(EventKind.SECOND_FACTOR_CHANGED)
    assert (failed.outcome, failed.actor_name, failed.detail["reason"]) == (
        "failure",
        "leader",
        "wrong_code",
    )
    frozen.shift(timedelta(seconds=2))  # the pause after a wrong code
    done = client.post(SETUP, {"code": code_of(leader.user), "next": "/cases/"})
    assert done.status_code == 302
    assert done["Location"].startswith("/accounts/two-factor/recovery-codes/")
    device.refresh_from_db()
    assert device.confirmed is True
    shown = client.get(done["Location"]).content.decode()
    assert shown.count("<li>") >= 10
    assert "只显示这一次" in shown
    codes = list(
        StaticToken.objects.filter(device__user=leader.user).values_list("token", flat=True)
    )
    assert len(codes) == 10
    assert two_factor.show_code(codes[0]) in shown
    assert two_factor.show_code(codes[0]) not in client.get(done["Location"]).content.decode()
    assert client.get("/cases/").status_code == 200
    enrolment = rows(EventKind.SECOND_FACTOR_CHANGED)[-1]
    assert (enrolment.outcome, enrolment.detail["action"]) == ("success", "enrol")
    assert codes[0] not in str(enrolment.detail)


def test_a_wrong_code_is_refused_and_recorded_then_the_right_one_signs_in(leader, frozen):
    enrolled(leader.user)
    client = browser("10.2.2.2")
    first = password(client, "leader")
    assert first["Location"].startswith(VERIFY)
    assert client.get("/cases/")["Location"].startswith(VERIFY)
    wrong = client.post(VERIFY, {"code": "123456", "next": "/cases/"})
    assert wrong.status_code == 422
    assert "验证码不正确" in wrong.content.decode()
    failed = one(EventKind.SECOND_FACTOR)
    assert (failed.actor_name, failed.address, failed.outcome) == ("leader", "10.2.2.2", "failure")
    assert failed.detail == {"method": "totp", "reason": "wrong_code"}
    assert client.get("/cases/").status_code == 302
    frozen.shift(timedelta(seconds=2))  # past the 1-second pause after one wrong code
    right = client.post(VERIFY, {"code": code_of(leader.user), "next": "/cases/"})
    assert right.status_code == 302
    assert right["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    passed = rows(EventKind.SECOND_FACTOR)[-1]
    assert (passed.outcome, passed.detail["method"]) == ("success", "totp")


def test_after_the_code_only_a_path_of_this_site_is_followed(leader, frozen):
    enrolled(leader.user)
    client = browser()
    password(client, "leader")
    away = client.post(VERIFY, {"code": code_of(leader.user), "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_a_code_is_accepted_once(leader, frozen):
    enrolled(leader.user)
    code = code_of(leader.user)
    first, second = browser("10.2.2.2"), browser("10.3.3.3")
    password(first, "leader")
    password(second, "leader")
    assert first.post(VERIFY, {"code": code}).status_code == 302
    replay = second.post(VERIFY, {"code": code})  # seen over a shoulder: too late
    assert replay.status_code == 422
    assert second.get("/").status_code == 302


def test_guessing_is_slowed_down_even_for_the_right_code(leader, frozen):
    enrolled(leader.user)
    client = browser()
    password(client, "leader")
    for guess, pause in (("111111", 1), ("222222", 2), ("333333", 1)):
        assert client.post(VERIFY, {"code": guess}).status_code == 422
        frozen.shift(timedelta(seconds=pause))  # 1, 2, 4 … seconds after each wrong code
    paused = client.post(VERIFY, {"code": code_of(leader.user)})
    assert paused.status_code == 422
    assert "请 3 秒后再试" in paused.content.decode()
    assert rows(EventKind.SECOND_FACTOR)[-1].detail["reason"] == "throttled"
    frozen.shift(timedelta(seconds=4))
    assert client.post(VERIFY, {"code": code_of(leader.user)}).status_code == 302


def test_a_recovery_code_works_once(reviewer, frozen):
    enrolled(reviewer.user)
    codes = two_factor._new_recovery_codes(reviewer.user)
    client = browser()
    password(client, "reviewer")
    used = client.post(VERIFY, {"code": two_factor.show_code(codes[0]).upper()}, follow=True)
    assert used.status_code == 200
    assert "还剩 9 个" in used.content.decode()
    passed = rows(EventKind.SECOND_FACTOR)[-1]
    assert passed.detail == {"method": "recovery", "recovery_left": 9}
    client.post("/accounts/logout/")
    again = browser("10.9.9.9")
    password(again, "reviewer")
    refused = again.post(VERIFY, {"code": codes[0]})
    assert refused.status_code == 422
    assert "恢复码不正确或已使用" in refused.content.decode()
    assert again.get("/").status_code == 302


def test_a_handler_is_asked_for_a_code_only_after_choosing_to_enrol(handler, frozen):
    client = browser()
    assert password(client, "handler")["Location"] == "/"
    assert client.get("/").status_code == 200
    enrolled(handler.user)
    other = browser("10.4.4.4")
    assert password(other, "handler")["Location"].startswith(VERIFY)
    assert other.get("/")["Location"].startswith(VERIFY)


def test_django_admin_asks_everyone_for_the_second_factor(handler, bureau, frozen):
    f.UserFactory(username="sysadmin", role="admin", org_unit=bureau)
    client = browser()
    password(client, "sysadmin")
    assert client.get("/admin/")["Location"].startswith(SETUP)
    # and whatever the role (the 三员 only reach it, ADR 0013: a handler is refused before)
    request: Any = RequestFactory().get("/admin/")
    request.user = handler.user
    request.session = {}
    assert IdentityMiddleware._needs_second_factor(request) is True
    request.path = "/cases/"
    assert IdentityMiddleware._needs_second_factor(request) is False


def test_an_api_token_is_not_asked_for_the_second_factor(leader, frozen):
    _, raw = create_api_token(leader.user, name="对接")
    client = browser(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/org/me").json()["username"] == "leader"


def test_the_security_administrator_resets_a_lost_authenticator(leader, security_admin, frozen):
    _, admin_client = security_admin
    enrolled(leader.user)
    two_factor._new_recovery_codes(leader.user)
    phone = browser("10.2.2.2")
    assert sign_in(phone, leader.user).status_code == 302
    listing = admin_client.get("/security/two-factor/", {"q": "leader"}).content.decode()
    assert "刘主任" in listing
    assert "已绑定" in listing
    done = admin_client.post(f"/security/two-factor/{leader.user.pk}/reset/", follow=True)
    assert "已重置" in done.content.decode()
    assert not TOTPDevice.objects.filter(user=leader.user).exists()
    assert not StaticToken.objects.filter(device__user=leader.user).exists()
    reset = rows(EventKind.SECOND_FACTOR_CHANGED)[-1]
    assert (reset.actor_name, reset.address, reset.object_id) == (
        "secadmin",
        "10.5.5.5",
        str(leader.user.pk),
    )
    assert reset.detail["action"] == "reset"
    assert one(EventKind.SESSION_ENDED).detail["reason"] == "second_factor_reset"
    assert phone.get("/cases/")["Location"].startswith("/accounts/login/")  # signed out
    assert password(browser(), "leader")["Location"].startswith(SETUP)  # enrol again


def test_only_the_security_administrator_resets_and_never_their_own(
    leader, reviewer, security_admin, frozen
):
    admin, admin_client = security_admin
    enrolled(reviewer.user)
    assert leader.client().get("/security/two-factor/").status_code == 403
    assert (
        leader.client().post(f"/security/two-factor/{reviewer.user.pk}/reset/").status_code == 403
    )
    assert TOTPDevice.objects.filter(user=reviewer.user).exists()
    assert rows(EventKind.PERMISSION_DENIED)
    own = admin_client.post(f"/security/two-factor/{admin.pk}/reset/", follow=True)
    assert "不能重置自己的双因素认证" in own.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_the_required_roles_are_checked(db):
    with pytest.raises(ImproperlyConfigured, match="nosuch"):
        two_factor.check_required_roles(["leader", "nosuch"], explicit=True)
    with pytest.raises(ImproperlyConfigured, match="leader"):
        two_factor.check_required_roles(["admin", "security_admin", "audit_admin"], explicit=True)
    chosen = two_factor.check_required_roles(
        [*two_factor.MANDATORY_ROLES, "case_handler"], explicit=True
    )
    assert "case_handler" in chosen


def test_an_unknown_role_refuses_to_start(tmp_path):
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "zhifa.settings",
            "ZHIFA_2FA_REQUIRED_ROLES": "leader,boss",
            "ZHIFA_ENV": "development",
            "PATH": "/usr/bin:/bin",
            "ZHIFA_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode != 0
    assert "ZHIFA_2FA_REQUIRED_ROLES：boss 不是角色" in result.stderr


def test_django_admin_neither_shows_nor_hands_out_authenticators():
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice

    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)
