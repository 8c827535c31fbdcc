"""The notification inbox over the API (``/api/v1/notifications/``): the caller's own only."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django.http import HttpRequest
from ninja import Router, Schema

from zhifa.core import notifications as inbox
from zhifa.core.errors import NotFound
from zhifa.core.models import Notification
from zhifa.org.models import User

router = Router(tags=["通知"])


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None


class InboxOut(Schema):
    unread: int
    page: int
    pages: int
    items: list[NotificationOut]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _out(row: Notification) -> dict:
    return {
        "id": row.pk,
        "kind": row.kind,
        "kind_label": inbox.label(row.kind),
        "title": row.title,
        "body": row.body,
        "url": row.url,
        "created_at": row.created_at,
        "read_at": row.read_at,
    }


@router.get("/", response=InboxOut, summary="我的通知 (新的在前，每页30条)")
def list_notifications(request: HttpRequest, page: int = 1, unread: bool = False) -> dict:
    user = _user(request)
    found = inbox.inbox(user, page, unread_only=unread)
    return {
        "unread": inbox.unread_count(user),
        "page": found.number,
        "pages": found.paginator.num_pages,
        "items": [_out(n) for n in found.object_list],
    }


@router.post("/{int:pk}/read", response=NotificationOut, summary="标为已读")
def read_one(request: HttpRequest, pk: int) -> dict:
    row = inbox.mark_read(_user(request), pk)
    if row is None:
        raise NotFound("not_found", "没有这条通知")
    return _out(row)


class ReadAllOut(Schema):
    marked: int


@router.post("/read-all", response=ReadAllOut, summary="全部标为已读")
def read_all(request: HttpRequest) -> dict:
    return {"marked": inbox.mark_all_read(_user(request))}
