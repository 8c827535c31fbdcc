"""Cheap writes while documents are being issued: their p99 with the issuing threads, against
their p99 without them (the floor, measured in the same run). Goal: ratio ≤ 2 (ADR 0010; issue
11, "writes under load").

The load of issue 11 (the default): 8 client threads, each on its own case, mixing reads (the
case list's first page and the case's record) with cheap writes (a note of evidence:
``cases.actions.add_evidence``: case lock, event, commit); the issuers are 2 threads of another
process, each issuing 责令改正通知书 on its own case in a loop
(``documents.actions.issue_document``: number and event under the lock, render after commit).
The floor is the same 8 clients without the issuers, so what the ratio shows is what issuing
does to the writes. ``--clients 1 --issuers 6`` is the harsher single-writer load measured first
(ADR 0010). The issuers run niced (19) so that what is measured is waiting for locks, not for
the CPU: on these 2-core machines rendering threads would otherwise take the cores from the
clients whatever the locks do. For comparison the same load is run with the render inside the
issuing transaction (``inline``: the behaviour before, when a cheap write waited up to 24 s).

Runs on SQLite (a file in WAL with BEGIN IMMEDIATE, as in production) and on PostgreSQL when
``DATABASE_URL`` points at one or 127.0.0.1:5432 answers (``ZHIFA_BENCH_DB``, default
``zhifa_bench``, is created and dropped: see _bench.py). Prints one JSON object per database.

    .venv/bin/python benchmarks/bench_document_contention.py [--writes 400] [--clients 8]
        [--issuers 2] [--nice 19] [--skip-inline]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

GOAL = 2.0
PG_URL = "postgres://postgres:postgres@127.0.0.1:5432/postgres"


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _cases(cast: Any, n: int) -> list[Any]:
    from datetime import date, timedelta

    from zhifa.cases import actions
    from zhifa.cases.record import Place
    from zhifa.org.models import Officer

    day = date.today() - timedelta(days=5)
    officers = list(Officer.objects.filter(user__in=[cast.handler, cast.handler2]))
    out = []
    for _ in range(n):
        case = actions.register_clue(
            source="patrol", found_on=day, facts="巡查发现擅自挖掘道路", street=cast.street,
            place=Place("人民路12号"), actor=cast.handler,
        )  # fmt: skip
        actions.request_filing(
            case, actor=cast.handler, handlers=officers, violation_item=cast.item,
            party=cast.company, act_on=day, on=day,
        )  # fmt: skip
        actions.approve_filing(case, actor=cast.leader, on=day)
        case.refresh_from_db()
        out.append(case)
    return out


def _cheap_write(case: Any, actor: Any, i: int) -> float:
    from zhifa.cases import actions

    started = time.perf_counter()
    actions.add_evidence(case, actor=actor, kind="documentary", description=f"补充说明第{i}份")
    return time.perf_counter() - started


def _issuers(
    case_ids: list[int], actor_id: int, inline: bool, nice: int, ready: Any, stop: Any
) -> None:
    """The issuing worker: one thread per case, issuing until ``stop`` is set."""
    if nice:
        os.nice(nice)
    import django

    django.setup()
    from django.db import connection, transaction

    from zhifa.cases.models import Case
    from zhifa.documents import actions
    from zhifa.documents.choices import DocumentKind
    from zhifa.org.models import User

    actor = User.objects.get(pk=actor_id)

    def loop(case_id: int) -> None:
        case = Case.objects.get(pk=case_id)
        try:
            while not stop.is_set():
                if inline:  # the old path: the render inside the numbering transaction
                    with transaction.atomic():
                        actions.issue_document(case, DocumentKind.CORRECTION_ORDER, actor=actor)
                else:
                    actions.issue_document(case, DocumentKind.CORRECTION_ORDER, actor=actor)
        finally:
            connection.close()

    threads = [threading.Thread(target=loop, args=(pk,)) for pk in case_ids]
    for t in threads:
        t.start()
    ready.set()
    for t in threads:
        t.join()


def _read(case: Any, actor: Any) -> None:
    """What a client reads between its writes: the case list's first page and the record."""
    from zhifa.cases import selectors
    from zhifa.cases.access import cases_visible_to
    from zhifa.cases.models import CaseEvent

    list(selectors.with_list_data(cases_visible_to(actor)).order_by("-id")[:20])
    list(CaseEvent.objects.filter(case=case).order_by("-id")[:50])


def _client(
    case: Any, actor: Any, writes: int, pause: float, deadline: float, reads: bool
) -> tuple[list[float], int]:
    """One client: ``writes`` cheap writes on ``case`` (fewer if ``deadline`` passes), each after
    a read when ``reads``; a write that fails (e.g. SQLite's busy timeout) counts with the time
    it waited. Returns (latencies, failures)."""
    from django.db import connection

    samples, failures = [], 0
    try:
        for i in range(writes):
            if reads:
                _read(case, actor)
            t0 = time.perf_counter()
            try:
                samples.append(_cheap_write(case, actor, i))
            except Exception:
                samples.append(time.perf_counter() - t0)
                failures += 1
            if time.perf_counter() > deadline:
                break
            time.sleep(pause)
    finally:
        connection.close()
    return samples, failures


