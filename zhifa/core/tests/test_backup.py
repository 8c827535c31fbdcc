"""Backup and restore (docs/backup.md): one file with the database, the media files and a sealed
manifest; a changed byte is found and named; a restore goes only into an empty database of the
same engine, and the restored system passes ``zhifa audit verify`` with the same cases, events
(to the microsecond) and files. The drill runs on the suite's database: SQLite in the first
pass, PostgreSQL in the second (scripts/test-all)."""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import secrets
import subprocess
import sys
import tarfile
from contextlib import redirect_stdout
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from zhifa.cases import actions
from zhifa.cases.anchor import write_anchor
from zhifa.cases.record import Upload
from zhifa.cases.tests.conftest import company, flow, items  # noqa: F401  (case fixtures)
from zhifa.core import backup
from zhifa.core.backup import DATABASE, MANIFEST, BackupError, prune_backups, scheduled_backup
from zhifa.core.backup.archive import SEALED, canonical
from zhifa.core.models import Notification
from zhifa.core.schedule import jobs
from zhifa.core.tasks import daily_backup
from zhifa.testing.service import PNG

ROOT = Path(__file__).resolve().parents[3]
SHANGHAI = ZoneInfo("Asia/Shanghai")
PHOTO = "evidence/2026/03/现场照片.png"

# Run in the test process and in the restored system: what a user of either would see.
READ_BACK = """
import hashlib, json
from django.core.files.storage import default_storage
from zhifa.cases.models import Case, CaseEvent, EvidenceFile
def file_sha256(name):
    with default_storage.open(name, "rb") as stream:
        return hashlib.sha256(stream.read()).hexdigest()
print(json.dumps({
    "cases": [[c.number, c.status, c.event_count, c.chain_head_sm3, c.head_mac]
              for c in Case.objects.order_by("id")],
    "events": [[e.case.number, e.seq, e.kind, e.occurred_at.isoformat(), e.digest_sm3,
                e.digest_sha256] for e in CaseEvent.objects.select_related("case").order_by("id")],
    "files": [[f.file.name, f.sha256, file_sha256(f.file.name)]
              for f in EvidenceFile.objects.order_by("id")],
}, ensure_ascii=False))
"""


def _read_back() -> dict:
    out = io.StringIO()
    with redirect_stdout(out):
        exec(READ_BACK, {})
    return json.loads(out.getvalue())


def _create(out: Path) -> str:
    out.parent.mkdir(parents=True, exist_ok=True)
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("backup", "create", "--out", str(out), stdout=stdout, stderr=stderr)
    return stdout.getvalue() + stderr.getvalue()


