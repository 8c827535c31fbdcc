"""The audit administrator's page /security/audit/: filters (dates, kind, account, outcome,
address), newest first in keyset pages, CSV and Excel export of what is filtered (the export
itself recorded) — and nobody else: a handler gets 403 and a denial row."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.test import Client
from openpyxl import load_workbook

from zhifa.security.access import AUDIT_ADMIN
from zhifa.security.actions import record
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.models import SecurityEvent
from zhifa.security.selectors import PAGE_SIZE
from zhifa.security.tests.conftest import one, rows
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db

URL = "/security/audit/"


def _persona(user) -> SimpleNamespace:
    return SimpleNamespace(user=user, client=lambda: _client(user))


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def auditor(bureau):
    """The audit administrator (审计管理员, 三员分立: ``security.access.can_read_audit``)."""
    return _persona(f.UserFactory(username="auditor", role=AUDIT_ADMIN, org_unit=bureau))


@pytest.fixture
def logged(frozen):
    """A day of events: failed logins from outside, a login, a denial."""
    before = SecurityEvent.objects.count()
    for _ in range(3):
        record(EventKind.LOGIN_FAILED, actor="=cmd|x", outcome=Outcome.FAILURE)
        frozen.shift(timedelta(minutes=1))
    frozen.shift(timedelta(days=1))
    record(EventKind.LOGIN, actor="handler")
    record(EventKind.PERMISSION_DENIED, actor="handler", outcome=Outcome.DENIED)
    return SecurityEvent.objects.count() - before


def _page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["handler", "admin_persona", "system_admin"])
def test_anyone_else_is_refused_and_the_refusal_is_recorded(request, who, bureau, frozen):
    """A handler, a superuser, the system administrator: 403 and a denial row each time."""
    if who == "system_admin":
        persona = _persona(f.UserFactory(username="sysadmin", role="admin", org_unit=bureau))
    else:
        persona = request.getfixturevalue(who)
    client = persona.client()
    assert client.get(URL).status_code == 403
    assert client.get(URL + "export.csv").status_code == 403
    denied = rows(EventKind.PERMISSION_DENIED)
    assert [(e.actor_name, e.object_label) for e in denied] == [
        (persona.user.username, URL),
        (persona.user.username, URL + "export.csv"),
    ]
    assert rows(EventKind.AUDIT_EXPORTED) == []


def test_the_public_is_sent_to_the_login(client):
    assert client.get(URL).status_code == 302


def test_the_audit_administrator_reads_it(auditor, logged):
    html = _page(auditor.client())
    assert "安全审计日志" in html
    assert "登录失败" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "login_failed"}, 3),
        ({"outcome": "denied"}, 1),
        ({"actor": "handler", "kind": "login"}, 1),
        ({"date_from": "2026-03-03", "date_to": "2026-03-03", "actor": "handler"}, 2),
        ({"date_to": "2026-03-02", "kind": "login_failed"}, 3),
        ({"address": "10.99."}, 0),
    ],
)
def test_the_filters(auditor, logged, params, expected):
    html = _page(auditor.client(), **params)
    assert html.count('data-label="序号"') == expected


def test_a_date_range_the_wrong_way_round_is_refused(auditor, logged):
    response = auditor.client().get(URL, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 422
    assert "截止日期不能早于起始日期" in response.content.decode()


def test_the_address_filter_takes_a_prefix(auditor, rf, frozen):
    request = rf.get("/", REMOTE_ADDR="10.99.1.7")
    record(EventKind.LOGIN_FAILED, actor="x", request=request, outcome=Outcome.FAILURE)
    html = _page(auditor.client(), address="10.99.")
    assert html.count('data-label="序号"') == 1
    assert "10.99.1.7" in html


def test_pages_follow_by_keyset_in_a_fixed_number_of_queries(
    auditor, frozen, django_assert_max_num_queries
):
    for n in range(PAGE_SIZE + 5):
        record(EventKind.LOGIN_FAILED, actor=f"u{n:03d}", outcome=Outcome.FAILURE)
    client = auditor.client()
    client.get(URL)  # the session and permissions are cached after the first request
    with django_assert_max_num_queries(6):
        first = _page(client, kind="login_failed")
    assert first.count('data-label="序号"') == PAGE_SIZE
    assert "u054" in first
    assert "更早的记录" in first
    newest = SecurityEvent.objects.filter(kind="login_failed").order_by("seq")[5].seq
    with django_assert_max_num_queries(7):
        second = _page(client, kind="login_failed", before=str(newest))
    assert second.count('data-label="序号"') == 5
    assert "u004" in second
    assert "u005" not in second
    assert "更早的记录" not in second


def test_the_csv_export_has_the_filtered_rows_and_is_recorded(auditor, logged):
    response = auditor.client().get(URL + "export.csv", {"kind": "login_failed"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff序号,时间,事件")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(table) == 1 + 3
    assert table[1][2] == "登录失败"
    assert table[1][3] == "'=cmd|x"  # never a formula in a spreadsheet
    exported = one(EventKind.AUDIT_EXPORTED)
    assert exported.detail["format"] == "csv"
    assert exported.detail["filters"] == {"kind": "login_failed"}
    assert exported.actor_name == "auditor"


def test_the_excel_export(auditor, logged):
    response = auditor.client().get(URL + "export.xlsx", {"outcome": "failure"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.worksheets[0]
    values = list(sheet.values)
    assert values[0][:3] == ("序号", "时间", "事件")
    assert len(values) == 1 + 3
    assert values[1][3] == "'=cmd|x"
    assert one(EventKind.AUDIT_EXPORTED).detail["format"] == "xlsx"
