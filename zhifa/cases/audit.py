"""``zhifa audit verify``: re-compute every case's chain, check its seal and the anchors.

Detects an edited event (its digest no longer matches its content), a deleted event (a gap in
the sequence, or a chain head that no longer matches the case row), reordered or swapped events
(the stored previous digest does not match), a changed evidence file (its digests differ), a
case row set back or forged without the key (its ``head_mac`` does not match), and a case whose
record is shorter than, or does not extend, what a daily anchor saw (the last events deleted and
an old sealed case row put back). The anchors themselves are checked too: their chain, their
digest, their seal and, for the latest, the digest of every case's head (行政处罚法 Art 47;
ADR 0007).

One ordered pass over each table (cases, events, evidence, anchor entries, all by case id),
merged in Python: the cost is reading the rows and hashing them, not one query per case."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.files.storage import default_storage

from zhifa.cases.anchor import CHUNK, Stream, anchor_digest, anchor_mac
from zhifa.cases.chain import (
    GENESIS,
    chain_digests,
    digest_stream,
    event_material,
    head_mac,
    state_line,
)
from zhifa.cases.chain import key_id as fingerprint
from zhifa.cases.models import AnchorEntry, Case, CaseEvent, ChainAnchor, EvidenceFile
from zhifa.cases.record import chain_key


@dataclass(frozen=True)
class Broken:
    case_number: str
    seq: int | None
    message: str
    kind: str = ""  # "seal" when the case row's head_mac does not match

    def __str__(self) -> str:
        where = f"第 {self.seq} 条记录" if self.seq else "案件"
        return f"案件 {self.case_number} {where}：{self.message}"


@dataclass(frozen=True)
class AnchorBroken:
    day: date
    message: str

    def __str__(self) -> str:
        return f"{self.day} 的记录锚点：{self.message}"


class EventRow(NamedTuple):
    id: int
    case_id: int
    seq: int
    kind: str
    actor_id: int | None
    occurred_at: Any
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    payload: Any
    prev_sm3: str
    digest_sm3: str
    digest_sha256: str


EVENT_FIELDS = EventRow._fields


class Anchored(NamedTuple):
    """What one anchor saw of one case."""

    case_id: int
    anchor_id: int
    day: date
    number: str
    event_count: int
    head: str


CASE_FIELDS = ("id", "number", "event_count", "chain_head_sm3", "chain_head_sha256", "head_mac")
ANCHORED_FIELDS = ("case_id", "anchor_id", "anchor__day", "number", "event_count", "head_sm3")


def check_case(
    case: Case,
    events: list[EventRow],
    files: dict[int, list[EvidenceFile]],
    anchored: list[Anchored],
    *,
    key: bytes,
    check_files: bool = True,
) -> Broken | None:
    """The first break in this case's record, or None when it is intact."""
    return (
        _check_chain(case, events, files, check_files=check_files)
        or _check_seal(case, key)
        or _check_anchored(case, events, anchored)
    )


def _check_chain(
    case: Case, events: list[EventRow], files: dict[int, list[EvidenceFile]], *, check_files: bool
) -> Broken | None:
    prev_sm3, prev_sha256 = GENESIS, GENESIS
    for position, event in enumerate(events, start=1):
        if event.seq != position:
            return Broken(
                case.number,
                position,
                f"序号不连续：应为 {position}，实为 {event.seq} (记录被删除或插入)",
            )
        if event.prev_sm3 != prev_sm3:
            return Broken(
                case.number, event.seq, "与前一条记录的摘要不衔接 (记录被删除、调换或重排)"
            )
        attached = files.get(event.id, [])
        digests = chain_digests(
            event_material(
                case_number=case.number,
                seq=event.seq,
                kind=event.kind,
                actor_id=event.actor_id,
                occurred_at=event.occurred_at,
                place=event.place,
                latitude=event.latitude,
                longitude=event.longitude,
                payload=event.payload,
                evidence=[(f.sm3, f.sha256, f.size) for f in attached],
                prev_sm3=prev_sm3,
                prev_sha256=prev_sha256,
            )
        )
        if (digests.sm3, digests.sha256) != (event.digest_sm3, event.digest_sha256):
            return Broken(case.number, event.seq, f"内容与摘要不符 (记录「{event.kind}」被修改)")
        if check_files:
            for f in attached:
                problem = _check_file(f)
                if problem:
                    return Broken(case.number, event.seq, problem)
        prev_sm3, prev_sha256 = event.digest_sm3, event.digest_sha256
    if len(events) != case.event_count or (
        case.event_count
        and (prev_sm3, prev_sha256) != (case.chain_head_sm3, case.chain_head_sha256)
    ):
        return Broken(
            case.number,
            None,
            f"记录条数或链头与案件登记不符 (登记 {case.event_count} "
            f"条，实有 {len(events)} 条：末尾记录被删除或篡改)",
        )
    return None


