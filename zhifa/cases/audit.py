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
merged in Python: the cost is reading the rows and hashing them, not one query per case. The
event rows are read as the database hands them over (``_EventSource``): Django's conversion of
each value (JSON decoding, datetime parsing: more than the read itself) is left out, and each
value is written straight into the material as the JSON text its converted value gives
(``chain.MATERIAL``) — the same bytes, so the same digests. ``progress`` reports how far a run
is every few seconds (``zhifa audit verify`` prints it on stderr).

Measured (docs/benchmarks.md, ``bench_audit.py``): a digest worker process beside the read was
tried and left out — handing it the events cost about as much as the digests it took over."""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date
from decimal import Decimal
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple, Protocol

from django.core.files.storage import default_storage
from django.db import connections
from django.db.models import Count, QuerySet, Sum, TextField
from django.db.models.fields.json import JSONField
from django.db.models.functions import Cast

from zhifa.cases.anchor import CHUNK, Stream, anchor_digest, anchor_mac
from zhifa.cases.chain import (
    GENESIS,
    MATERIAL,
    PAYLOAD_AT,
    canonical_text,
    coordinate,
    digest_pair,
    digest_stream,
    evidence_text,
    head_mac,
    head_sealer,
    json_text,
    state_line,
    stored_payload_text,
    utc_text,
)
from zhifa.cases.chain import key_id as fingerprint
from zhifa.cases.models import AnchorEntry, Case, CaseEvent, ChainAnchor, EvidenceFile
from zhifa.cases.record import chain_key

PROGRESS_EVERY = 5.0  # seconds between two progress reports
MEMO_SIZE = 20_000  # stored values kept with their JSON text (payloads, places, coordinates)


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
ID, CASE_ID, SEQ, KIND, ACTOR, AT, PLACE, LAT, LON, PAYLOAD, PREV, SM3, SHA256 = range(13)
# The material up to its payload and after it (``chain.MATERIAL``, its keys in sorted order),
# the previous digests written in as they are: in a material that decides anything they are hex
# (the previous event's stored digests, found equal to its re-computed ones) or GENESIS, which
# JSON writes as they are; the check stops at the first event whose stored digests differ.
BEFORE_PAYLOAD = MATERIAL[:PAYLOAD_AT]
AFTER_PAYLOAD = MATERIAL[PAYLOAD_AT + 2 :].replace('"prev":%s', '"prev":["%s","%s"]')


class CaseLike(Protocol):
    """What the checks read of a case: a ``Case`` or a ``CaseRow``."""

    @property
    def pk(self) -> int: ...
    @property
    def number(self) -> str: ...
    @property
    def event_count(self) -> int: ...
    @property
    def chain_head_sm3(self) -> str: ...
    @property
    def chain_head_sha256(self) -> str: ...
    @property
    def head_mac(self) -> str: ...


class CaseRow(NamedTuple):
    pk: int
    number: str
    event_count: int
    chain_head_sm3: str
    chain_head_sha256: str
    head_mac: str


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


Row = tuple[Any, ...]  # an event row: EVENT_FIELDS, converted by Django or as stored
Digest = tuple[str, str]  # SM3, SHA-256 (hex)


def check_case(
    case: CaseLike,
    events: Sequence[Row],
    digests: Sequence[Digest],
    files: dict[int, list[EvidenceFile]],
    anchored: list[Anchored],
    *,
    key: bytes,
    check_files: bool = True,
    seal: Callable[[int, int, str, str], str] | None = None,
) -> Broken | None:
    """The first break in this case's record, or None when it is intact. ``digests``: each
    event's digests re-computed (``_EventSource.digests``); ``seal``: ``head_mac`` under
    ``key`` (``chain.head_sealer``)."""
    return (
        _check_chain(case, events, digests, files, check_files=check_files)
        or _check_seal(case, key, seal)
        or _check_anchored(case, events, anchored)
    )


def _check_chain(
    case: CaseLike,
    events: Sequence[Row],
    digests: Sequence[Digest],
    files: dict[int, list[EvidenceFile]],
    *,
    check_files: bool,
) -> Broken | None:
    prev_sm3, prev_sha256 = GENESIS, GENESIS
    for position, (event, computed) in enumerate(zip(events, digests, strict=True), start=1):
        seq = event[SEQ]
        if seq != position:
            return Broken(
                case.number,
                position,
                f"序号不连续：应为 {position}，实为 {seq} (记录被删除或插入)",
            )
        if event[PREV] != prev_sm3:
            return Broken(case.number, seq, "与前一条记录的摘要不衔接 (记录被删除、调换或重排)")
        stored = (event[SM3], event[SHA256])
        if computed != stored:
            return Broken(case.number, seq, f"内容与摘要不符 (记录「{event[KIND]}」被修改)")
        if check_files:
            for f in files.get(event[ID], ()):
                problem = _check_file(f)
                if problem:
                    return Broken(case.number, seq, problem)
        prev_sm3, prev_sha256 = stored
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


def _check_seal(
    case: CaseLike, key: bytes, seal: Callable[[int, int, str, str], str] | None = None
) -> Broken | None:
    expected = (seal or (lambda *head: head_mac(key, *head)))(
        case.pk, case.event_count, case.chain_head_sm3, case.chain_head_sha256
    )
    if case.head_mac != expected:
        return Broken(
            case.number,
            None,
            f"链头签章不符 (登记 {case.event_count} 条记录)：案件的记录条数或链头被改动、"
            "回退或伪造，或校验所用的 ZHIFA_CHAIN_KEY 与写入时不同",
            kind="seal",
        )
    return None


def _check_anchored(
    case: CaseLike, events: Sequence[Row], anchored: list[Anchored]
) -> Broken | None:
    for seen in anchored:
        if seen.event_count > len(events):
            return Broken(
                case.number,
                None,
                f"{seen.day} 锚定时有 {seen.event_count} 条记录，现仅 {len(events)} 条：末尾 "
                f"{seen.event_count - len(events)} 条记录被删除，案件被回退",
            )
        if seen.event_count and events[seen.event_count - 1][SM3] != seen.head:
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


# --- From event rows to their digests --------------------------------------------------------

# A datetime as Django stores it in SQLite: str() of the naive moment in UTC (no fraction when
# the microseconds are 0).
_STORED_UTC = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{6})?", re.ASCII)


class _EventSource:
    """The event rows of a queryset, read as the database hands them over when Django's row
    conversion can be left out: a converter call per column per row (JSON decoding, datetime
    parsing) costs more than the read. The payload stays the stored JSON text, canonicalised
    where it is digested (``chain.stored_payload_text`` reads it as ``JSONField``'s
    ``from_db_value`` does; so only when that is the field's one converter); a datetime that
    SQLite holds as UTC text becomes ISO text directly (``_STORED_UTC``: text of that shape is
    the moment it spells out, digit for digit; any other text is parsed); every other converter
    (coordinates, a datetime in another form) runs as Django runs it. A backend that converts
    any other column is read through Django (``values_list``, ``raw`` False)."""

    def __init__(self, events: QuerySet[CaseEvent]) -> None:
        self.query = events.values_list(*EVENT_FIELDS)  # Django's reading
        self.connection = connection = connections[events.db]
        fields = list(EVENT_FIELDS)
        if connection.vendor == "sqlite":
            # the text as stored: sqlite3 would parse the column's declared datetime
            events = events.annotate(at_text=Cast("occurred_at", TextField()))
            fields[AT] = "at_text"
        query = events.values_list(*fields)
        compiler = query.query.get_compiler(using=query.db)
        self.sql, self.params = compiler.as_sql()
        columns = [
            getattr(getattr(c, "target", None), "attname", None) for c, *_ in compiler.select
        ]
        converters = compiler.get_converters([c for c, *_ in compiler.select])
        at = converters.pop(AT, ([], None))
        if fields[AT] == "at_text":  # the text goes through the datetime column's converters
            column = CaseEvent._meta.get_field("occurred_at").get_col(CaseEvent._meta.db_table)
            at = compiler.get_converters([column]).get(0, ([], None))
            if columns[AT] is None:  # the annotation, where it was asked for
                columns[AT] = "at_text"
        payload = CaseEvent._meta.get_field("payload")
        assert isinstance(payload, JSONField)
        payload_converters = converters.pop(PAYLOAD, ([], None))[0]
        self.converters = {AT: at, **{i: converters.pop(i, ([], None)) for i in (LAT, LON)}}
        self.raw = (
            columns == fields
            and not converters
            and payload_converters == [payload.from_db_value]
            and payload.decoder is None
        )
        self.utc_text = self.raw and connection.timezone is UTC
        # payloads repeat (the same filing, the same closing on a day), so do places and
        # coordinates: their JSON text is kept for the run
        self.payload_text: Callable[[Any], str] = (
            lru_cache(MEMO_SIZE, typed=True)(stored_payload_text) if self.raw else canonical_text
        )
        self._texts: dict[Any, str] = {}

    def rows(self, *, chunked: bool = True) -> Iterator[list[Row]]:
        """The rows in the queryset's order, a list of up to ``CHUNK`` at a time; ``chunked``:
        through a server-side cursor where there is one (PostgreSQL)."""
        if not self.raw:
            rows = self.query.iterator(CHUNK) if chunked else iter(self.query)
            while chunk := list(islice(rows, CHUNK)):
                yield chunk
            return
        with self.connection.chunked_cursor() if chunked else self.connection.cursor() as cursor:
            cursor.execute(self.sql, self.params)
            while chunk := cursor.fetchmany(CHUNK):
                yield chunk

    def at(self, value: Any) -> str:
        if self.raw:
            converters, expression = self.converters[AT]
            for convert in converters:
                value = convert(value, expression, self.connection)
        return json_text(utc_text(value))

    def coordinate(self, value: Any, column: int) -> str:
        key = (column, type(value), value)
        text = self._texts.get(key)
        if text is None:
            if self.raw:
                converters, expression = self.converters[column]
                for convert in converters:
                    value = convert(value, expression, self.connection)
            text = json_text(coordinate(value))
            self._remember(key, text)
        return text

    def text(self, value: Any) -> str:
        """``json_text`` of a stored string (kinds, places)."""
        text = self._texts.get(value) if type(value) is str else None
        if text is None:
            text = json_text(value)
            if type(value) is str:
                self._remember(value, text)
        return text

    def _remember(self, key: Any, text: str) -> None:
        if len(self._texts) >= MEMO_SIZE:
            self._texts.clear()
        self._texts[key] = text

    def digests(
        self, case_number: str, events: Sequence[Row], files: dict[int, list[EvidenceFile]]
    ) -> list[Digest]:
        """The digests of each event of one case, re-computed from its row: the hot loop of
        the audit. The previous digests in each material are the ones stored on the event
        before it (see ``AFTER_PAYLOAD``)."""
        number = json_text(case_number)
        text, payload_text = self.text, self.payload_text
        stored_utc = _STORED_UTC.fullmatch if self.utc_text else None
        digests: list[Digest] = []
        append = digests.append
        prev_sm3 = prev_sha256 = GENESIS
        for event in events:
            at = event[AT]
            if stored_utc is not None and type(at) is str and stored_utc(at):
                at = f'"{at[:10]}T{at[11:19]}{at[19:] or ".000000"}+00:00"'
            else:
                at = self.at(at)
            latitude, longitude = event[LAT], event[LON]
            attached = files.get(event[ID]) if files else None
            material = (
                BEFORE_PAYLOAD
                % (
                    json_text(event[ACTOR]),
                    at,
                    number,
                    evidence_text([(f.sm3, f.sha256, f.size) for f in attached])
                    if attached
                    else "[]",
                    text(event[KIND]),
                    "null" if latitude is None else self.coordinate(latitude, LAT),
                    "null" if longitude is None else self.coordinate(longitude, LON),
                )
                + payload_text(event[PAYLOAD])
                + AFTER_PAYLOAD % (text(event[PLACE]), prev_sm3, prev_sha256, json_text(event[SEQ]))
            )
            append(digest_pair(material.encode("utf-8")))
            prev_sm3, prev_sha256 = event[SM3], event[SHA256]
        return digests


class _Chunks:
    """Rows ordered by case id, fetched in chunks, handed out case by case (a merge join): a
    case's rows are a slice of a chunk or two."""

    def __init__(self, chunks: Iterator[list[Row]], column: int) -> None:
        self.chunks, self.column = chunks, column
        self.chunk: list[Row] = next(self.chunks, [])
        self.at = 0

    def _until(self, case_id: int, *, equal: bool) -> list[Row]:
        rows: list[Row] = []
        column = self.column
        while self.chunk:
            chunk, start = self.chunk, self.at
            end, n = start, len(chunk)
            if equal:
                while end < n and chunk[end][column] == case_id:
                    end += 1
            else:
                while end < n and chunk[end][column] < case_id:
                    end += 1
            rows += chunk[start:end]
            if end < n:
                self.at = end
                break
            self.chunk, self.at = next(self.chunks, []), 0
        return rows

    def skipped(self, case_id: int) -> list[Row]:
        """Rows of cases before ``case_id`` that no case row claims (the case was deleted)."""
        return self._until(case_id, equal=False)

    def take(self, case_id: int) -> list[Row]:
        return self._until(case_id, equal=True)


def verify_case(case: Case, *, check_files: bool = True, key: bytes | None = None) -> Broken | None:
    """One case: its chain, its seal and what the anchors saw of it."""
    source = _EventSource(CaseEvent.objects.filter(case=case).order_by("seq", "id"))
    events = [row for chunk in source.rows(chunked=False) for row in chunk]
    files = _by_event(EvidenceFile.objects.filter(case=case).order_by("id"))
    anchored = [
        Anchored._make(row)
        for row in AnchorEntry.objects.filter(case=case)
        .order_by("anchor__day")
        .values_list(*ANCHORED_FIELDS)
    ]
    digests = source.digests(case.number, events, files)
    return check_case(
        case, events, digests, files, anchored, key=key or chain_key(), check_files=check_files
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


class Progress(NamedTuple):
    """How far a run is (``Audit.progress``); the totals are the case table's count and sum of
    event counts, read once at the start (no count of the events table)."""

    cases: int
    events: int
    total_cases: int
    total_events: int
    seconds: float


@dataclass
class Audit:
    """A verification run: iterate ``problems()``; the counts are filled in as it goes.

    ``progress`` is called with a ``Progress`` at most every ``progress_every`` seconds."""

    numbers: list[str] | None = None
    check_files: bool = True
    key: bytes = field(default_factory=chain_key)
    progress: Callable[[Progress], object] | None = None
    progress_every: float = PROGRESS_EVERY
    cases: int = 0
    events: int = 0
    anchors: int = 0
    seal_failures: int = 0
    total_cases: int = 0
    total_events: int = 0

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
        started = time.monotonic()
        next_report = started + self.progress_every
        cases = Case.objects.order_by("id")
        events = CaseEvent.objects.order_by("case_id", "seq", "id")
        files = EvidenceFile.objects.order_by("case_id", "id")
        entries = AnchorEntry.objects.order_by("case_id", "anchor__day")
        if self.numbers:
            cases = cases.filter(number__in=self.numbers)
            events = events.filter(case__number__in=self.numbers)
            files = files.filter(case__number__in=self.numbers)
            entries = entries.filter(case__number__in=self.numbers)
        if self.progress is not None:
            totals = cases.aggregate(cases=Count("id"), events=Sum("event_count"))
            self.total_cases, self.total_events = totals["cases"], totals["events"] or 0
        source = _EventSource(events)
        event_rows = _Chunks(source.rows(), CASE_ID)
        file_rows = Stream(files.iterator(CHUNK), lambda f: f.case_id)
        entry_rows = Stream(
            (Anchored._make(r) for r in entries.values_list(*ANCHORED_FIELDS).iterator(CHUNK)),
            lambda e: e.case_id,
        )
        seal = head_sealer(self.key)
        for row in cases.values_list(*CASE_FIELDS).iterator(CHUNK):
            case = CaseRow._make(row)
            yield from _orphans(entry_rows.skipped(case.pk))
            event_rows.skipped(case.pk)
            file_rows.skipped(case.pk)
            rows = event_rows.take(case.pk)
            attached = _by_event(file_rows.take(case.pk))
            seen = entry_rows.take(case.pk)
            problem = check_case(
                case,
                rows,
                source.digests(case.number, rows, attached),
                attached,
                seen,
                key=self.key,
                check_files=self.check_files,
                seal=seal,
            )
            self.cases += 1
            self.events += len(rows)
            if problem is not None and problem.kind == "seal":
                self.seal_failures += 1
            yield problem, seen
            if self.progress is not None and (now := time.monotonic()) >= next_report:
                next_report = now + self.progress_every
                self.progress(
                    Progress(
                        self.cases, self.events, self.total_cases, self.total_events, now - started
                    )
                )
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
