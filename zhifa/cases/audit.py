"""``zhifa audit verify``: re-compute every case's chain and every evidence digest.

Detects an edited event (its digest no longer matches its content), a deleted event (a gap in
the sequence, or a chain head that no longer matches the case row), reordered or swapped events
(the stored previous digest does not match), and a changed evidence file (its digests differ)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.core.files.storage import default_storage

from zhifa.cases.chain import GENESIS, chain_digests, digest_stream, event_material
from zhifa.cases.models import Case, CaseEvent, EvidenceFile


@dataclass(frozen=True)
class Broken:
    case_number: str
    seq: int | None
    message: str

    def __str__(self) -> str:
        where = f"第 {self.seq} 条记录" if self.seq else "案件"
        return f"案件 {self.case_number} {where}：{self.message}"


def _evidence_by_event(case: Case) -> dict[int, list[EvidenceFile]]:
    grouped: dict[int, list[EvidenceFile]] = {}
    for ev in EvidenceFile.objects.filter(case=case).order_by("id"):
        grouped.setdefault(ev.event_id, []).append(ev)
    return grouped


def verify_case(case: Case, *, check_files: bool = True) -> Broken | None:
    """The first break in this case's record, or None when it is intact."""
    events = list(CaseEvent.objects.filter(case=case).order_by("seq", "id"))
    evidence = _evidence_by_event(case)
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
        files = evidence.get(event.pk, [])
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
                evidence=[(f.sm3, f.sha256, f.size) for f in files],
                prev_sm3=prev_sm3,
                prev_sha256=prev_sha256,
            )
        )
        if (digests.sm3, digests.sha256) != (event.digest_sm3, event.digest_sha256):
            return Broken(case.number, event.seq, f"内容与摘要不符 (记录「{event.kind}」被修改)")
        if check_files:
            for f in files:
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


def _check_file(f: EvidenceFile) -> str | None:
    try:
        with default_storage.open(str(f.file.name), "rb") as stream:
            digests, size = digest_stream(stream)
    except FileNotFoundError:
        return f"证据文件「{f.name}」缺失"
    if (digests.sm3, digests.sha256, size) != (f.sm3, f.sha256, f.size):
        return f"证据文件「{f.name}」已被改动 (摘要不符)"
    return None


def verify(
    numbers: list[str] | None = None, *, check_files: bool = True
) -> Iterator[tuple[Case, Broken | None]]:
    cases = Case.objects.order_by("id")
    if numbers:
        cases = cases.filter(number__in=numbers)
    for case in cases.iterator(chunk_size=500):
        yield case, verify_case(case, check_files=check_files)
