"""``zhifa audit verify`` throughput (行政处罚法 Art 47; ADR 0007), against its floors.

CASES cases of EVENTS events each are written through ``record.append_event`` (sealed) — or,
with ``--bulk N``, N cases of the bulk path (``zhifa demo --cases N``: the district, its
parties, a year of cases with every kind of chain) — and an anchor is written. Then,
interleaved over ``--rounds`` (median kept):
- floor: reading every event row in one ordered pass (``values_list(...).iterator()``) — the
  read floor of the issue: no verification through the ORM can be faster than reading what it
  verifies;
- floor_raw: the same rows fetched through the DB-API cursor, no conversion at all (what the
  audit reads; below it nothing is left);
- floor_digest: the read floor plus re-computing each event's material and SM3/SHA-256
  (``chain.event_material`` + ``chain_digests``: the work the chain itself needs);
- hash: SM3 + SHA-256 alone over every event's material, computed beforehand (the digests'
  own cost, no reading, no JSON);
- audit: the full ``Audit`` run (``zhifa audit verify`` without files): chains, seals, anchors,
  one ordered pass per table;
- first_anchor: ``write_anchor`` over all the cases (every case new: one entry each);
- per_case: ``verify_case`` for every case (queries per case — the shape verify had before;
  left out above 2,000 cases).

Exit status 1 when ``audit_vs_digest_floor`` < 0.7 (``FLOOR_RATIO``): the audit must do at
least the work of that floor (read every row, digest every event), so it is the floor the audit
can be held to on any machine; the bare read floor leaves the digests out, which cost more than
the read (``us_per_event``), so its ratio is reported, not enforced.

    .venv/bin/python benchmarks/bench_audit.py [CASES] [EVENTS]      # SQLite in a temp dir
    .venv/bin/python benchmarks/bench_audit.py --bulk 20000
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_audit.py
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import _bench

FLOOR_RATIO = 0.7
PER_CASE_UP_TO = 2000
PAYLOAD = {
    "kind": "documentary",
    "description": "补充提交施工许可证复印件及现场照片说明",
    "files": ["施工许可证.pdf"],
    "received_on": "2026-03-05",
}


def _populate(cases: int, events: int) -> float:
    from django.db import transaction

    from zhifa.cases import actions
    from zhifa.cases.models import Case
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
    return _first_anchor()


def _populate_bulk(cases: int) -> float:
    from django.db import transaction
    from django.utils import timezone

    from zhifa.demo.generators import bulk, district, parties
    from zhifa.law.catalog_io import load_default_catalog
    from zhifa.org.choices import OrgUnitKind
    from zhifa.org.models import OrgUnit

    today = timezone.localdate()
    with transaction.atomic():
        load_default_catalog()
        units = district.build_units()
        district.build_people(random.Random("2026:district"), today, units)
        streets = list(OrgUnit.objects.filter(kind=OrgUnitKind.STREET).order_by("code"))
        parties.build_parties(random.Random("2026:parties"), streets)
        bulk.build_bulk(
            random.Random("bench-audit"), today.year - 1, today, cases, progress=lambda _: None
        )
    return _first_anchor()


def _first_anchor() -> float:
    from zhifa.cases.anchor import write_anchor

    started = time.perf_counter()
    write_anchor(actor=None)  # the first anchor: one entry per case
    return time.perf_counter() - started


def _events() -> Any:
    from zhifa.cases.models import CaseEvent

    return CaseEvent.objects.order_by("case_id", "seq")


def _floor() -> float:
    from zhifa.cases.audit import EVENT_FIELDS

    started = time.perf_counter()
    for _ in _events().values_list(*EVENT_FIELDS).iterator(2000):
        pass
    return time.perf_counter() - started


def _floor_raw() -> float:
    from django.db import connection

    from zhifa.cases.audit import EVENT_FIELDS

    sql, params = _events().values_list(*EVENT_FIELDS).query.sql_with_params()
    started = time.perf_counter()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while cursor.fetchmany(2000):
            pass
    return time.perf_counter() - started


def _materials(sink: Callable[[bytes], object]) -> None:
    """Every event's material re-computed through ``chain.event_material``, handed to sink."""
    from zhifa.cases.audit import EVENT_FIELDS, EventRow
    from zhifa.cases.chain import GENESIS, event_material
    from zhifa.cases.models import Case, EvidenceFile

    numbers = dict(Case.objects.values_list("id", "number"))
    evidence: dict[int, list[tuple[str, str, int]]] = {}
    for event_id, *digests in EvidenceFile.objects.values_list("event_id", "sm3", "sha256", "size"):
        evidence.setdefault(event_id, []).append(tuple(digests))  # type: ignore[arg-type]
    case_id, prev = None, (GENESIS, GENESIS)
    for row in _events().values_list(*EVENT_FIELDS).iterator(2000):
        e = EventRow._make(row)
        if e.case_id != case_id:
            case_id, prev = e.case_id, (GENESIS, GENESIS)
        sink(
            event_material(
                case_number=numbers[e.case_id], seq=e.seq, kind=e.kind, actor_id=e.actor_id,
                occurred_at=e.occurred_at, place=e.place, latitude=e.latitude,
                longitude=e.longitude, payload=e.payload, evidence=evidence.get(e.id, ()),
                prev_sm3=prev[0], prev_sha256=prev[1],
            )
        )  # fmt: skip
        prev = (e.digest_sm3, e.digest_sha256)


