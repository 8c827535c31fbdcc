"""The security-relevant configuration is recorded when a server starts and it differs from the
last one recorded — values and key fingerprints, never a secret; a database not ready never
stops the server."""

from __future__ import annotations

import pytest
from django.db import DatabaseError

from zhifa.security import startup
from zhifa.security.choices import EventKind
from zhifa.security.tests.conftest import rows

pytestmark = pytest.mark.django_db


def test_it_is_recorded_once_then_again_only_when_it_changes(settings, frozen):
    first = startup.record_configuration()
    assert first is not None
    assert first.detail["settings"]["DEBUG"] is settings.DEBUG
    assert "ALLOWED_HOSTS" in first.detail["changed"]
    assert startup.record_configuration() is None
    settings.DEBUG = not settings.DEBUG
    settings.SESSION_COOKIE_AGE = 3600
    changed = startup.record_configuration()
    assert changed is not None
    assert changed.detail["changed"] == ["DEBUG", "SESSION_COOKIE_AGE"]
    assert len(rows(EventKind.CONFIGURATION)) == 2


def test_no_secret_is_recorded_only_fingerprints(settings, frozen):
    event = startup.record_configuration()
    assert event is not None
    text = str(event.detail)
    assert settings.SECRET_KEY not in text
    assert settings.ZHIFA_CHAIN_KEY not in text
    assert len(event.detail["settings"]["ZHIFA_CHAIN_KEY_ID"]) == 16
    settings.ZHIFA_CHAIN_KEY = "rotated-" + "k" * 40
    rotated = startup.record_configuration()
    assert rotated is not None
    assert rotated.detail["changed"] == ["ZHIFA_CHAIN_KEY_ID"]


def test_a_database_not_ready_does_not_stop_the_server(monkeypatch, caplog):
    def unavailable():
        raise DatabaseError("no such table: security_securityevent")

    monkeypatch.setattr(startup, "record_configuration", unavailable)
    startup.record_configuration_at_start()
    assert "未能记录启动配置" in caplog.text