def _verify(archive: Path) -> str:
    out = io.StringIO()
    call_command("backup", "verify", str(archive), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _broken(*args: str) -> str:
    """The command's error and every problem it listed on stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("backup", *args, stdout=io.StringIO(), stderr=err)
    return f"{exc.value}\n{err.getvalue()}"


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def _rewrite(archive: Path, members: dict[str, bytes]) -> None:
    archive.unlink()
    with tarfile.open(archive, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def _manifest(archive: Path) -> dict:
    return json.loads(_members(archive)[MANIFEST])


def _flip_a_byte(archive: Path, member: str) -> None:
    with tarfile.open(archive) as tar:
        info = tar.getmember(member)
    with archive.open("r+b") as raw:
        raw.seek(info.offset_data + info.size // 2)
        byte = raw.read(1)
        raw.seek(-1, os.SEEK_CUR)
        raw.write(bytes([byte[0] ^ 0x01]))


def _zhifa(*args: str, database_url: str, media: Path, var: Path) -> subprocess.CompletedProcess:
    """The installed command, as an operator runs it, against another database."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "ZHIFA_ENV": "development",
        "ZHIFA_VAR_DIR": str(var),
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "ZHIFA_CHAIN_KEY": str(settings.ZHIFA_CHAIN_KEY),
    }
    return subprocess.run(
        [sys.executable, "-m", "zhifa.manage", *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=False,
    )


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = settings.MEDIA_ROOT / PHOTO
    photo.parent.mkdir(parents=True)
    photo.write_bytes(PNG)
    return settings.MEDIA_ROOT


@pytest.fixture
def archive(db, media, tmp_path) -> Path:
    """A backup of the suite's database as it stands (schema and seeded rows) and one photo."""
    out = tmp_path / "backups" / "zhifa-backup-20260302-100000.tar"
    _create(out)
    return out


def _pg_admin() -> dict:
    sd = connection.settings_dict
    return {
        "host": sd["HOST"] or None,
        "port": sd["PORT"] or None,
        "user": sd["USER"],
        "password": sd["PASSWORD"],
        "dbname": "postgres",
        "autocommit": True,
    }


@pytest.fixture
def empty_database(tmp_path):
    """DATABASE_URL of a new, empty database of the suite's engine (dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'zhifa.sqlite3'}"
        return
    import psycopg

    name = f"zhifa_restore_{secrets.token_hex(4)}"
    with psycopg.connect(**_pg_admin()) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    sd = connection.settings_dict
    try:
        yield (
            f"postgres://{quote(sd['USER'], safe='')}:{quote(sd['PASSWORD'] or '', safe='')}"
            f"@{sd['HOST'] or '127.0.0.1'}:{sd['PORT'] or 5432}/{name}"
        )
    finally:
        with psycopg.connect(**_pg_admin()) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the drill ------------------------------------------------------------------------------


@pytest.fixture
def record(flow, quick_pdf, media):  # noqa: F811
    """Two cases through the real actions, a photo as evidence, the day's anchor — all
    committed (the dump reads what is committed). The clock ticks from 10:00:00.123456, so the
    events' times carry microseconds (what ``dumpdata`` loses)."""
    start = datetime(2026, 3, 2, 10, 0, 0, 123456, tzinfo=SHANGHAI)
    with time_machine.travel(start, tick=True):
        case = flow.filed()
        actions.add_evidence(
            case,
            actor=flow.handler.user,
            kind="audio_visual",
            uploads=[Upload(io.BytesIO(PNG), "现场照片.png", "audio_visual")],
            description="挖掘现场",
        )
        flow.clue()
        write_anchor(actor=None)


@pytest.mark.django_db(transaction=True)
def test_a_restored_system_passes_the_audit_and_serves_the_same_cases(
    record, tmp_path, empty_database
):
    before = _read_back()
    assert len(before["cases"]) == 2
    photo = next(f[0] for f in before["files"] if f[1] == hashlib.sha256(PNG).hexdigest())
    assert len(before["files"]) == 2  # the photo and the rendered 立案审批表
    assert any(not event[3].endswith(":00+08:00") for event in before["events"])
    archive = tmp_path / "backups" / "zhifa-backup-20260302-180000.tar.gz"
    assert "备份完成" in _create(archive)
    assert "备份完整" in _verify(archive)

    target = {
        "database_url": empty_database,
        "media": tmp_path / "restored-media",
        "var": tmp_path / "restored-var",
    }
    restored = _zhifa("backup", "restore", str(archive), **target)
    assert restored.returncode == 0, restored.stderr
    assert "已恢复" in restored.stdout
    assert "校验通过：2 个案件" in restored.stdout  # zhifa audit verify on the restored system
    assert "1 个锚点" in restored.stdout
    again = _zhifa("audit", "verify", **target)
    assert again.returncode == 0, again.stderr
    shown = _zhifa("shell", "-v", "0", "-c", READ_BACK, **target)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout.strip().splitlines()[-1]) == before
    assert (target["media"] / photo).read_bytes() == PNG


# --- verify ---------------------------------------------------------------------------------


def test_a_backup_holds_the_database_the_media_and_a_sealed_manifest(archive):
    members = _members(archive)
    engine = connection.vendor
    assert list(members) == [DATABASE[engine], f"media/{PHOTO}", MANIFEST]
    manifest = json.loads(members[MANIFEST])
    assert manifest["engine"] == engine
    assert manifest["created_at"].endswith("+08:00")
    assert manifest["migrations"]["cases"].startswith("00")
    assert manifest["zhifa_version"]
    assert manifest["files"][1] == {
        "path": f"media/{PHOTO}",
        "size": len(PNG),
        "sha256": hashlib.sha256(PNG).hexdigest(),
    }
    body = canonical(manifest)
    assert manifest["manifest_sha256"] == hashlib.sha256(body).hexdigest()
    assert "2 个文件" in _verify(archive)
    assert oct(archive.stat().st_mode & 0o777) == "0o600"  # personal data inside


@pytest.mark.parametrize("member", ["database", "media"])
def test_one_changed_byte_is_found_and_the_member_named(archive, member):
    name = DATABASE[connection.vendor] if member == "database" else f"media/{PHOTO}"
    _flip_a_byte(archive, name)
    assert f"{name}：内容与清单的 SHA-256 不符" in _broken("verify", str(archive))
    refused = _broken("restore", str(archive))  # before anything is written
    assert f"备份校验未通过，未恢复：{name}" in refused


def test_a_file_added_or_removed_is_named(archive):
    members = _members(archive)
    del members[f"media/{PHOTO}"]
    members["media/extra.pdf"] = b"%PDF-1.7"
    _rewrite(archive, members)
    message = _broken("verify", str(archive))
    assert f"media/{PHOTO}：清单所列文件在备份中缺失" in message
    assert "media/extra.pdf：清单中没有此文件" in message