def _measure(
    cases: list[Any], actor: Any, writes: int, pause: float, budget: float = 1e9
) -> tuple[list[float], int]:
    """``writes`` cheap writes shared by one client thread per case of ``cases`` (with reads
    when there are several clients); returns all their latencies and failures."""
    deadline = time.perf_counter() + budget
    per_client = max(1, writes // len(cases))
    reads = len(cases) > 1
    results: list[tuple[list[float], int]] = [([], 0)] * len(cases)

    def run(i: int) -> None:
        results[i] = _client(cases[i], actor, per_client, pause, deadline, reads)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    samples = [s for r in results for s in r[0]]
    return samples, sum(r[1] for r in results)


def run_one(args: argparse.Namespace) -> dict[str, Any]:
    import _bench

    vendor = _bench.setup_django()
    from django.db import connection

    from zhifa.documents.models import Document

    cast = _bench.cast()
    cases = _cases(cast, args.issuers + args.clients)
    clients, issuing = cases[: args.clients], cases[args.clients :]
    connection.close()  # the issuer process must not share this connection
    _measure(clients, cast.handler, 2 * args.clients, 0)  # warm: imports, caches
    floor, _ = _measure(clients, cast.handler, args.writes, args.pause)
    result: dict[str, Any] = {
        "benchmark": "documents.contention",
        "database": vendor,
        "clients": args.clients,
        "client_reads": args.clients > 1,
        "issuers": args.issuers,
        "writes": args.writes,
        "issuer_nice": args.nice,
        "floor_p99_ms": round(p99(floor) * 1000, 1),
        "floor_median_ms": round(statistics.median(floor) * 1000, 1),
    }
    ctx = multiprocessing.get_context("fork")
    for mode in ("after_commit", "inline"):
        if mode == "inline" and args.skip_inline:
            continue
        before = Document.objects.count()
        connection.close()
        ready, stop = ctx.Event(), ctx.Event()
        worker = ctx.Process(
            target=_issuers,
            args=(
                [c.pk for c in issuing],
                cast.handler.pk,
                mode == "inline",
                args.nice,
                ready,
                stop,
            ),
        )
        worker.start()
        ready.wait(120)
        time.sleep(3.0)  # the issuers are numbering and rendering
        loaded, failures = _measure(
            clients, cast.handler, args.writes, args.pause, budget=args.budget
        )
        stop.set()
        worker.terminate()  # an issue in flight is rolled back: it does not matter here
        worker.join(60)
        key = "with_issuers" if mode == "after_commit" else "with_inline_render"
        result[f"{key}_p99_ms"] = round(p99(loaded) * 1000, 1)
        result[f"{key}_median_ms"] = round(statistics.median(loaded) * 1000, 1)
        result[f"{key}_writes"] = len(loaded)
        result[f"{key}_failed_writes"] = failures
        result[f"{key}_documents"] = Document.objects.count() - before
    result["ratio"] = round(result["with_issuers_p99_ms"] / result["floor_p99_ms"], 2)
    if "with_inline_render_p99_ms" in result:
        result["ratio_inline"] = round(
            result["with_inline_render_p99_ms"] / result["floor_p99_ms"], 2
        )
    result["goal_ratio"] = GOAL
    result["machine"] = _bench.machine()
    return result


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    try:
        import psycopg

        with psycopg.connect(PG_URL, connect_timeout=3):
            return PG_URL
    except Exception:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes", type=int, default=400, help="cheap writes, all clients")
    parser.add_argument("--clients", type=int, default=8, help="client threads (reads, writes)")
    parser.add_argument("--issuers", type=int, default=2, help="issuing threads")
    parser.add_argument("--pause", type=float, default=0.05)
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per loaded phase")
    parser.add_argument("--nice", type=int, default=19, help="niceness of the issuing process")
    parser.add_argument("--skip-inline", action="store_true")
    parser.add_argument("--one", action="store_true", help="(internal) this process's database")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args), ensure_ascii=False))
        return 0
    ok = True
    targets: list[tuple[str, str | None]] = [("sqlite", None)]
    pg = _postgres_url()
    if pg:
        targets.append(("postgresql", pg))
    for _name, url in targets:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if url:
            env["DATABASE_URL"] = url
        child = [sys.executable, __file__, "--one", "--writes", str(args.writes),
                 "--issuers", str(args.issuers), "--clients", str(args.clients),
                 "--pause", str(args.pause),
                 "--budget", str(args.budget), "--nice", str(args.nice)]  # fmt: skip
        if args.skip_inline:
            child.append("--skip-inline")
        out = subprocess.run(child, env=env, capture_output=True, text=True, check=False)
        line = out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""
        if out.returncode != 0 or not line:
            print(json.dumps({"benchmark": "documents.contention", "database": _name,
                              "error": out.stderr[-2000:]}, ensure_ascii=False))  # fmt: skip
            ok = False
            continue
        print(line)
        ok = ok and json.loads(line)["ratio"] <= GOAL
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
