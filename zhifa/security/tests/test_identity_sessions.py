"""Sessions (GB/T 22239-2019 8.1.4.1 d): an idle timeout (30 minutes) and an absolute lifetime
(12 hours), frozen time; "我的登录会话" lists a user's sessions and ends them; logout closes one.
The suite runs with the limits off (settings.ZHIFA_SESSION_LIMITS); these tests switch them on."""

from __future__ import annotations

from datetime import timedelta

import pytest

from zhifa.security.choices import EventKind
from zhifa.security.identity_models import UserSession
from zhifa.security.tests.conftest import one, rows
from zhifa.security.tests.identity import browser, password

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def limits(settings):
    settings.ZHIFA_SESSION_LIMITS = True
    settings.ZHIFA_SESSION_IDLE_MINUTES = 30
    settings.ZHIFA_SESSION_MAX_HOURS = 12


def _signed_in_browser(username: str = "handler", address: str = "10.1.1.1", agent: str = ""):
    client = browser(address)
    if agent:
        client.defaults["HTTP_USER_AGENT"] = agent
    assert password(client, username)["Location"] == "/"
    return client


def test_thirty_idle_minutes_end_the_session(handler, frozen):
    client = _signed_in_browser()
    frozen.shift(timedelta(minutes=29))
    assert client.get("/").status_code == 200
    frozen.shift(timedelta(minutes=30))  # 30 minutes since the last request: still signed in
    assert client.get("/").status_code == 200
    frozen.shift(timedelta(minutes=31))
    response = client.get("/cases/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "长时间未操作，已自动退出" in client.get(response["Location"]).content.decode()
    ended = one(EventKind.SESSION_ENDED)
    assert (ended.actor_name, ended.detail["reason"]) == ("handler", "idle")
    row = UserSession.objects.get(user=handler.user)
    assert row.end_reason == "idle"
    assert row.ended_at is not None


def test_twelve_hours_after_the_login_the_session_ends_however_busy(handler, frozen):
    client = _signed_in_browser()
    for _ in range(35):  # a request every 20 minutes: never idle, 11 h 40 min
        frozen.shift(timedelta(minutes=20))
        assert client.get("/").status_code == 200
    frozen.shift(timedelta(minutes=21))  # 12 h 01 min after the login
    assert client.get("/")["Location"].startswith(LOGIN)
    assert one(EventKind.SESSION_ENDED).detail["reason"] == "expired"


def test_the_session_row_is_touched_at_most_once_a_minute(handler, frozen):
    client = _signed_in_browser()
    row = UserSession.objects.get(user=handler.user)
    frozen.shift(timedelta(seconds=30))
    client.get("/")
    row.refresh_from_db()
    assert row.last_seen_at == row.created_at
    frozen.shift(timedelta(seconds=31))
    client.get("/")
    row.refresh_from_db()
    assert (row.last_seen_at - row.created_at).total_seconds() == 61


def test_my_sessions_are_listed_and_another_one_is_ended(handler, frozen):
    phone = _signed_in_browser(address="10.1.1.1", agent="Mozilla/5.0 (iPhone) 手机")
    frozen.shift(timedelta(minutes=5))
    desk = _signed_in_browser(address="10.2.2.2", agent="Mozilla/5.0 (Windows NT 10.0) 办公电脑")
    page = phone.get("/accounts/").content.decode()
    assert "我的登录会话" in page
    assert "办公电脑" in page
    assert "10.2.2.2" in page
    assert "当前" in page
    other = UserSession.objects.get(user=handler.user, address="10.2.2.2")
    assert phone.post(f"/accounts/sessions/{other.pk}/end/").status_code == 302
    assert one(EventKind.SESSION_ENDED).detail["reason"] == "ended"
    refused = desk.get("/cases/")  # signed out at its next request
    assert refused["Location"].startswith(LOGIN)
    assert "此登录会话已结束" in desk.get(refused["Location"]).content.decode()
    assert phone.get("/cases/").status_code == 200
    assert "办公电脑" not in phone.get("/accounts/").content.decode()


def test_a_user_cannot_end_someone_elses_session(handler, handler2, frozen):
    _signed_in_browser("handler")
    theirs = UserSession.objects.get(user=handler.user)
    other = _signed_in_browser("handler2", address="10.3.3.3")
    assert other.post(f"/accounts/sessions/{theirs.pk}/end/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.ended_at is None
    assert rows(EventKind.SESSION_ENDED) == []


def test_ending_the_current_session_signs_out_and_logout_closes_the_row(handler, frozen):
    client = _signed_in_browser()
    row = UserSession.objects.get(user=handler.user)
    assert client.post(f"/accounts/sessions/{row.pk}/end/")["Location"].startswith(LOGIN)
    row.refresh_from_db()
    assert row.end_reason == "logout"
    again = _signed_in_browser()
    again.post("/accounts/logout/")
    assert UserSession.objects.filter(user=handler.user, ended_at__isnull=True).count() == 0


def test_a_session_not_started_by_a_login_is_not_trusted(handler, frozen):
    client = _signed_in_browser()
    session = client.session
    del session["zhifa_login_at"]  # e.g. a session from before this release
    session.save()
    assert client.get("/")["Location"].startswith(LOGIN)