def test_a_manifest_rewritten_without_the_key_is_refused(archive):
    """Someone with the file but not ZHIFA_CHAIN_KEY changes the dump and recomputes every
    SHA-256 — the HMAC gives it away."""
    members = _members(archive)
    name = DATABASE[connection.vendor]
    members[name] = members[name][:-1] + bytes([members[name][-1] ^ 0x01])
    manifest = json.loads(members[MANIFEST])
    manifest["files"][0]["sha256"] = hashlib.sha256(members[name]).hexdigest()
    manifest["manifest_sha256"] = hashlib.sha256(canonical(manifest)).hexdigest()
    members[MANIFEST] = json.dumps(manifest).encode()
    _rewrite(archive, members)
    assert "清单签章 (HMAC-SHA256) 不符" in _broken("verify", str(archive))

    forged = backup.seal(manifest, key=b"a key of his own")
    members[MANIFEST] = json.dumps(forged).encode()
    _rewrite(archive, members)
    assert "与当前 ZHIFA_CHAIN_KEY 派生的密钥" in _broken("verify", str(archive))


def test_the_installed_command_exits_non_zero_without_a_traceback(archive, tmp_path):
    """The operator's view, compressed archive: a changed byte breaks the gzip stream or the
    digest — either way a Chinese message and exit status 1."""
    gz = tmp_path / "backups" / "zhifa-backup-20260302-110000.tar.gz"
    with tarfile.open(gz, "w:gz") as tar:
        for name, data in _members(archive).items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    raw = bytearray(gz.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    gz.write_bytes(bytes(raw))
    env = {"database_url": "sqlite:///" + str(tmp_path / "x.sqlite3"), "media": tmp_path / "m"}
    result = _zhifa("backup", "verify", str(gz), var=tmp_path / "var", **env)
    assert result.returncode == 1
    assert "备份已损坏或被改动" in result.stderr
    assert "Traceback" not in result.stderr


# --- restore refuses ------------------------------------------------------------------------


def test_restore_refuses_a_database_that_is_not_empty(archive):
    message = _broken("restore", str(archive))
    assert "目标数据库不是空库，拒绝恢复：已应用" in message
    assert "恢复前不要运行 zhifa migrate" in message


def _resealed(archive: Path, change) -> None:
    """As if the backup had been made so (sealed with the real key)."""
    members = _members(archive)
    manifest = json.loads(members[MANIFEST])
    change(manifest)
    members[MANIFEST] = json.dumps(backup.seal(manifest)).encode()
    _rewrite(archive, members)


def test_restore_refuses_a_backup_of_the_other_engine(archive):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _resealed(archive, lambda m: m.update(engine=other))
    assert "不能跨数据库恢复" in _broken("restore", str(archive))


def test_restore_refuses_a_backup_from_a_newer_schema(archive):
    _resealed(archive, lambda m: m["migrations"].update(cases="9999_from_the_future"))
    message = _broken("restore", str(archive))
    assert "备份的数据库结构比本程序新" in message
    assert "cases.9999_from_the_future" in message


def test_an_untouched_resealed_manifest_still_verifies(archive):
    _resealed(archive, lambda m: None)
    assert "备份完整" in _verify(archive)
    assert not set(SEALED) - set(_manifest(archive))


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("verify", "{tmp}/none.tar"), "不存在"),
        (("verify", "{tmp}/notes.tar"), "归档已损坏，无法读取"),
        (("create", "--out", "{tmp}/backup.zip"), "应以 .tar、.tar.gz 或 .tgz 结尾"),
        (("create", "--out", "{tmp}/notes.tar"), "已存在：不覆盖已有的备份"),
        (("create", "--out", "{tmp}/missing/backup.tar"), "不存在"),
        (("create", "--out", "{tmp}/media/backup.tar"), "备份不能写在媒体目录"),
        (("prune", "--dir", "{tmp}", "--keep-days", "0"), "保留天数至少为 1 天"),
        (("prune", "--dir", "{tmp}/missing"), "备份目录"),
    ],
)
@pytest.mark.django_db
def test_bad_input_is_refused_in_chinese(media, tmp_path, args, expected):
    (tmp_path / "notes.tar").write_text("不是备份")
    message = _broken(*(a.format(tmp=tmp_path) for a in args))
    assert expected in message


@pytest.mark.django_db
def test_with_s3_storage_the_media_are_left_out_and_it_says_so(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "zhifa", "endpoint_url": "http://127.0.0.1:9"},
        },
    }
    out = tmp_path / "zhifa-backup-20260302-100000.tar"
    assert "未放入本备份：以存储桶的版本控制与跨区域复制" in _create(out)
    assert list(_members(out)) == [DATABASE[connection.vendor], MANIFEST]
    assert _manifest(out)["media"]["included"] is False
    assert "未放入本备份" in _verify(out)


