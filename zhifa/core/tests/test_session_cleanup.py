"""Expired sessions are deleted once a day (GB/T 22239-2019 §8.1.4.10 剩余信息保护)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from zhifa.core.schedule import jobs
from zhifa.core.tasks import clear_expired_sessions

pytestmark = pytest.mark.django_db


def _session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["who"] = "x"
    store.create()
    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() + expires_in
    )
    return str(store.session_key)


def test_the_daily_job_deletes_expired_sessions_only():
    _session(timedelta(seconds=-1))
    kept = _session(timedelta(hours=1))
    assert clear_expired_sessions.call() == {"deleted": 1}
    assert list(Session.objects.values_list("session_key", flat=True)) == [kept]
    assert clear_expired_sessions.call() == {"deleted": 0}  # idempotent


def test_it_runs_every_day():
    assert [j.every_seconds for j in jobs() if j.task is clear_expired_sessions] == [24 * 3600]
