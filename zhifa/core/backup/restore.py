"""Restoring a backup into an empty database and its media folder.

Everything that can refuse is checked before anything is written: the archive against its
manifest (and the manifest's HMAC), the engine, the schema (a backup from a newer zhifa), the
target database (empty) and the media folder (no different file of the same name). Then a
second pass unpacks the dump and the media files — each re-hashed — the database is loaded,
and the files are moved into place."""

from __future__ import annotations

import os
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections

from zhifa.core.backup import database
from zhifa.core.backup.archive import (
    CHUNK,
    MEDIA,
    Hashing,
    digest_stream,
    local_media,
    verify_backup,
)
from zhifa.core.backup.database import ENGINES, BackupError

SHOWN = 5


@dataclass(frozen=True)
class Restored:
    engine: str
    media_files: int
    media_bytes: int
    seconds: float
    note: str
    pending: list[str]  # migrations of this code the backup's schema has not yet


def restore_backup(path: Path, *, using: str = "default") -> Restored:
    """Into an empty database (and its media folder), refusing first — before anything is
    written — a backup that does not verify, from another engine or from a newer schema."""
    started = time.monotonic()
    checked = verify_backup(path)
    if checked.problems or checked.manifest is None:
        shown = "；".join(str(p) for p in checked.problems[:SHOWN])
        raise BackupError(f"备份校验未通过，未恢复：{shown}")
    manifest = checked.manifest
    connection = connections[using]
    engine = database.engine_of(connection)
    if manifest["engine"] != engine:
        raise BackupError(
            f"备份来自 {ENGINES.get(manifest['engine'], manifest['engine'])} 数据库，目标是 "
            f"{ENGINES[engine]}：两者的转储格式不同，不能跨数据库恢复"
        )
    unknown = database.unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError(
            f"备份的数据库结构比本程序新 (本程序没有迁移 {'、'.join(unknown[:SHOWN])})："
            f"请安装 zhifa {manifest['zhifa_version']} 或更新的版本后再恢复"
        )
    database.refuse_unless_empty(connection)
    media = [e for e in manifest["files"] if e["path"].startswith(MEDIA)]
    root = local_media()
    if root is not None:
        _refuse_conflicts(root, media)
    note = "" if manifest["media"].get("included") else str(manifest["media"].get("note", ""))
    if root is None and media:
        note = f"目标使用 S3 对象存储：备份中的 {len(media)} 个媒体文件未恢复，请上传到存储桶"
    _restore(Path(path), manifest, connection, root)
    return Restored(
        engine,
        len(media) if root is not None else 0,
        sum(e["size"] for e in media) if root is not None else 0,
        time.monotonic() - started,
        note,
        database.pending_migrations(connection),
    )


def _refuse_conflicts(root: Path, media: list[dict[str, Any]]) -> None:
    conflicts = []
    for entry in media:
        target = root / entry["path"][len(MEDIA) :]
        if target.exists():
            with target.open("rb") as stream:
                if digest_stream(stream) != (entry["size"], entry["sha256"]):
                    conflicts.append(entry["path"][len(MEDIA) :])
    if conflicts:
        raise BackupError(
            f"媒体目录 {root} 中已有与备份不同的同名文件 ({'、'.join(conflicts[:SHOWN])}"
            f"{' 等' if len(conflicts) > SHOWN else ''})：拒绝覆盖，请换一个空的 MEDIA_ROOT"
        )


def _restore(path: Path, manifest: dict[str, Any], connection: Any, root: Path | None) -> None:
    """The second pass: the dump to a work folder and the media to a staging folder inside the
    media folder, each re-hashed (the file might have changed since the check); then the
    database, then the files moved into place (a failed load leaves no file behind)."""
    expected = {e["path"]: (e["size"], e["sha256"]) for e in manifest["files"]}
    work = Path(tempfile.mkdtemp(prefix="zhifa-restore-"))  # TMPDIR: room for the dump
    staging = None
    if root is not None:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".zhifa-restore-", dir=root))
    try:
        staged = _extract(path, expected, manifest["database"], work, staging)
        database.load(connection, work / manifest["database"])
        if staging is not None and root is not None:
            for name in staged:
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)


def _extract(
    path: Path,
    expected: dict[str, tuple[int, str]],
    dump_name: str,
    work: Path,
    staging: Path | None,
) -> list[str]:
    staged = []
    with tarfile.open(path, "r|*") as tar:
        for member in tar:
            if member.name == dump_name:
                target = work / dump_name
            elif member.name.startswith(MEDIA) and staging is not None:
                staged.append(member.name[len(MEDIA) :])
                target = staging / staged[-1]
            else:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            stream = tar.extractfile(member)
            assert stream is not None  # checked by verify_backup: regular files only
            with target.open("wb") as out:
                reader = Hashing(stream)
                shutil.copyfileobj(reader, out, CHUNK)
            if (reader.size, reader.digest.hexdigest()) != expected.get(member.name):
                raise BackupError(f"{member.name}：恢复时读到的内容与清单不符 (备份文件正被改动？)")
    return staged
