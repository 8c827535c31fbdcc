"""The password policy (GB/T 22239-2019 8.1.4.1 a): at least 10 characters of three classes, not
the username, not a common password, not one of the last five; a password set by an
administrator must be changed at the first login before anything else; a change ends the
user's other sessions (this one stays)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from zhifa.org.accounts import create_account
from zhifa.security.choices import EventKind
from zhifa.security.identity_models import PasswordHistory
from zhifa.security.middleware import AuditContextMiddleware
from zhifa.security.tests.conftest import rows
from zhifa.security.tests.identity import browser, password
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db

PAGE = "/accounts/password/"
DEMO = "zhifa-demo-2026"


def _change(client, old: str, new: str, confirm: str | None = None):
    return client.post(
        PAGE, {"old_password": old, "new_password1": new, "new_password2": confirm or new}
    )


def _signed_in(username: str = "handler", address: str = "10.1.1.1"):
    client = browser(address)
    assert password(client, username)["Location"] == "/"
    return client


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("Ab1!xyz", "此密码太短，至少要包含 10 个字符"),
        ("lowercase2026", "至少 3 类（现有 2 类）"),
        ("Handler-2026x", "密码不得包含用户名"),
        ("Password123", "这个密码太常见了"),
    ],
)
def test_a_weak_password_is_refused_naming_the_field(handler, frozen, new, message):
    client = _signed_in()
    response = _change(client, DEMO, new)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert "新密码" in html  # the field's label with the message (core/_field.html)
    handler.user.refresh_from_db()
    assert handler.user.check_password(DEMO)


def test_none_of_the_last_five_passwords_may_be_used_again(handler, frozen):
    client = _signed_in()
    used = [f"Zhifa#{n}-Mima2026" for n in range(1, 6)]
    current = DEMO
    for new in used:
        assert _change(client, current, new).status_code == 302
        current = new
    assert PasswordHistory.objects.filter(user=handler.user).count() == 5
    for old in used:
        refused = _change(client, current, old)
        assert refused.status_code == 422
        assert "新密码不得与最近 5 次使用过的密码相同" in refused.content.decode()
    assert _change(client, current, DEMO).status_code == 302  # the sixth back is allowed again
    assert PasswordHistory.objects.filter(user=handler.user).count() == 5
    assert "zhifa" not in str(list(PasswordHistory.objects.values_list("password", flat=True)))
    assert len(rows(EventKind.PASSWORD_CHANGED)) == 6


def test_a_change_ends_the_other_sessions_and_keeps_this_one(handler, frozen):
    phone = _signed_in(address="10.1.1.1")
    desk = _signed_in(address="10.2.2.2")
    assert _change(phone, DEMO, "Zhifa#Xin-2026").status_code == 302
    assert phone.get("/").status_code == 200
    assert desk.get("/")["Location"].startswith("/accounts/login/")
    assert rows(EventKind.SESSION_ENDED)[-1].detail["reason"] == "password_changed"


@pytest.fixture
def newcomer(bureau):
    """An account the system administrator created with a first password, in a request."""
    system_admin = f.UserFactory(username="sysadmin", role="admin", org_unit=bureau)
    request: Any = RequestFactory().post("/admin/org/user/add/")
    request.user = system_admin

    def create(_request):
        return create_account(
            username="newcomer", password="Chushi#Mima-7", name="新同事", actor=system_admin
        )

    return AuditContextMiddleware(create)(request)


def test_the_first_login_of_a_new_account_must_change_the_password(newcomer, frozen):
    assert newcomer.must_change_password is True
    client = browser()
    first = password(client, "newcomer", "Chushi#Mima-7")
    assert first.status_code == 302
    for page in ("/", "/notifications/", "/accounts/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(PAGE), page
    form = client.get(PAGE).content.decode()
    assert "您的密码由管理员设置" in form
    assert _change(client, "Chushi#Mima-7", "Chushi#Mima-7").status_code == 422  # not the same
    assert _change(client, "Chushi#Mima-7", "Ziji#Shezhi-88").status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.must_change_password is False
    assert client.get("/accounts/").status_code == 200


def test_a_password_the_user_sets_is_not_flagged(handler, frozen):
    client = _signed_in()
    _change(client, DEMO, "Zhifa#Xin-2026")
    handler.user.refresh_from_db()
    assert handler.user.must_change_password is False