def _floor_digest() -> float:
    from zhifa.cases.chain import chain_digests

    started = time.perf_counter()
    _materials(chain_digests)
    return time.perf_counter() - started


_MATERIALS: list[bytes] = []


def _hash() -> float:
    from zhifa.cases.chain import chain_digests

    if not _MATERIALS:
        _materials(_MATERIALS.append)
    started = time.perf_counter()
    for material in _MATERIALS:
        chain_digests(material)
    return time.perf_counter() - started


def _audit() -> float:
    from zhifa.cases.audit import Audit

    started = time.perf_counter()
    run = Audit(check_files=False)
    problems = list(run.problems())
    assert problems == [], problems[:3]
    return time.perf_counter() - started


def _per_case() -> float:
    from zhifa.cases.audit import verify_case
    from zhifa.cases.models import Case

    started = time.perf_counter()
    for case in Case.objects.order_by("id").iterator(500):
        assert verify_case(case, check_files=False) is None
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="?", type=int, default=200)
    parser.add_argument("events", nargs="?", type=int, default=15, help="events a case")
    parser.add_argument("--bulk", type=int, default=0, help="N bulk-path cases instead")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    vendor = _bench.setup_django()
    from zhifa.cases.models import Case, CaseEvent

    bulk = args.bulk
    anchor_seconds = _populate_bulk(bulk) if bulk else _populate(args.cases, args.events)
    cases, total = Case.objects.count(), CaseEvent.objects.count()
    measure: dict[str, Callable[[], float]] = {
        "floor": _floor,
        "floor_raw": _floor_raw,
        "floor_digest": _floor_digest,
        "hash": _hash,
        "audit": _audit,
    }
    if cases <= PER_CASE_UP_TO:
        measure["per_case"] = _per_case
    runs: dict[str, list[float]] = {name: [] for name in measure}
    for fn in measure.values():
        fn()  # warm-up
    for _ in range(args.rounds):  # interleaved, so drift in the machine's load hits all
        for name, fn in measure.items():
            runs[name].append(fn())
    t = {name: statistics.median(values) for name, values in runs.items()}
    rate = {name: round(total / seconds) for name, seconds in t.items()}
    ratio = round(t["floor_digest"] / t["audit"], 2)
    result = {
        "benchmark": "audit_verify",
        "database": vendor,
        "data": "bulk" if args.bulk else "append_event",
        "cases": cases,
        "events": total,
        "rounds": args.rounds,
        "ops_per_second": rate["audit"],
        "audit_events_per_second": rate["audit"],
        "per_case_events_per_second": rate.get("per_case"),
        "floor_read_events_per_second": rate["floor"],
        "floor_raw_events_per_second": rate["floor_raw"],
        "floor_read_and_digest_events_per_second": rate["floor_digest"],
        "us_per_event": {name: round(seconds / total * 1e6, 2) for name, seconds in t.items()},
        "audit_vs_read_floor": round(t["floor"] / t["audit"], 2),
        "audit_vs_raw_floor": round(t["floor_raw"] / t["audit"], 2),
        "audit_vs_digest_floor": ratio,
        "audit_vs_per_case": round(t["per_case"] / t["audit"], 2) if "per_case" in t else None,
        "enforced": f"audit_vs_digest_floor >= {FLOOR_RATIO}",
        "first_anchor_cases_per_second": round(cases / anchor_seconds),
        **_bench.machine(),
    }
    print(json.dumps(result, ensure_ascii=False))
    if ratio < FLOOR_RATIO:
        print(f"audit below {FLOOR_RATIO} of the read+digest floor: {ratio}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
