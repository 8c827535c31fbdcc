"""``zhifa audit verify`` throughput (行政处罚法 Art 47; ADR 0007), against its floor.

CASES cases of EVENTS events each are written through ``record.append_event`` (sealed), and an
anchor is written. Then, interleaved over ROUNDS:
- floor: reading every event row in one ordered pass (``values_list(...).iterator()``) — no
  verification can be faster than reading what it verifies;
- floor_digest: the same pass plus re-computing each event's SM3/SHA-256 (the chain's own cost);
- audit: the full ``Audit`` run (``zhifa audit verify`` without files): chains, seals, anchors,
  one ordered pass per table;
- first_anchor: ``write_anchor`` over all the cases (every case new: one entry each);
- per_case: ``verify_case`` for every case (queries per case — the shape verify had before).

    .venv/bin/python benchmarks/bench_audit.py [CASES] [EVENTS]      # SQLite in a temp dir
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_audit.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import date

import _bench

ROUNDS = 3
PAYLOAD = {
    "kind": "documentary",
    "description": "补充提交施工许可证复印件及现场照片说明",
    "files": ["施工许可证.pdf"],
    "received_on": "2026-03-05",
}


def _populate(cases: int, events: int) -> tuple[int, float]:
    from django.db import transaction

    from zhifa.cases import actions
    from zhifa.cases.anchor import write_anchor
    from zhifa.cases.models import Case, CaseEvent
    from zhifa.cases.record import CHAIN_FIELDS, Place, append_event

    c = _bench.cast()
    for _ in range(cases):
        case = actions.register_clue(
            source="patrol", found_on=date(2026, 3, 2), facts="巡查发现擅自挖掘道路",
            street=c.street, place=Place("人民路12号"), actor=c.handler,
        )  # fmt: skip
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case.pk)
            for _ in range(events - 1):
                append_event(case, "add_evidence", actor=c.handler, payload=PAYLOAD)
            case.save(update_fields=CHAIN_FIELDS)
    started = time.perf_counter()
    write_anchor(actor=None)  # the first anchor: one entry per case
    return CaseEvent.objects.count(), time.perf_counter() - started


def _floor() -> float:
    from zhifa.cases.audit import EVENT_FIELDS
    from zhifa.cases.models import CaseEvent

    started = time.perf_counter()
    for _ in CaseEvent.objects.order_by("case_id", "seq").values_list(*EVENT_FIELDS).iterator(2000):
        pass
    return time.perf_counter() - started


def _floor_digest() -> float:
    from zhifa.cases.audit import EVENT_FIELDS, EventRow
    from zhifa.cases.chain import chain_digests, event_material
    from zhifa.cases.models import Case, CaseEvent

    numbers = dict(Case.objects.values_list("id", "number"))
    started = time.perf_counter()
    rows = CaseEvent.objects.order_by("case_id", "seq").values_list(*EVENT_FIELDS)
    for row in rows.iterator(2000):
        e = EventRow._make(row)
        chain_digests(
            event_material(
                case_number=numbers[e.case_id], seq=e.seq, kind=e.kind, actor_id=e.actor_id,
                occurred_at=e.occurred_at, place=e.place, latitude=e.latitude,
                longitude=e.longitude, payload=e.payload, evidence=(), prev_sm3=e.prev_sm3,
                prev_sha256=e.prev_sm3,
            )
        )  # fmt: skip
    return time.perf_counter() - started


def _audit() -> float:
    from zhifa.cases.audit import Audit

    started = time.perf_counter()
    run = Audit(check_files=False)
    problems = list(run.problems())
    assert problems == [], problems
    return time.perf_counter() - started


def _per_case() -> float:
    from zhifa.cases.audit import verify_case
    from zhifa.cases.models import Case

    started = time.perf_counter()
    for case in Case.objects.order_by("id").iterator(500):
        assert verify_case(case, check_files=False) is None
    return time.perf_counter() - started


def main() -> int:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    events = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    vendor = _bench.setup_django()
    total, anchor_seconds = _populate(cases, events)
    runs: dict[str, list[float]] = {"floor": [], "floor_digest": [], "audit": [], "per_case": []}
    measure = {
        "floor": _floor,
        "floor_digest": _floor_digest,
        "audit": _audit,
        "per_case": _per_case,
    }
    for fn in measure.values():
        fn()  # warm-up
    for _ in range(ROUNDS):  # interleaved, so drift in the machine's load hits all
        for name, fn in measure.items():
            runs[name].append(fn())
    t = {name: statistics.median(values) for name, values in runs.items()}
    rate = {name: round(total / seconds) for name, seconds in t.items()}
    result = {
        "benchmark": "audit_verify",
        "database": vendor,
        "cases": cases,
        "events": total,
        "rounds": ROUNDS,
        "ops_per_second": rate["audit"],
        "audit_events_per_second": rate["audit"],
        "per_case_events_per_second": rate["per_case"],
        "floor_read_events_per_second": rate["floor"],
        "floor_read_and_digest_events_per_second": rate["floor_digest"],
        "audit_vs_read_floor": round(t["floor"] / t["audit"], 2),
        "audit_vs_digest_floor": round(t["floor_digest"] / t["audit"], 2),
        "audit_vs_per_case": round(t["per_case"] / t["audit"], 2),
        "first_anchor_cases_per_second": round(cases / anchor_seconds),
        **_bench.machine(),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
