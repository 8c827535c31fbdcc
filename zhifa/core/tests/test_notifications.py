"""The notification inbox (issue 9 §2): an unread count in every page's header, a list newest
first, each opening its case step and marked read, mark all read; the API the same; a user
sees only their own. And the steps that tell the handlers what happened on their cases."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.core.models import Notification

pytestmark = pytest.mark.django_db


def _note(user, title="示范城管案〔2026〕00001号：陈述申辩期限将到", url="/cases/1/", **kw):
    return Notification.objects.create(user=user, kind="deadline_soon", title=title, url=url, **kw)


def test_the_header_counts_the_unread_and_the_inbox_lists_them(handler, handler2):
    mine = [_note(handler.user, title=f"通知{i}") for i in range(3)]
    _note(handler2.user, title="别人的通知")
    client = handler.client()
    home = client.get("/").content.decode()
    assert 'id="bell"' in home
    assert '<span class="bell-count">3</span>' in home
    page = client.get("/notifications/").content.decode()
    assert "3 条未读" in page
    assert "期限将到" in page
    assert 'id="read-all"' in page
    assert all(f"notice-{n.pk}" in page for n in mine)
    assert "别人的通知" not in page


def test_opening_one_marks_it_read_and_goes_to_its_case(handler):
    note = _note(handler.user)
    response = handler.client().get(f"/notifications/{note.pk}/")
    assert (response.status_code, response["Location"]) == (302, "/cases/1/")
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/x", "javascript:x"])
def test_a_notification_never_leads_off_the_site(handler, url):
    note = _note(handler.user, url=url)
    response = handler.client().get(f"/notifications/{note.pk}/")
    assert response["Location"] == "/notifications/"


def test_another_users_notification_is_not_found_and_stays_unread(handler, handler2):
    theirs = _note(handler2.user)
    assert handler.client().get(f"/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read(handler, handler2):
    for _ in range(2):
        _note(handler.user)
    theirs = _note(handler2.user)
    client = handler.client()
    assert client.get("/notifications/read-all/").status_code == 405  # a change is a POST
    response = client.post("/notifications/read-all/", follow=True)
    assert "已将 2 条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(user=handler.user, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_inbox_page_costs_the_same_with_many_notifications(handler):
    client = handler.client()
    for i in range(5):
        _note(handler.user, title=f"n{i}")
    with CaptureQueriesContext(connection) as few:
        client.get("/notifications/")
    Notification.objects.bulk_create(
        Notification(user=handler.user, kind="deadline_soon", title=f"m{i}") for i in range(200)
    )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/notifications/").content.decode()
    assert len(many) == len(few)
    assert "第 1 / 7 页" in page


def test_the_api_lists_marks_and_counts(handler, handler2):
    from django.test import Client

    from zhifa.core.actions import create_api_token

    note = _note(handler.user)
    _note(handler.user)
    theirs = _note(handler2.user)
    _, raw = create_api_token(handler.user)
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    body = api.get("/api/v1/notifications/").json()
    assert (body["unread"], len(body["items"])) == (2, 2)
    assert body["items"][0]["kind_label"] == "期限将到"
    assert api.post(f"/api/v1/notifications/{note.pk}/read").json()["read_at"]
    assert api.post(f"/api/v1/notifications/{theirs.pk}/read").status_code == 404
    assert api.post("/api/v1/notifications/read-all").json() == {"marked": 1}
    assert api.get("/api/v1/notifications/?unread=true").json()["items"] == []
