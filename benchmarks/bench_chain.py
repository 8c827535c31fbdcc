"""The cost of the full-process record's hash chain (执法全过程记录, 行政处罚法 Art 47).

The same N events are written twice, each in its own transaction with the case row locked and
updated, as the actions do:
- chained: ``record.append_event`` — canonical JSON of the event, SM3 and SHA-256 over it and
  the previous digests, then the insert and the case's chain head;
- plain: the same row inserted without digests (and only the event count updated).
The difference is what the chain costs per event; ``digest_only_us`` is the pure computation.

    .venv/bin/python benchmarks/bench_chain.py [N]      # SQLite in a temp dir
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_chain.py [N]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date

import _bench

CASES = 50
ROUNDS = 3
PAYLOAD = {
    "kind": "documentary",
    "description": "补充提交施工许可证复印件及现场照片说明",
    "files": ["施工许可证.pdf"],
    "received_on": "2026-03-05",
}


def _chained(case_ids: list[int], n: int, actor: object) -> float:
    from django.db import transaction

    from zhifa.cases.models import Case
    from zhifa.cases.record import CHAIN_FIELDS, append_event

    started = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_ids[i % len(case_ids)])
            append_event(case, "add_evidence", actor=actor, payload=PAYLOAD)  # type: ignore[arg-type]
            case.save(update_fields=CHAIN_FIELDS)
    return time.perf_counter() - started


def _plain(case_ids: list[int], n: int, actor: object) -> float:
    from django.db import transaction
    from django.utils import timezone

    from zhifa.cases.chain import jsonable
    from zhifa.cases.models import Case, CaseEvent

    started = time.perf_counter()
    for i in range(n):
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_ids[i % len(case_ids)])
            case.event_count += 1
            CaseEvent.objects.create(
                case=case,
                seq=case.event_count,
                kind="add_evidence",
                actor=actor,
                occurred_at=timezone.now(),
                payload=jsonable(PAYLOAD),
                prev_sm3="",
                digest_sm3="",
                digest_sha256="",
            )
            case.save(update_fields=["event_count"])
    return time.perf_counter() - started


def _digest_only(n: int) -> float:
    from django.utils import timezone

    from zhifa.cases.chain import GENESIS, chain_digests, event_material

    now = timezone.now()
    started = time.perf_counter()
    for i in range(n):
        chain_digests(
            event_material(
                case_number="示范城管案〔2026〕00001号", seq=i + 1, kind="add_evidence",
                actor_id=1, occurred_at=now, place="", latitude=None, longitude=None,
                payload=PAYLOAD, evidence=(), prev_sm3=GENESIS, prev_sha256=GENESIS,
            )
        )  # fmt: skip
    return time.perf_counter() - started


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    vendor = _bench.setup_django()
    from zhifa.cases import actions
    from zhifa.cases.record import Place

    c = _bench.cast()
    ids = [
        actions.register_clue(
            source="patrol", found_on=date(2026, 3, 2), facts="巡查发现擅自挖掘道路",
            street=c.street, place=Place("人民路12号"), actor=c.handler,
        ).pk
        for _ in range(CASES)
    ]  # fmt: skip
    _chained(ids, 200, c.handler)  # warm-up
    _plain(ids, 200, c.handler)
    chained, plain = [], []
    for _ in range(ROUNDS):  # interleaved, so drift in the machine's load hits both
        chained.append(_chained(ids, n, c.handler))
        plain.append(_plain(ids, n, c.handler))
    t_chained, t_plain = statistics.median(chained), statistics.median(plain)
    result = {
        "benchmark": "event_chain_cost",
        "database": vendor,
        "events": n,
        "rounds": ROUNDS,
        "ops_per_second": round(n / t_chained),
        "chained_events_per_second": round(n / t_chained),
        "plain_events_per_second": round(n / t_plain),
        "chained_us_per_event": round(t_chained / n * 1e6, 1),
        "plain_us_per_event": round(t_plain / n * 1e6, 1),
        "overhead_percent": round((t_chained / t_plain - 1) * 100, 1),
        "digest_only_us": round(_digest_only(n) / n * 1e6, 1),
        **_bench.machine(),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
