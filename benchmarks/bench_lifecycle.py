"""Full general-procedure lifecycles per second through the action layer.

One lifecycle is a case walked through the real actions: clue → filing request → approval →
investigation report → prior notice → statement waived → legal review submitted → passed →
decision → service → payment → closing, the 事先告知书, the 决定书 and the 责令改正通知书 each
served in person through the delivery app with its 送达回证 (15 actions, each locking the case,
checking the workflow table and guards, writing its rows and its hash-chained event and
reserving the step's documents in one transaction). The documents are reserved (numbered,
their contexts frozen and hashed) but rendered later (``documents.renderer.deferred_renders``):
rendering runs after commit outside any lock and is measured by ``bench_documents.py``.

Floor: 2 lifecycles/s (wall clock, one process). A city's peak is ~1,000 general-procedure
cases a day; at the floor one process runs a whole peak day of *complete* lifecycles (in
reality each case's 12 steps are spread over weeks) in about 8 minutes — 60× less than a
working day — on a 2-core machine that is busy with other work. Below it, exit status 1.
``cpu_ms_per_lifecycle`` is this process's CPU time (on SQLite it includes the database
engine), which a busy machine does not inflate.

    .venv/bin/python benchmarks/bench_lifecycle.py [N]       # SQLite in a temp dir
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_lifecycle.py [N]
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

import _bench

FLOOR = 2.0  # lifecycles per second
WARM_UP = 20
START = date(2026, 3, 2)  # a Monday with no holiday near: every clock stays in the calendar
ACTIONS = 15


def lifecycle(c: _bench.Cast, n: int) -> object:
    from zhifa.cases import actions
    from zhifa.cases.record import Place
    from zhifa.documents.choices import DocumentKind as K
    from zhifa.performance.actions import record_payment
    from zhifa.testing.review import checklist
    from zhifa.testing.service import serve_all, serve_kind

    day = START + timedelta(days=n % 40)  # spread the cases a little, all working-day safe
    h, h2, leader, reviewer = c.handler, c.handler2, c.leader, c.reviewer
    case = actions.register_clue(
        source="patrol",
        found_on=day,
        facts="巡查发现擅自挖掘人民路人行道",
        street=c.street,
        place=Place("人民路12号"),
        actor=h,
    )
    actions.request_filing(
        case,
        actor=h,
        handlers=[h.officer, h2.officer],
        violation_item=c.item,
        party=c.company,
        act_on=day - timedelta(days=2),
        on=day,
    )
    actions.approve_filing(case, actor=leader, on=day)
    actions.submit_report(
        case,
        actor=h,
        findings="擅自挖掘人民路人行道约12平方米",
        outcome="penalty",
        fine=Decimal("5000"),
        penalty_kinds=["fine", "correction_order"],
        discretion_level="general",
        on=day + timedelta(days=7),
    )
    actions.notify_intended_penalty(case, actor=h, on=day + timedelta(days=8))
    serve_kind(case, K.PRIOR_NOTICE, actor=h, on=day + timedelta(days=8))
    actions.waive_statement(case, actor=h, on=day + timedelta(days=9))
    actions.submit_legal_review(case, actor=h, on=day + timedelta(days=10))
    actions.record_legal_review(
        case,
        actor=reviewer,
        outcome="passed",
        opinion="同意",
        checklist=checklist(),
        on=day + timedelta(days=11),
    )
    actions.decide(case, actor=leader, on=day + timedelta(days=14))
    serve_kind(case, K.PENALTY_DECISION, actor=h, on=day + timedelta(days=15))
    record_payment(
        case, actor=h, amount=Decimal("5000"), paid_on=day + timedelta(days=20), channel="bank"
    )
    serve_all(case, actor=h, on=day + timedelta(days=15))  # the 责令改正通知书
    actions.close_case(case, actor=leader, on=day + timedelta(days=21))
    return case


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    vendor = _bench.setup_django()
    from zhifa.cases.audit import verify_case
    from zhifa.cases.models import Case
    from zhifa.documents.renderer import deferred_renders

    c = _bench.cast()
    with deferred_renders():
        for i in range(WARM_UP):
            lifecycle(c, i)
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(n):
            lifecycle(c, i)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    cases = list(Case.objects.order_by("-id")[:n])
    intact = all(verify_case(case) is None for case in cases)
    closed = all(case.status == "closed" for case in cases)
    rate = n / elapsed
    result = {
        "benchmark": "general_procedure_lifecycle",
        "database": vendor,
        "lifecycles": n,
        "actions_per_lifecycle": ACTIONS,
        "seconds": round(elapsed, 2),
        "ops_per_second": round(rate, 1),
        "actions_per_second": round(rate * ACTIONS),
        "ms_per_lifecycle": round(1000 / rate, 1),
        "cpu_ms_per_lifecycle": round(cpu / n * 1000, 1),
        "floor": FLOOR,
        "ratio_to_floor": round(rate / FLOOR, 2),
        "all_closed_and_chains_intact": intact and closed,
        **_bench.machine(),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0 if rate >= FLOOR and intact and closed else 1


if __name__ == "__main__":
    sys.exit(main())
