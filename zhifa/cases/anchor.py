"""The daily chain anchor (行政处罚法 Art 47: the full-process record must stay whole; ADR 0007).

``write_anchor`` records every case's (event count, chain head) once a day: one ``ChainAnchor``
row, chained to the previous one and sealed with the key (HMAC-SM3), and an ``AnchorEntry`` for
each case whose head changed since the previous anchor. A case whose row does not carry a valid
seal, or whose record went *backwards* since the last anchor, is not anchored again: it is
listed in ``flagged`` (its last anchored head stands) and the administrators are told.

``export_anchor`` / ``print_anchor``: the anchor as JSON (with its entries) and as one page of
plain text with the digests a leader signs and files on paper (``zhifa audit anchor --export``).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zhifa.cases.chain import GENESIS, anchor_material, digest_bytes, head_mac, key_id, seal
from zhifa.cases.chain import state_line as line
from zhifa.cases.models import AnchorEntry, Case, ChainAnchor
from zhifa.cases.record import chain_key
from zhifa.core.actions import notify
from zhifa.core.errors import InvalidInput
from zhifa.org.choices import Role
from zhifa.org.models import User

CHUNK = 2000


class Stream:
    """Rows of one table ordered by case id, handed out case by case (a merge join)."""

    def __init__(self, rows: Iterator[Any], case_of: Any) -> None:
        self.rows, self.case_of = rows, case_of
        self.head: Any = next(self.rows, None)

    def skipped(self, case_id: int) -> list[Any]:
        """Rows of cases before ``case_id`` that no case row claims (the case was deleted)."""
        orphans = []
        while self.head is not None and self.case_of(self.head) < case_id:
            orphans.append(self.head)
            self.head = next(self.rows, None)
        return orphans

    def take(self, case_id: int) -> list[Any]:
        taken = []
        while self.head is not None and self.case_of(self.head) == case_id:
            taken.append(self.head)
            self.head = next(self.rows, None)
        return taken


def anchor_digest(anchor: ChainAnchor) -> str:
    return digest_bytes(
        anchor_material(
            {
                "day": anchor.day.isoformat(),
                "at": anchor.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
                "by": anchor.created_by_id,
                "cases": anchor.cases,
                "events": anchor.events,
                "changed": anchor.changed,
                "state": anchor.state_sm3,
                "entries": anchor.entries_sm3,
                "prev": anchor.prev_sm3,
                "key": anchor.key_id,
                "flagged": list(anchor.flagged),
            }
        )
    ).sm3


def anchor_mac(key: bytes, digest: str) -> str:
    return seal(key, "anchor", digest)


@dataclass
class _Scan:
    """One ordered pass over the cases and the entries anchored so far."""

    key: bytes
    cases: int = 0
    events: int = 0
    entries: list[tuple[int, str, int, str]] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        from hashlib import new

        self.state, self.entries_hash = new("sm3"), new("sm3")

    def keep(self, case_id: int, number: str, count: int, head: str) -> None:
        self.state.update(line(case_id, number, count, head))
        self.cases += 1
        self.events += count

    def run(self) -> None:
        rows = (
            Case.objects.order_by("id")
            .values_list(
                "id", "number", "event_count", "chain_head_sm3", "chain_head_sha256", "head_mac"
            )
            .iterator(CHUNK)
        )
        anchored = Stream(
            AnchorEntry.objects.order_by("case_id", "anchor__day")
            .values_list("case_id", "number", "event_count", "head_sm3")
            .iterator(CHUNK),
            lambda e: e[0],
        )
        for case_id, number, count, head, head_sha, mac in rows:
            self._deleted(anchored.skipped(case_id))
            seen = anchored.take(case_id)
            last = seen[-1] if seen else None
            sealed = hmac.compare_digest(mac, head_mac(self.key, case_id, count, head, head_sha))
            backwards = last is not None and (
                count < last[2] or (count == last[2] and head != last[3])
            )
            if not sealed or backwards:
                self.flagged.append(number)  # its last anchored head stands
                if last is not None:
                    self.keep(*last)
            elif last is not None and (count, head) == (last[2], last[3]):
                self.keep(*last)
            else:
                self.entries.append((case_id, number, count, head))
                self.entries_hash.update(line(case_id, number, count, head))
                self.keep(case_id, number, count, head)
        self._deleted(anchored.skipped(2**63))

    def _deleted(self, orphans: list[tuple[int, str, int, str]]) -> None:
        last: dict[int, tuple[int, str, int, str]] = {}
        for entry in orphans:
            last[entry[0]] = entry
        for entry in last.values():
            self.flagged.append(entry[1])
            self.keep(*entry)


def write_anchor(day: date | None = None, *, actor: User | None) -> ChainAnchor:
    """Today's anchor: written once; asked again, the same row. An anchor records the state
    as it is when it is written, so it can only carry today's date (a missed evening is simply
    a day without an anchor, never one written later under that day's name)."""
    today = timezone.localdate()
    if day is not None and day != today:
        raise InvalidInput(
            "anchor_not_today",
            f"锚定日 {day} 不是今天 ({today})：锚点记录写入时的状态，只能以当天为锚定日",
            field="day",
        )
    key = chain_key()
    try:
        with transaction.atomic():
            latest = ChainAnchor.objects.select_for_update().order_by("-day").first()
            if latest is not None and latest.day >= today:
                if latest.day == today:
                    return latest
                raise InvalidInput(
                    "anchor_out_of_order",
                    f"已有 {latest.day} 的锚点，晚于今天 ({today})：请检查服务器时钟",
                    field="day",
                )
            anchor = _write(today, key, latest, actor)
    except IntegrityError:
        # Another process anchored the same day at the same moment: one anchor a day.
        return ChainAnchor.objects.get(day=today)
    return anchor