def _check_seal(case: Case, key: bytes) -> Broken | None:
    expected = head_mac(key, case.pk, case.event_count, case.chain_head_sm3, case.chain_head_sha256)
    if case.head_mac != expected:
        return Broken(
            case.number,
            None,
            f"链头签章不符 (登记 {case.event_count} 条记录)：案件的记录条数或链头被改动、"
            "回退或伪造，或校验所用的 ZHIFA_CHAIN_KEY 与写入时不同",
            kind="seal",
        )
    return None


def _check_anchored(case: Case, events: list[EventRow], anchored: list[Anchored]) -> Broken | None:
    for seen in anchored:
        if seen.event_count > len(events):
            return Broken(
                case.number,
                None,
                f"{seen.day} 锚定时有 {seen.event_count} 条记录，现仅 {len(events)} 条：末尾 "
                f"{seen.event_count - len(events)} 条记录被删除，案件被回退",
            )
        if seen.event_count and events[seen.event_count - 1].digest_sm3 != seen.head:
            return Broken(
                case.number,
                seen.event_count,
                f"与 {seen.day} 锚定的摘要不符 (锚定后记录被删除后重写)",
            )
    return None


def _check_file(f: EvidenceFile) -> str | None:
    try:
        with default_storage.open(str(f.file.name), "rb") as stream:
            digests, size = digest_stream(stream)
    except FileNotFoundError:
        return f"证据文件「{f.name}」缺失"
    if (digests.sm3, digests.sha256, size) != (f.sm3, f.sha256, f.size):
        return f"证据文件「{f.name}」已被改动 (摘要不符)"
    return None


def _by_event(files: Iterable[EvidenceFile]) -> dict[int, list[EvidenceFile]]:
    grouped: dict[int, list[EvidenceFile]] = {}
    for f in files:
        grouped.setdefault(f.event_id, []).append(f)
    return grouped


def verify_case(case: Case, *, check_files: bool = True, key: bytes | None = None) -> Broken | None:
    """One case: its chain, its seal and what the anchors saw of it."""
    events = [
        EventRow._make(row)
        for row in CaseEvent.objects.filter(case=case)
        .order_by("seq", "id")
        .values_list(*EVENT_FIELDS)
    ]
    files = _by_event(EvidenceFile.objects.filter(case=case).order_by("id"))
    anchored = [
        Anchored._make(row)
        for row in AnchorEntry.objects.filter(case=case)
        .order_by("anchor__day")
        .values_list(*ANCHORED_FIELDS)
    ]
    return check_case(
        case, events, files, anchored, key=key or chain_key(), check_files=check_files
    )


def _line(entry: Anchored) -> bytes:
    return state_line(entry.case_id, entry.number, entry.event_count, entry.head)


class _Entries:
    """The digest of one anchor's entries, re-computed as they stream past in case-id order."""

    def __init__(self) -> None:
        self.digest, self.count = hashlib.new("sm3"), 0

    def add(self, entry: Anchored) -> None:
        self.digest.update(_line(entry))
        self.count += 1


