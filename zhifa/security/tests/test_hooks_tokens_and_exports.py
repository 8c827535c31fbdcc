"""API tokens (created, used — once a minute — and revoked; every refused token), exports and
downloads of documents carrying personal data, as the security audit log records them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client

from zhifa.cases.tests.conftest import company, flow, items  # noqa: F401  (fixtures)
from zhifa.core.actions import create_api_token
from zhifa.core.models import ApiToken
from zhifa.documents import actions as documents
from zhifa.documents.choices import DocumentKind
from zhifa.security.choices import EventKind
from zhifa.security.tests.conftest import one, rows

pytestmark = pytest.mark.django_db


def _bearer(raw: str, address: str = "10.3.3.3") -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"}, REMOTE_ADDR=address)


def test_a_token_created_and_revoked_by_command_is_recorded(handler, frozen):
    out = io.StringIO()
    call_command("token", "create", "handler", "--name", "对接", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip()
    token = ApiToken.objects.get()
    created = one(EventKind.TOKEN_CREATED)
    assert (created.object_type, created.object_id) == ("core.apitoken", str(token.pk))
    assert created.detail["user"] == "handler"
    assert created.detail["os_user"]  # who ran the command at the shell
    assert raw not in str(created.detail)
    assert token.key_hash not in str(created.detail)
    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    call_command("token", "revoke", token.prefix, stdout=io.StringIO())  # already: nothing new
    assert one(EventKind.TOKEN_REVOKED).object_id == str(token.pk)


def test_a_token_used_is_recorded_once_a_minute_with_its_address(handler, frozen):
    _, raw = create_api_token(handler.user)
    client = _bearer(raw)
    for _ in range(3):
        assert client.get("/api/v1/org/me").status_code == 200
    used = one(EventKind.TOKEN_USED)
    assert (used.actor_name, used.address, used.outcome) == ("handler", "10.3.3.3", "success")
    frozen.shift(timedelta(minutes=2))
    client.get("/api/v1/org/me")
    assert len(rows(EventKind.TOKEN_USED)) == 2


def test_every_refused_token_is_a_failure_row(handler, frozen):
    token, raw = create_api_token(handler.user)
    assert _bearer("zf_not-a-token").get("/api/v1/org/me").status_code == 401
    assert _bearer("zf_not-a-token").get("/api/v1/org/me").status_code == 401
    token.revoked_at = token.created_at
    token.save()
    assert _bearer(raw).get("/api/v1/org/me").status_code == 401
    refused = rows(EventKind.TOKEN_USED)
    assert [(e.outcome, e.detail["reason"]) for e in refused] == [
        ("failure", "令牌不存在"),
        ("failure", "令牌不存在"),
        ("failure", "令牌已吊销"),
    ]
    assert (refused[2].actor_name, refused[2].object_id) == ("handler", str(token.pk))


def test_the_case_export_is_recorded_once_written(
    handler, tmp_path, frozen, django_capture_on_commit_callbacks
):
    target = tmp_path / "cases.jsonl"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("export", "cases", "--out", str(target), stderr=io.StringIO())
    event = one(EventKind.DATA_EXPORTED)
    assert (event.object_type, event.object_label) == ("cases", "案件数据")
    assert event.detail == event.detail | {"format": "jsonl", "count": 0, "out": str(target)}


def test_a_document_download_is_recorded(flow, handler, quick_pdf, frozen):  # noqa: F811
    case = flow.decided()
    doc = documents.issue_document(case, DocumentKind.PENALTY_DECISION, actor=flow.leader.user)
    client = handler.client()
    client.defaults["REMOTE_ADDR"] = "10.5.5.5"
    assert client.get(f"/documents/{doc.pk}/pdf/").status_code == 200
    assert client.get(f"/documents/{doc.pk}/docx/").status_code == 200
    downloads = rows(EventKind.DOCUMENT_DOWNLOADED)
    assert [e.detail["format"] for e in downloads] == ["pdf", "docx"]
    assert {(e.actor_name, e.address, e.object_type, e.object_id) for e in downloads} == {
        ("handler", "10.5.5.5", "documents.document", str(doc.pk))
    }
