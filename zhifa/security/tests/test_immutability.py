"""The security audit log cannot be changed or deleted: not through the model, not through SQL
(triggers on PostgreSQL and SQLite), not in Django admin — superusers included (GB/T
22239-2019 8.1.4.3 c)."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from zhifa.security.actions import record, write_checkpoint
from zhifa.security.choices import EventKind
from zhifa.security.models import ImmutableAuditLog, SecurityCheckpoint, SecurityEvent

pytestmark = pytest.mark.django_db

TABLES = ["security_securityevent", "security_securitycheckpoint", "security_securityarchive"]


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.parametrize("table", TABLES)
def test_every_table_of_the_log_has_its_triggers(table):
    names = _triggers()
    if connection.vendor == "postgresql":
        assert f"{table}_append_only" in names
    else:
        assert {f"{table}_no_update", f"{table}_no_delete"} <= names


@pytest.fixture
def logged(frozen):
    event = record(EventKind.LOGIN, actor="handler")
    write_checkpoint()
    return event


def test_the_model_and_the_queryset_refuse(logged):
    logged.detail = {"edited": True}
    with pytest.raises(ImmutableAuditLog):
        logged.save()
    with pytest.raises(ImmutableAuditLog):
        logged.delete()
    with pytest.raises(ImmutableAuditLog):
        SecurityEvent.objects.filter(pk=logged.pk).update(actor_name="someone")
    with pytest.raises(ImmutableAuditLog):
        SecurityEvent.objects.all().delete()
    assert "edited" not in SecurityEvent.objects.get(pk=logged.pk).detail


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE security_securityevent SET detail = '{}', actor_name = 'x' WHERE id = %s",
        "DELETE FROM security_securityevent WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_an_event(logged, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [logged.pk])
    assert SecurityEvent.objects.get(pk=logged.pk).actor_name == "handler"


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE security_securitycheckpoint SET seq = 0 WHERE id = %s",
        "DELETE FROM security_securitycheckpoint WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_checkpoint(logged, statement):
    checkpoint = SecurityCheckpoint.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [checkpoint.pk])
    assert SecurityCheckpoint.objects.get().seq == logged.seq


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_another_sqlite_program_cannot_delete_an_event(logged):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA database_list")
        path = next(row[2] for row in cursor.fetchall() if row[1] == "main")
    other = sqlite3.connect(path, timeout=1)
    try:
        with pytest.raises(sqlite3.OperationalError, match="zhifa_flushing"):
            other.execute("DELETE FROM security_securityevent")
    finally:
        other.close()


@pytest.mark.parametrize(
    "model", ["securityevent", "securitycheckpoint", "securityarchive", "accesslog"]
)
def test_a_superuser_may_read_but_not_add_change_or_delete_in_admin(admin_persona, model, logged):
    app = "axes" if model == "accesslog" else "security"
    client = admin_persona.client()
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 403
    if model == "securityevent":
        url = reverse("admin:security_securityevent_delete", args=[logged.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        changed = reverse("admin:security_securityevent_change", args=[logged.pk])
        client.post(changed, {"actor_name": "someone"})
    assert SecurityEvent.objects.get(pk=logged.pk).actor_name == "handler"


def test_the_bulk_delete_action_is_not_offered(admin_persona, logged):
    client = admin_persona.client()
    response = client.post(
        reverse("admin:security_securityevent_changelist"),
        {"action": "delete_selected", "_selected_action": [logged.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    assert SecurityEvent.objects.filter(pk=logged.pk).exists()
    assert "delete_selected" not in response.content.decode()
