"""The archive: what goes into a backup, in which order, and how it is checked.

The manifest comes last so that one pass writes everything: each file is hashed as it goes in.
The database is dumped before the media files are read, so every file a row points at is
already there (a file is written before the row that names it commits, and never changed).
The checks read the archive as a stream: one pass, nothing unpacked to disk."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connections
from django.utils import timezone

from zhifa.core.backup import database
from zhifa.core.backup.database import BackupError

FORMAT = "zhifa-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media/"
DATABASE = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
SEALED = ("manifest_sha256", "hmac_sha256")  # not part of what they digest
CHUNK = 1024 * 1024
SUFFIXES = {".tar": False, ".tar.gz": True, ".tgz": True}
S3_NOTE = (
    "媒体文件存放在 S3 对象存储中，未放入本备份：以存储桶的版本控制与跨区域复制作为文件的"
    "备份 (docs/backup.md)"
)


@dataclass(frozen=True)
class Problem:
    member: str
    message: str

    def __str__(self) -> str:
        return f"{self.member}：{self.message}"


@dataclass
class Checked:
    manifest: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    size: int = 0


@dataclass(frozen=True)
class Created:
    path: Path
    size: int
    manifest: dict[str, Any]
    seconds: float
    note: str  # why the media were left out, or ""


# --- the manifest ---------------------------------------------------------------------------


def backup_key() -> bytes:
    """The manifest's HMAC key: derived from ZHIFA_CHAIN_KEY, for this use only."""
    chain_key = str(settings.ZHIFA_CHAIN_KEY).encode()
    return hmac.new(chain_key, b"zhifa-backup-manifest-v1", hashlib.sha256).digest()


def key_id(key: bytes) -> str:
    """The key's public fingerprint: a verifier with another key is told so."""
    return hmac.new(key, b"key-id", hashlib.sha256).hexdigest()[:16]


def canonical(manifest: dict[str, Any]) -> bytes:
    """The bytes the manifest's SHA-256 and HMAC cover: everything but those two, sorted."""
    body = {k: v for k, v in manifest.items() if k not in SEALED}
    return json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def seal(manifest: dict[str, Any], key: bytes | None = None) -> dict[str, Any]:
    """The manifest with its own SHA-256 and HMAC-SHA256 (over the same canonical bytes)."""
    key = key or backup_key()
    body = {k: v for k, v in manifest.items() if k not in SEALED} | {"key_id": key_id(key)}
    data = canonical(body)
    return body | {
        "manifest_sha256": hashlib.sha256(data).hexdigest(),
        "hmac_sha256": hmac.new(key, data, hashlib.sha256).hexdigest(),
    }


def _version() -> str:
    try:
        return metadata.version("zhifa")
    except metadata.PackageNotFoundError:
        return "unknown"


# --- create ---------------------------------------------------------------------------------