# --- retention and the daily job ------------------------------------------------------------


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def test_prune_keeps_the_days_asked_for_and_touches_nothing_else(tmp_path):
    for name in [
        "zhifa-backup-20260101-020000.tar.gz",
        "zhifa-backup-20260228-020000.tar.gz",  # 31 days before 31 March
        "zhifa-backup-20260301-020000.tar.gz",  # 30 days: kept
        "zhifa-backup-20260330-020000.tar.gz.partial",  # interrupted yesterday
        "zhifa-backup-20260331-020000.tar.gz",
        "zhifa-backup-20260331-030000.tar.gz.partial",  # today's, perhaps still running
        "notes.txt",
        "zhifa-backup-old.tar",
    ]:
        (tmp_path / name).write_bytes(b"")
    removed = prune_backups(tmp_path, keep_days=30, today=date(2026, 3, 31))
    assert sorted(p.name for p in removed) == [
        "zhifa-backup-20260101-020000.tar.gz",
        "zhifa-backup-20260228-020000.tar.gz",
        "zhifa-backup-20260330-020000.tar.gz.partial",
    ]
    assert _names(tmp_path) == {
        "zhifa-backup-20260301-020000.tar.gz",
        "zhifa-backup-20260331-020000.tar.gz",
        "zhifa-backup-20260331-030000.tar.gz.partial",
        "notes.txt",
        "zhifa-backup-old.tar",
    }


def test_prune_never_removes_the_newest_backup(tmp_path):
    for name in ["zhifa-backup-20250101-020000.tar", "zhifa-backup-20250102-020000.tar"]:
        (tmp_path / name).write_bytes(b"")
    removed = prune_backups(tmp_path, keep_days=30, today=date(2026, 3, 31))
    assert [p.name for p in removed] == ["zhifa-backup-20250101-020000.tar"]
    assert _names(tmp_path) == {"zhifa-backup-20250102-020000.tar"}


def test_the_prune_command_lists_a_dry_run_and_deletes_nothing(tmp_path):
    (tmp_path / "zhifa-backup-20000101-020000.tar").write_bytes(b"")
    (tmp_path / "zhifa-backup-20000102-020000.tar").write_bytes(b"")
    out = io.StringIO()
    call_command("backup", "prune", "--dir", str(tmp_path), "--dry-run", stdout=out)
    assert "将删除：zhifa-backup-20000101-020000.tar" in out.getvalue()
    assert len(_names(tmp_path)) == 2


def test_the_daily_backup_is_a_periodic_job():
    assert [j.every_seconds for j in jobs() if j.task is daily_backup] == [3600]


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, 30, tzinfo=SHANGHAI)


@pytest.mark.django_db
def test_it_backs_up_once_a_day_from_two_and_keeps_the_days_configured(media, settings, tmp_path):
    settings.ZHIFA_BACKUP_DIR = tmp_path / "backups"
    settings.ZHIFA_BACKUP_KEEP_DAYS = 30
    settings.ZHIFA_BACKUP_DIR.mkdir()
    old = settings.ZHIFA_BACKUP_DIR / "zhifa-backup-20260101-020000.tar.gz"
    old.write_bytes(b"")
    assert scheduled_backup(_at(2, 1))["reason"] == "not yet"
    done = scheduled_backup(_at(2, 2))
    assert done["written"] == 1
    assert done["removed"] == [old.name]
    assert "备份完整" in _verify(Path(done["path"]))
    assert scheduled_backup(_at(2, 5))["reason"] == "already backed up"
    assert scheduled_backup(_at(3, 2))["written"] == 1
    assert len(_names(settings.ZHIFA_BACKUP_DIR) - {".zhifa-backup.lock"}) == 2


@pytest.mark.django_db
def test_a_second_run_while_one_is_running_does_nothing(settings, tmp_path):
    settings.ZHIFA_BACKUP_DIR = tmp_path
    with (tmp_path / ".zhifa-backup.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert scheduled_backup(_at(2, 3))["reason"] == "another backup is running"
    assert _names(tmp_path) == {".zhifa-backup.lock"}


@pytest.mark.django_db
def test_a_failed_daily_backup_is_told_to_the_administrators(
    admin_persona, monkeypatch, django_capture_on_commit_callbacks
):
    def fail(now=None):
        raise BackupError("pg_dump 导出数据库失败 (退出码 1)：connection refused")

    monkeypatch.setattr(backup, "scheduled_backup", fail)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(BackupError):
        daily_backup.call()
    told = Notification.objects.get(user=admin_persona.user)
    assert told.kind == "backup_failed"
    assert "connection refused" in told.body
