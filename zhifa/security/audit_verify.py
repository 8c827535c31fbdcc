"""Verifying the security audit log (``zhifa audit verify`` runs it after the case record).

One pass in ``seq`` order over the archived rows (re-read from their files when they are here)
and the rows in the table: every digest re-computed, every link to the previous digest, every
seal, no gap. Then the checkpoints — their own chain, digests and seals, and the mirror file's
copies of them — pin the log: it must reach every checkpoint's ``seq`` with the same digest
there. So a row edited is named by its digest; a row rewritten with its digest re-computed, by
its seal (no key); rows deleted in the middle, by the gap; the last rows deleted, by the latest
checkpoint (in the database, or in the file when the checkpoints were deleted too). ADR 0011
says exactly what remains out of reach.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from zhifa.security.actions import (
    MIRROR,
    audit_dir,
    checkpoint_digest,
    checkpoint_fields,
)
from zhifa.security.archive import ROW_FIELDS, archive_digest, file_digest, read_archive
from zhifa.security.chain import (
    GENESIS,
    chain_key,
    event_mac,
    event_material,
    key_id,
    matches,
    record_mac,
    sm3,
)
from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityArchive, SecurityCheckpoint, SecurityEvent

CHUNK = 2000


@dataclass(frozen=True)
class LogBroken:
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"第 {self.seq} 条事件" if self.seq else ""
        return f"安全审计日志{where}：{self.message}"


@dataclass(frozen=True)
class Pin:
    """What a checkpoint saw: the log had ``seq`` events, the last with digest ``head``."""

    seq: int
    head: str
    label: str


def _when(at: Any) -> str:
    return f"{timezone.localtime(at):%Y-%m-%d %H:%M:%S}"


def _kind(value: str) -> str:
    return EventKind(value).label if value in EventKind.values else value


class _Chain:
    """The walk along the chain: expected next ``seq`` and previous digest."""

    def __init__(self, key: bytes, pins: dict[int, list[Pin]]) -> None:
        self.key, self.pins = key, pins
        self.seq, self.prev = 0, GENESIS
        self.rows = self.mac_failures = 0

    def row(self, row: dict[str, Any]) -> Iterator[LogBroken]:
        seq = int(row["seq"])
        if seq != self.seq + 1:
            yield LogBroken(
                self.seq + 1,
                f"缺失 (下一条为第 {seq} 条)：第 {self.seq + 1}–{seq - 1} 条事件被删除",
            )
        elif row["prev_digest"] != self.prev:
            yield LogBroken(seq, "与前一事件的摘要不衔接 (事件被删除、插入或调换)")
        digest = sm3(event_material(row))
        if digest != row["digest"]:
            yield LogBroken(seq, f"内容与摘要不符 (事件「{_kind(row['kind'])}」被修改)")
        elif not matches(event_mac(self.key, seq, digest), row["mac"]):
            self.mac_failures += 1
            yield LogBroken(seq, "签章不符 (事件被改写并重算了摘要，或 ZHIFA_CHAIN_KEY 不同)")
        for pin in self.pins.get(seq, []):
            if pin.head != row["digest"]:
                yield LogBroken(seq, f"与{pin.label}所记的摘要不符 (检查点之后事件被改写)")
        self.seq, self.prev = seq, row["digest"]
        self.rows += 1

    def skip(self, archive: SecurityArchive) -> Iterator[LogBroken]:
        """An archive whose file is not here: its row vouches for where the chain goes on."""
        for pin in self.pins.get(archive.last_seq, []):
            if pin.head != archive.last_digest:
                yield LogBroken(archive.last_seq, f"与{pin.label}所记的摘要不符")
        self.seq, self.prev = archive.last_seq, archive.last_digest


@dataclass
class LogAudit:
    """A verification of the security audit log: iterate ``problems()``, then read the counts."""

    key: bytes = field(default_factory=chain_key)
    check_files: bool = True
    events: int = 0  # rows read from the table
    archived: int = 0  # rows re-read from archive files
    archives: int = 0
    missing_files: int = 0
    checkpoints: int = 0
    mirrored: int = 0
    head: int = 0

    def problems(self) -> Iterator[LogBroken]:
        checkpoints = list(SecurityCheckpoint.objects.order_by("id"))
        archives = list(SecurityArchive.objects.order_by("first_seq"))
        self.checkpoints, self.archives = len(checkpoints), len(archives)
        pins: list[Pin] = []
        yield from self._checkpoints(checkpoints, pins)
        yield from self._mirror({cp.digest for cp in checkpoints}, pins)
        by_seq: dict[int, list[Pin]] = {}
        for pin in pins:
            by_seq.setdefault(pin.seq, []).append(pin)
        chain = _Chain(self.key, by_seq)
        for archive in archives:
            yield from self._archive(chain, archive)
        rows = SecurityEvent.objects.order_by("seq").values(*ROW_FIELDS)
        for row in rows.iterator(chunk_size=CHUNK):
            yield from chain.row(row)
            self.events += 1
        self.head = chain.seq
        yield from self._reached(chain, pins)
        if chain.rows and chain.mac_failures == chain.rows:
            yield LogBroken(None, "所有事件的签章均不符：多半是 ZHIFA_CHAIN_KEY 与写入时的密钥不同")

    def _checkpoints(
        self, checkpoints: list[SecurityCheckpoint], pins: list[Pin]
    ) -> Iterator[LogBroken]:
        prev, current = GENESIS, key_id(self.key)
        for cp in checkpoints:
            label = f"{_when(cp.created_at)} 的检查点"
            if cp.prev != prev:
                yield LogBroken(None, f"{label}与前一检查点不衔接 (检查点被删除或替换)")
            if checkpoint_digest(checkpoint_fields(cp)) != cp.digest:
                yield LogBroken(None, f"{label}内容与摘要不符 (检查点被修改)")
            elif cp.key_id != current:
                yield LogBroken(
                    None,
                    f"{label}所用密钥 (标识 {cp.key_id}) 与当前 ZHIFA_CHAIN_KEY (标识 "
                    f"{current}) 不同",
                )
            elif not matches(record_mac(self.key, "checkpoint", cp.digest), cp.mac):
                yield LogBroken(None, f"{label}签章不符 (检查点被伪造或改写)")
            else:
                pins.append(Pin(cp.seq, cp.head, label))
            prev = cp.digest

    def _mirror(self, known: set[str], pins: list[Pin]) -> Iterator[LogBroken]:
        """``checkpoints.jsonl`` outside the database: each line sealed, each in the database."""
        path = audit_dir() / MIRROR
        if not path.exists():
            return
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            problem = self._mirror_line(number, line, known, pins)
            if problem is not None:
                yield problem

    def _mirror_line(
        self, number: int, line: str, known: set[str], pins: list[Pin]
    ) -> LogBroken | None:
        where = f"检查点文件 {MIRROR} 第 {number} 行"
        try:
            entry = json.loads(line)
            fields = {name: entry[name] for name in ("at", "seq", "head", "prev", "key")}
            digest, mac = entry["digest"], entry["mac"]
        except (ValueError, KeyError, TypeError):
            return LogBroken(None, f"{where}无法读取 (文件被改动)")
        if checkpoint_digest(fields) != digest or not matches(
            record_mac(self.key, "checkpoint", digest), mac
        ):
            return LogBroken(None, f"{where}的摘要或签章不符 (文件被改写，或密钥不同)")
        self.mirrored += 1
        pins.append(
            Pin(int(fields["seq"]), str(fields["head"]), f"检查点文件中 {fields['at']} 的检查点")
        )
        if digest not in known:
            return LogBroken(
                None,
                f"{where}的检查点 (第 {fields['seq']} 条事件时) 在数据库中不存在：数据库中的"
                "检查点被删除 (或该文件属于另一个数据库)",
            )
        return None

    def _archive(self, chain: _Chain, archive: SecurityArchive) -> Iterator[LogBroken]:
        name = f"归档 {archive.file} (第 {archive.first_seq}–{archive.last_seq} 条)"
        if archive_digest(archive) != archive.digest:
            yield LogBroken(None, f"{name}的记录被修改")
        elif not matches(record_mac(self.key, "archive", archive.digest), archive.mac):
            yield LogBroken(None, f"{name}的签章不符 (归档记录被伪造)")
        if archive.first_seq != chain.seq + 1 or archive.first_prev != chain.prev:
            yield LogBroken(archive.first_seq, f"{name}与前面的事件不衔接")
        path = audit_dir() / archive.file
        if not path.exists() or not self.check_files:
            self.missing_files += int(not path.exists())
            yield from chain.skip(archive)
            return
        if file_digest(path) != (archive.file_sm3, archive.file_size):
            yield LogBroken(None, f"{name}的文件已被改动 (摘要不符)")
            yield from chain.skip(archive)
            return
        yield from self._replay(chain, archive, read_archive(path), name)

    def _replay(
        self, chain: _Chain, archive: SecurityArchive, rows: Iterable[dict[str, Any]], name: str
    ) -> Iterator[LogBroken]:
        count = 0
        for row in rows:
            yield from chain.row(row)
            count += 1
        self.archived += count
        if (count, chain.seq, chain.prev) != (archive.count, archive.last_seq, archive.last_digest):
            yield LogBroken(None, f"{name}的文件与归档记录不符 (应有 {archive.count} 条)")
            chain.seq, chain.prev = archive.last_seq, archive.last_digest

    def _reached(self, chain: _Chain, pins: list[Pin]) -> Iterator[LogBroken]:
        beyond = [pin for pin in pins if pin.seq > chain.seq]
        if beyond:
            pin = max(beyond, key=lambda p: p.seq)
            yield LogBroken(
                None,
                f"{pin.label}记录时已有 {pin.seq} 条事件，现仅 {chain.seq} 条：末尾 "
                f"{pin.seq - chain.seq} 条事件被删除",
            )

    def summary(self) -> str:
        files = f"，检查点文件 {self.mirrored} 条" if self.mirrored else ""
        missing = (
            f"，其中 {self.missing_files} 个归档文件不在本机、未重新校验"
            if self.missing_files
            else ""
        )
        return (
            f"安全审计日志校验通过：第 1–{self.head} 条事件 (表中 {self.events} 条、归档文件中 "
            f"{self.archived} 条) 的摘要链与签章完整，与 {self.checkpoints} 个检查点{files}相符，"
            f"{self.archives} 个归档{missing} (SM3，HMAC-SM3)"
        )

    def counts(self) -> str:
        return f"{self.events + self.archived} 条安全审计事件"


def verify_log(*, check_files: bool = True) -> tuple[LogAudit, list[LogBroken]]:
    """Run the whole verification: (the run with its counts, every problem found)."""
    run = LogAudit(check_files=check_files)
    return run, list(run.problems())