class Hashing:
    """A file read through by tarfile, hashed on the way."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream, self.digest, self.size = stream, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.digest.update(data)
        self.size += len(data)
        return data


def _add(tar: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as stream:
        stat = os.fstat(stream.fileno())
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o600
        reader = Hashing(stream)
        tar.addfile(info, reader)  # tarfile reads exactly info.size bytes
    return {"path": name, "size": reader.size, "sha256": reader.digest.hexdigest()}


def local_media() -> Path | None:
    """The folder of the default storage when it is local (None: S3 or another remote one)."""
    storage = storages["default"]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    """Regular files under ``root``, sorted (symbolic links are not followed)."""
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs.sort()
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def _compression(out: Path) -> bool:
    for suffix, gzip in SUFFIXES.items():
        if out.name.endswith(suffix):
            return gzip
    raise BackupError(f"备份文件名应以 .tar、.tar.gz 或 .tgz 结尾：{out.name}")


def create_backup(out: Path, *, using: str = "default", now: datetime | None = None) -> Created:
    """Write the backup to ``out`` (a new file: never overwritten; ``out.partial`` until done)."""
    out = Path(out)
    gzip = _compression(out)
    if out.exists():
        raise BackupError(f"{out} 已存在：不覆盖已有的备份")
    if not out.parent.is_dir():
        raise BackupError(f"目录 {out.parent} 不存在")
    root = local_media()
    if root is not None and out.parent.resolve().is_relative_to(root.resolve()):
        raise BackupError(f"备份不能写在媒体目录 {root} 之内 (备份会把自己也装进去)")
    connection = connections[using]
    engine = database.engine_of(connection)
    started = time.monotonic()
    partial = out.with_name(out.name + ".partial")
    work = Path(tempfile.mkdtemp(prefix=".zhifa-backup-", dir=out.parent))
    try:
        dump = work / DATABASE[engine]
        head = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": timezone.localtime(now).isoformat(timespec="seconds"),
            "engine": engine,
            "database": DATABASE[engine],
            "zhifa_version": _version(),
            "django_version": django.get_version(),
            "migrations": database.migration_state(connection),
        }
        database.dump(connection, dump)
        # 0600: the archive holds every party's personal data
        with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw:
            with _writer(raw, gzip) as tar:
                manifest = _write(tar, head, dump, root)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(partial, out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    note = "" if manifest["media"]["included"] else S3_NOTE
    return Created(out, out.stat().st_size, manifest, time.monotonic() - started, note)


def _writer(raw: IO[bytes], gzip: bool) -> tarfile.TarFile:
    if gzip:  # level 6: near 9's size on a database, in a fraction of its time
        return tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6)
    return tarfile.open(fileobj=raw, mode="w")


def _write(
    tar: tarfile.TarFile, head: dict[str, Any], dump: Path, root: Path | None
) -> dict[str, Any]:
    """The dump, the media files, then the manifest of what was written."""
    files = [_add(tar, dump, head["database"])]
    dump.unlink()  # the disk holds the dump once, inside the archive
    if root is None:
        media: dict[str, Any] = {"storage": "s3", "included": False, "note": S3_NOTE}
    else:
        for path, name in _media_files(root):
            files.append(_add(tar, path, MEDIA + name))
        media = {"storage": "local", "included": True}
    manifest = seal(head | {"media": media, "files": files})
    _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _add_bytes(tar: tarfile.TarFile, name: str, text: str) -> None:
    data = text.encode()
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(data))


# --- verify ---------------------------------------------------------------------------------


def _unsafe(member: tarfile.TarInfo) -> str:
    path = PurePosixPath(member.name)
    if not member.isfile():
        return "不是普通文件 (目录、链接或设备)：备份中不应有"
    if path.is_absolute() or ".." in path.parts:
        return "路径越出备份 (绝对路径或含 ..)：拒绝"
    return ""


def digest_stream(stream: IO[bytes]) -> tuple[int, str]:
    digest, size = hashlib.sha256(), 0
    while chunk := stream.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def _read_archive(path: Path, checked: Checked) -> tuple[bytes | None, dict[str, tuple[int, str]]]:
    """One streaming pass: every member's size and SHA-256, and the manifest's bytes."""
    seen: dict[str, tuple[int, str]] = {}
    manifest: bytes | None = None
    with tarfile.open(path, "r|*") as tar:
        for member in tar:
            problem = _unsafe(member)
            if not problem and (
                member.name in seen or (member.name == MANIFEST and manifest is not None)
            ):
                problem = "在备份中出现两次"
            stream = None if problem else tar.extractfile(member)
            if stream is None:
                checked.problems.append(Problem(member.name, problem or "无法读取"))
            elif member.name == MANIFEST:
                manifest = stream.read()
            else:
                seen[member.name] = digest_stream(stream)
    return manifest, seen


def verify_backup(path: Path) -> Checked:
    """Every member against the manifest, the manifest against its own digest and HMAC. The
    problems name the member (``database.sqlite3``, ``media/…``, ``manifest.json``)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"备份文件 {path} 不存在")
    checked = Checked(None)
    try:
        raw, seen = _read_archive(path, checked)
    except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
        checked.problems.append(Problem(path.name, f"归档已损坏，无法读取 ({exc})"))
        return checked
    manifest = _check_manifest(raw, checked)
    if manifest is None:
        return checked
    checked.manifest = manifest
    listed = _check_files(manifest, seen, checked)
    for name in sorted(set(seen) - listed):
        checked.problems.append(Problem(name, "清单中没有此文件 (被加入备份)"))
    return checked


def _check_manifest(raw: bytes | None, checked: Checked) -> dict[str, Any] | None:
    parsed = _parse(raw)
    problem = parsed if isinstance(parsed, str) else _check_seal(parsed)
    if not problem and isinstance(parsed, dict):
        return parsed
    checked.problems.append(Problem(MANIFEST, problem))
    return None


def _parse(raw: bytes | None) -> dict[str, Any] | str:
    """The manifest, or what is wrong with it."""
    if raw is None:
        return "缺少清单文件：这不是 zhifa 的备份，或备份不完整"
    try:
        manifest = json.loads(raw)
    except ValueError:
        return "清单不是有效的 JSON (已损坏或被改动)"
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return "不是 zhifa 的备份清单"
    if manifest.get("version") != VERSION:
        return f"备份格式版本 {manifest.get('version')} 不受支持 (本程序读第 {VERSION} 版)"
    return manifest


def _check_seal(manifest: dict[str, Any]) -> str:
    data = canonical(manifest)
    if manifest.get("manifest_sha256") != hashlib.sha256(data).hexdigest():
        return "清单内容与其 SHA-256 不符 (清单被改动或损坏)"
    key = backup_key()
    if manifest.get("key_id") != key_id(key):
        return (
            f"备份签章所用密钥 (标识 {manifest.get('key_id')}) 与当前 ZHIFA_CHAIN_KEY 派生的"
            f"密钥 (标识 {key_id(key)}) 不同：无法确认备份未被篡改"
        )
    mac = hmac.new(key, data, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(str(manifest.get("hmac_sha256", "")), mac):
        return "清单签章 (HMAC-SHA256) 不符：清单连同其摘要被改写过，备份不可信"
    return ""


def _check_files(
    manifest: dict[str, Any], seen: dict[str, tuple[int, str]], checked: Checked
) -> set[str]:
    listed: set[str] = set()
    for entry in manifest.get("files", []):
        name = entry["path"]
        listed.add(name)
        got = seen.get(name)
        if got is None:
            checked.problems.append(Problem(name, "清单所列文件在备份中缺失"))
        elif got != (entry["size"], entry["sha256"]):
            checked.problems.append(Problem(name, "内容与清单的 SHA-256 不符 (文件被改动或损坏)"))
        else:
            checked.files += 1
            checked.size += got[0]
    return listed