def _write(day: date, key: bytes, latest: ChainAnchor | None, actor: User | None) -> ChainAnchor:
    scan = _Scan(key)
    scan.run()
    anchor = ChainAnchor(
        day=day,
        created_at=timezone.now(),
        created_by=actor,
        cases=scan.cases,
        events=scan.events,
        changed=len(scan.entries),
        state_sm3=scan.state.hexdigest(),
        entries_sm3=scan.entries_hash.hexdigest(),
        prev_sm3=latest.digest_sm3 if latest else GENESIS,
        key_id=key_id(key),
        flagged=scan.flagged,
    )
    anchor.digest_sm3 = anchor_digest(anchor)
    anchor.mac = anchor_mac(key, anchor.digest_sm3)
    anchor.save()
    _insert_entries(anchor.pk, scan.entries)
    if scan.flagged:
        _tell_admins(anchor)
    return anchor


def _insert_entries(anchor_id: int, entries: list[tuple[int, str, int, str]]) -> None:
    """Raw ``executemany`` in chunks: the first anchor of a city writes one entry per case
    (a million), where ``bulk_create`` would spend most of its time building model objects
    (~3 k rows/s against ~30 k here; docs/benchmarks.md)."""
    table = AnchorEntry._meta.db_table
    sql = (
        f"INSERT INTO {table} (anchor_id, case_id, number, event_count, head_sm3) "
        "VALUES (%s, %s, %s, %s, %s)"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(entries), 10 * CHUNK):
            cursor.executemany(
                sql, [(anchor_id, *entry) for entry in entries[start : start + 10 * CHUNK]]
            )


def _tell_admins(anchor: ChainAnchor) -> None:
    shown = "、".join(anchor.flagged[:10]) + (" 等" if len(anchor.flagged) > 10 else "")
    # a security incident: the security administrator acts, the audit administrator reads the
    # log (三员分立, ADR 0013); the system administrator has no case data to look at
    watchers = User.objects.filter(role__in=[Role.SECURITY_ADMIN, Role.AUDIT_ADMIN], is_active=True)
    for user in watchers:
        notify(
            user,
            kind="record_tampered",
            title=f"执法全过程记录校验不通过：{len(anchor.flagged)} 个案件未予锚定",
            body=f"{anchor.day} 锚定时发现：{shown}。请运行 zhifa audit verify 查明。",
            dedup_key=f"anchor-flagged:{anchor.day}",
        )


def evening_anchor(now: datetime | None = None) -> dict[str, Any]:
    """The scheduled job's step: from ``ZHIFA_CHAIN_ANCHOR_HOUR`` on, the day's anchor once."""
    local = timezone.localtime(now)
    if local.hour < settings.ZHIFA_CHAIN_ANCHOR_HOUR:
        return {"written": 0, "day": local.date().isoformat(), "reason": "not yet"}
    if ChainAnchor.objects.filter(day=local.date()).exists():
        return {"written": 0, "day": local.date().isoformat(), "reason": "already anchored"}
    anchor = write_anchor(local.date(), actor=None)
    return {
        "written": 1,
        "day": anchor.day.isoformat(),
        "changed": anchor.changed,
        "flagged": len(anchor.flagged),
    }


def export_anchor(anchor: ChainAnchor) -> dict[str, Any]:
    """Everything needed to check the anchor elsewhere, entries included."""
    return {
        "bureau": settings.ZHIFA_BUREAU_NAME,
        "day": anchor.day.isoformat(),
        "created_at": anchor.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "created_by": anchor.created_by_id,
        "cases": anchor.cases,
        "events": anchor.events,
        "changed": anchor.changed,
        "state_sm3": anchor.state_sm3,
        "entries_sm3": anchor.entries_sm3,
        "prev_sm3": anchor.prev_sm3,
        "digest_sm3": anchor.digest_sm3,
        "mac": anchor.mac,
        "key_id": anchor.key_id,
        "flagged": list(anchor.flagged),
        "entries": [
            [e.case_id, e.number, e.event_count, e.head_sm3]
            for e in AnchorEntry.objects.filter(anchor=anchor).order_by("case_id")
        ],
    }


def _split(digest: str) -> str:
    return " ".join(digest[i : i + 8] for i in range(0, len(digest), 8))


def print_anchor(anchor: ChainAnchor) -> str:
    """One page of plain text: the digests a leader signs and keeps on paper."""
    flagged = "、".join(anchor.flagged) if anchor.flagged else "无"
    lines = [
        f"{settings.ZHIFA_BUREAU_NAME}",
        "执法全过程记录锚定单",
        "",
        f"锚定日：{anchor.day}",
        f"锚定时间：{timezone.localtime(anchor.created_at):%Y-%m-%d %H:%M:%S}",
        f"案件数：{anchor.cases}",
        f"记录总条数：{anchor.events}",
        f"本次锚定的案件数：{anchor.changed}",
        f"校验不通过、未予锚定的案件：{flagged}",
        "",
        "全部案件链头摘要 (SM3)：",
        f"  {_split(anchor.state_sm3)}",
        "本锚点摘要 (SM3)：",
        f"  {_split(anchor.digest_sm3)}",
        "上一锚点摘要 (SM3)：",
        f"  {_split(anchor.prev_sm3)}",
        f"密钥标识：{anchor.key_id}",
        "",
        "核对方法：在系统中运行 zhifa audit verify，应报告校验通过；并将本单的",
        "「本锚点摘要」与 zhifa audit anchor --no-write --day 锚定日 的输出逐字核对。",
        "",
        "核对人 (签字)：________________    日期：____________",
        "负责人 (签字)：________________    日期：____________",
    ]
    return "\n".join(lines) + "\n"
