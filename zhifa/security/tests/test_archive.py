"""Retention: rows older than ZHIFA_AUDIT_KEEP_DAYS (at least 180 days) are written to a
JSONL.gz file, recorded as an archive, and only then deleted — never dropped silently; verify
re-reads the file and the chain goes on through it (ADR 0011)."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from zhifa.core.schedule import jobs
from zhifa.security import archive
from zhifa.security.actions import record, write_checkpoint
from zhifa.security.choices import EventKind, Outcome
from zhifa.security.models import SecurityArchive, SecurityEvent
from zhifa.security.tasks import archive_security_log, checkpoint_security_log
from zhifa.security.tests.conftest import behind_the_applications_back, one

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def aged(frozen):
    """Five events on 2 March, two a hundred days later; the clock then 200 days on."""
    for n in range(5):
        record(EventKind.LOGIN_FAILED, actor=f"old{n}", outcome=Outcome.FAILURE)
    write_checkpoint()
    frozen.shift(timedelta(days=100))
    for n in range(2):
        record(EventKind.LOGIN, actor=f"new{n}")
    frozen.shift(timedelta(days=100))
    return frozen


def _verify() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _broken() -> str:
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    return f"{exc.value}\n{err.getvalue()}"


def test_old_rows_go_to_a_file_then_leave_the_table_and_verify_still_passes(aged, audit_dir):
    [done] = archive.archive_old_events()
    assert (done.first_seq, done.last_seq, done.count) == (1, 5, 5)
    path = audit_dir / done.file
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = [json.loads(line) for line in stream]
    assert [line["seq"] for line in lines] == [1, 2, 3, 4, 5]
    assert lines[0]["actor_name"] == "old0"
    assert {"digest", "mac", "prev_digest", "detail"} <= set(lines[0])
    assert list(SecurityEvent.objects.order_by("seq").values_list("seq", flat=True)) == [6, 7, 8]
    logged = one(EventKind.AUDIT_ARCHIVED)
    assert logged.detail == logged.detail | {"first": 1, "last": 5, "count": 5, "file": done.file}
    out = _verify()
    assert "第 1–8 条事件 (表中 3 条、归档文件中 5 条)" in out
    assert "1 个归档" in out


def test_nothing_younger_than_the_retention_is_archived(aged):
    archive.archive_old_events()
    assert archive.archive_old_events() == []
    assert SecurityEvent.objects.filter(actor_name__startswith="new").count() == 2


def test_batches_follow_one_another_and_the_chain_goes_on(aged):
    done = archive.archive_old_events(batch=2)
    assert [(a.first_seq, a.last_seq) for a in done] == [(1, 2), (3, 4), (5, 5)]
    assert "归档文件中 5 条" in _verify()


def test_an_archive_file_altered_is_found(aged, audit_dir):
    [done] = archive.archive_old_events()
    path = audit_dir / done.file
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        lines = stream.read().replace("old3", "oldX")
    path.write_bytes(gzip.compress(lines.encode()))
    assert "的文件已被改动 (摘要不符)" in _broken()


def test_an_archive_file_moved_elsewhere_is_noted_and_the_chain_goes_on(aged, audit_dir):
    [done] = archive.archive_old_events()
    (audit_dir / done.file).rename(audit_dir.parent / done.file)
    assert "其中 1 个归档文件不在本机、未重新校验" in _verify()


def test_a_tampered_row_is_never_archived(aged):
    with behind_the_applications_back() as cursor:
        cursor.execute("UPDATE security_securityevent SET actor_name = 'x' WHERE seq = 2")
    with pytest.raises(archive.ArchiveRefused, match="第 2 条摘要或签章不符"):
        archive.archive_old_events()
    assert SecurityEvent.objects.filter(seq__lte=5).count() == 5
    assert not SecurityArchive.objects.exists()


def test_an_archive_row_forged_to_delete_live_rows_is_named(aged):
    """The trigger lets covered rows go; it cannot check the seal, verify does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO security_securityarchive (created_at, first_seq, last_seq, count, "
            "first_prev, last_digest, oldest_at, newest_at, file, file_sm3, file_size, digest, "
            "key_id, mac) SELECT at, 6, 7, 2, '', '', at, at, 'none', '', 0, 'forged', '', '' "
            "FROM security_securityevent WHERE seq = 7"
        )
        cursor.execute("DELETE FROM security_securityevent WHERE seq BETWEEN 6 AND 7")
    message = _broken()
    assert "归档 none (第 6–7 条)的记录被修改" in message


def test_the_retention_cannot_be_shorter_than_180_days(aged, settings):
    settings.ZHIFA_AUDIT_KEEP_DAYS = 90
    with pytest.raises(ImproperlyConfigured, match="至少保存 180 天"):
        archive.archive_old_events()
    assert SecurityEvent.objects.filter(seq__lte=5).count() == 5


def test_the_server_refuses_to_start_with_a_shorter_retention():
    env = {"PATH": "/usr/bin:/bin", "ZHIFA_VAR_DIR": "/tmp/zhifa-settings-test"}
    result = subprocess.run(
        [sys.executable, "-c", "import zhifa.settings"],
        env={**env, "ZHIFA_AUDIT_KEEP_DAYS": "90"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode != 0
    assert "ZHIFA_AUDIT_KEEP_DAYS=90：安全审计日志至少保存 180 天" in result.stderr


def test_the_jobs_are_scheduled_and_run(aged):
    periods = {job.task.name: job.every_seconds for job in jobs()}
    assert periods[checkpoint_security_log.name] == 600
    assert periods[archive_security_log.name] == 6 * 3600
    assert archive_security_log.call() == {"archives": 1, "events": 5}
    assert checkpoint_security_log.call()["seq"] == 8  # 7 events and the archive's own


def test_the_command_archives_and_checkpoints(aged):
    out = io.StringIO()
    call_command("security", "archive", stdout=out)
    assert "已归档第 1–5 条 (5 条)" in out.getvalue()
    call_command("security", "checkpoint", stdout=out)
    assert "已写入检查点：第 8 条事件" in out.getvalue()
