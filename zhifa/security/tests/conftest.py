"""Fixtures for the security audit log's tests: the clock frozen, the audit folder (archives,
the checkpoint mirror) in the test's own directory, and the attacker who switches the
database's guards off."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.db import connection

from zhifa.security.models import SecurityEvent

NOW = "2026-03-02 10:00 +0800"


@pytest.fixture(autouse=True)
def audit_dir(settings, tmp_path) -> Path:
    settings.ZHIFA_AUDIT_DIR = tmp_path / "audit"
    return settings.ZHIFA_AUDIT_DIR


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def rows(kind: str) -> list[SecurityEvent]:
    return list(SecurityEvent.objects.filter(kind=kind).order_by("seq"))


def one(kind: str) -> SecurityEvent:
    found = rows(kind)
    assert len(found) == 1, [(e.kind, e.actor_name) for e in found]
    return found[0]


@contextmanager
def behind_the_applications_back() -> Iterator[Any]:
    """What someone with database access would do: switch the triggers off (rolled back with the
    test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")  # superuser only
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'security_%'"
            )
            for (trigger,) in cursor.fetchall():
                cursor.execute(f"DROP TRIGGER {trigger}")
        try:
            yield cursor
        finally:
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = origin")
