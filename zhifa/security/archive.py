"""Retention of the security audit log: rows older than ``ZHIFA_AUDIT_KEEP_DAYS`` (at least 180,
网络安全法 Art 21(3)) leave the table only after they are in a file (ADR 0011).

One batch, oldest first: the rows are read in ``seq`` order, checked (digest, chain, seal — a
broken row is never archived: verify must see it), written to
``ZHIFA_AUDIT_DIR/security-audit-<first>-<last>.jsonl.gz`` (one JSON object a line, every field
the digest covers plus the digest and the seal; gzip without a timestamp, so the same rows make
the same bytes), flushed to disk and digested (SM3). Then, in one transaction under the chain
lock: the ``SecurityArchive`` row (append-only, sealed), the DELETE of exactly those rows (the
database trigger lets a row go only when an archive covers its ``seq``), and an
``audit_archived`` event. Nothing is dropped without its file and its archive row; a failure
between the file and the commit leaves a file and no deletion (the next run writes it again).
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.utils import timezone

from zhifa.core.errors import DomainError
from zhifa.security.actions import audit_dir, lock_chain, record
from zhifa.security.chain import (
    EVENT_FIELDS,
    GENESIS,
    canonical,
    chain_key,
    event_mac,
    event_material,
    key_id,
    matches,
    record_mac,
    sm3,
    timestamp,
)
from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityArchive, SecurityEvent

MIN_KEEP_DAYS = 180  # 网络安全法 Art 21(3): network logs kept no less than six months
BATCH = 100_000  # rows per archive file
ROW_FIELDS = (*EVENT_FIELDS, "digest", "mac")


class ArchiveRefused(DomainError):
    def __init__(self, message: str) -> None:
        super().__init__("archive_refused", message)


def keep_days() -> int:
    days = int(settings.ZHIFA_AUDIT_KEEP_DAYS)
    if days < MIN_KEEP_DAYS:
        raise ImproperlyConfigured(
            f"ZHIFA_AUDIT_KEEP_DAYS={days}：安全审计日志至少保存 {MIN_KEEP_DAYS} 天"
        )
    return days


def archive_old_events(*, batch: int = BATCH) -> list[SecurityArchive]:
    """Archive every row older than the retention period, ``batch`` rows a file."""
    cutoff = timezone.now() - timedelta(days=keep_days())
    done = []
    while (archive := archive_batch(cutoff, batch=batch)) is not None:
        done.append(archive)
    return done


def line_of(row: dict[str, Any]) -> dict[str, Any]:
    """An event as its archive line: the digested fields, the digest and the seal."""
    return {**{name: row[name] for name in ROW_FIELDS}, "at": timestamp(row["at"])}


def archive_fields(archive: SecurityArchive) -> dict[str, Any]:
    return {
        "at": timestamp(archive.created_at),
        "first": archive.first_seq,
        "last": archive.last_seq,
        "count": archive.count,
        "first_prev": archive.first_prev,
        "last_digest": archive.last_digest,
        "oldest": timestamp(archive.oldest_at),
        "newest": timestamp(archive.newest_at),
        "file": archive.file,
        "file_sm3": archive.file_sm3,
        "size": archive.file_size,
        "key": archive.key_id,
    }


def archive_digest(archive: SecurityArchive) -> str:
    return sm3(canonical({"archive": "zhifa-security-v1", **archive_fields(archive)}))


def file_digest(path: Path) -> tuple[str, int]:
    import hashlib

    digest, size = hashlib.new("sm3"), 0
    with path.open("rb") as stream:
        while block := stream.read(1 << 20):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


@dataclass
class _Written:
    name: str
    count: int = 0
    last_digest: str = GENESIS
    oldest_at: datetime | None = None
    newest_at: datetime | None = None


def archive_batch(cutoff: datetime, *, batch: int = BATCH) -> SecurityArchive | None:
    """The oldest rows before ``cutoff`` (at most ``batch``) archived, or None if there are none."""
    first = SecurityEvent.objects.order_by("seq").values_list("seq", flat=True).first()
    if first is None:
        return None
    last = (
        SecurityEvent.objects.filter(seq__lt=first + batch, at__lt=cutoff)
        .order_by("-seq")
        .values_list("seq", flat=True)
        .first()
    )
    if last is None:
        return None
    previous = SecurityArchive.objects.order_by("-last_seq").first()
    expected = previous.last_seq + 1 if previous is not None else 1
    if first != expected:
        raise ArchiveRefused(
            f"安全审计日志缺少第 {expected}–{first - 1} 条事件，不予归档："
            "请先运行 zhifa audit verify"
        )
    prev = previous.last_digest if previous is not None else GENESIS
    written = _write(first, last, prev)
    path = audit_dir() / written.name
    file_sm3, size = file_digest(path)
    with transaction.atomic():
        lock_chain()
        latest = SecurityArchive.objects.order_by("-last_seq").values_list("pk", flat=True).first()
        if latest != (previous.pk if previous is not None else None):
            raise ArchiveRefused("另一个归档任务已归档了这些事件")
        archive = _archive_row(first, last, prev, written, file_sm3, size)
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM security_securityevent WHERE seq BETWEEN %s AND %s", [first, last]
            )
            deleted = cursor.rowcount
        if deleted != written.count:
            raise ArchiveRefused(f"应删除 {written.count} 条已归档事件，实际 {deleted} 条")
        record(
            EventKind.AUDIT_ARCHIVED,
            target=archive,
            detail={"first": first, "last": last, "count": written.count, "file": written.name},
        )
    return archive


def _archive_row(
    first: int, last: int, prev: str, written: _Written, file_sm3: str, size: int
) -> SecurityArchive:
    key = chain_key()
    assert written.oldest_at is not None
    assert written.newest_at is not None
    archive = SecurityArchive(
        created_at=timezone.now(),
        first_seq=first,
        last_seq=last,
        count=written.count,
        first_prev=prev,
        last_digest=written.last_digest,
        oldest_at=written.oldest_at,
        newest_at=written.newest_at,
        file=written.name,
        file_sm3=file_sm3,
        file_size=size,
        key_id=key_id(key),
    )
    archive.digest = archive_digest(archive)
    archive.mac = record_mac(key, "archive", archive.digest)
    archive.save(force_insert=True)
    return archive


def _rows(first: int, last: int) -> Iterator[dict[str, Any]]:
    rows = SecurityEvent.objects.filter(seq__gte=first, seq__lte=last).order_by("seq")
    yield from rows.values(*ROW_FIELDS).iterator(chunk_size=2000)


def _checked(rows: Iterator[dict[str, Any]], first: int, prev: str) -> Iterator[dict[str, Any]]:
    """The rows, refusing the archive at the first one that does not verify."""
    key, expected = chain_key(), first
    for row in rows:
        seq = row["seq"]
        if seq != expected or row["prev_digest"] != prev:
            raise ArchiveRefused(f"安全审计日志第 {expected} 条起不连续，不予归档")
        digest = sm3(event_material(row))
        if digest != row["digest"] or not matches(event_mac(key, seq, digest), row["mac"]):
            raise ArchiveRefused(f"安全审计日志第 {seq} 条摘要或签章不符，不予归档")
        yield row
        expected, prev = seq + 1, digest


def _write(first: int, last: int, prev: str) -> _Written:
    folder = audit_dir()
    folder.mkdir(parents=True, exist_ok=True)
    written = _Written(f"security-audit-{first:012d}-{last:012d}.jsonl.gz")
    part = folder / f"{written.name}.part"
    try:
        with part.open("wb") as raw:
            with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as stream:
                for row in _checked(_rows(first, last), first, prev):
                    line = json.dumps(line_of(row), ensure_ascii=False, sort_keys=True)
                    stream.write(line.encode() + b"\n")
                    written.count += 1
                    written.last_digest = row["digest"]
                    written.oldest_at = written.oldest_at or row["at"]
                    written.newest_at = row["at"]
            raw.flush()
            os.fsync(raw.fileno())
        if written.count != last - first + 1:
            raise ArchiveRefused(f"安全审计日志第 {first}–{last} 条不全，不予归档")
        os.replace(part, folder / written.name)
    finally:
        part.unlink(missing_ok=True)
    return written


def read_archive(path: Path) -> Iterator[dict[str, Any]]:
    """The rows of an archive file, as written (``at`` an ISO timestamp)."""
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)