@dataclass
class Audit:
    """A verification run: iterate ``problems()``; the counts are filled in as it goes."""

    numbers: list[str] | None = None
    check_files: bool = True
    key: bytes = field(default_factory=chain_key)
    cases: int = 0
    events: int = 0
    anchors: int = 0
    seal_failures: int = 0

    def problems(self) -> Iterator[Broken | AnchorBroken]:
        anchors = list(ChainAnchor.objects.order_by("day", "id"))
        self.anchors = len(anchors)
        yield from self._anchor_chain(anchors)
        entries = {a.pk: _Entries() for a in anchors}
        state, state_cases = hashlib.new("sm3"), 0
        for problem, seen in self._cases():
            for entry in seen:
                if entry.anchor_id in entries:
                    entries[entry.anchor_id].add(entry)
            if seen:
                state.update(_line(seen[-1]))
                state_cases += 1
            if problem is not None:
                yield problem
        if self.numbers or not anchors:
            return  # a partial run has seen only some entries (ADR 0007)
        for anchor in anchors:
            got = entries[anchor.pk]
            if (got.digest.hexdigest(), got.count) != (anchor.entries_sm3, anchor.changed):
                yield AnchorBroken(
                    anchor.day,
                    f"锚定条目与锚点不符 (应有 {anchor.changed} 条，实有 {got.count} 条，"
                    "或条目被改动)",
                )
        latest = anchors[-1]
        if (state.hexdigest(), state_cases) != (latest.state_sm3, latest.cases):
            yield AnchorBroken(latest.day, "全部案件链头摘要与锚点不符 (锚定条目被删除或改动)")

    def _anchor_chain(self, anchors: list[ChainAnchor]) -> Iterator[AnchorBroken]:
        prev = GENESIS
        current = fingerprint(self.key)
        for anchor in anchors:
            if anchor.prev_sm3 != prev:
                yield AnchorBroken(anchor.day, "与前一锚点不衔接 (锚点被删除、插入或替换)")
            if anchor_digest(anchor) != anchor.digest_sm3:
                yield AnchorBroken(anchor.day, "内容与锚点摘要不符 (锚点被修改)")
            if anchor.key_id != current:
                yield AnchorBroken(
                    anchor.day,
                    f"锚定所用密钥 (标识 {anchor.key_id}) 与当前 ZHIFA_CHAIN_KEY (标识 "
                    f"{current}) 不同",
                )
            elif not hmac.compare_digest(anchor.mac, anchor_mac(self.key, anchor.digest_sm3)):
                yield AnchorBroken(anchor.day, "签章不符 (锚点被伪造或改写)")
            prev = anchor.digest_sm3

    def _cases(self) -> Iterator[tuple[Broken | None, list[Anchored]]]:
        cases = Case.objects.order_by("id").only(*CASE_FIELDS)
        events = CaseEvent.objects.order_by("case_id", "seq", "id")
        files = EvidenceFile.objects.order_by("case_id", "id")
        entries = AnchorEntry.objects.order_by("case_id", "anchor__day")
        if self.numbers:
            cases = cases.filter(number__in=self.numbers)
            events = events.filter(case__number__in=self.numbers)
            files = files.filter(case__number__in=self.numbers)
            entries = entries.filter(case__number__in=self.numbers)
        event_rows = Stream(
            (EventRow._make(r) for r in events.values_list(*EVENT_FIELDS).iterator(CHUNK)),
            lambda r: r.case_id,
        )
        file_rows = Stream(files.iterator(CHUNK), lambda f: f.case_id)
        entry_rows = Stream(
            (Anchored._make(r) for r in entries.values_list(*ANCHORED_FIELDS).iterator(CHUNK)),
            lambda e: e.case_id,
        )
        for case in cases.iterator(CHUNK):
            yield from _orphans(entry_rows.skipped(case.pk))
            event_rows.skipped(case.pk)
            file_rows.skipped(case.pk)
            rows = event_rows.take(case.pk)
            seen = entry_rows.take(case.pk)
            problem = check_case(
                case,
                rows,
                _by_event(file_rows.take(case.pk)),
                seen,
                key=self.key,
                check_files=self.check_files,
            )
            self.cases += 1
            self.events += len(rows)
            if problem is not None and problem.kind == "seal":
                self.seal_failures += 1
            yield problem, seen
        yield from _orphans(entry_rows.skipped(2**63))


def _orphans(entries: list[Anchored]) -> Iterator[tuple[Broken | None, list[Anchored]]]:
    by_case: dict[int, list[Anchored]] = {}
    for entry in entries:
        by_case.setdefault(entry.case_id, []).append(entry)
    for seen in by_case.values():
        last = seen[-1]
        yield (
            Broken(
                last.number, None, f"案件已被删除 ({last.day} 锚定时有 {last.event_count} 条记录)"
            ),
            seen,
        )
