"""``zhifa demo --cases N``: a city-year (e.g. 1,000,000 cases) in minutes, with raw SQL.

The action path takes ~50–100 ms a case (every step locks, checks, writes and digests through
the ORM, ~20 queries a step); a city-year that way would take a day or more. Here each case is
built in Python as the actions would have left it — facts, handlers, record chain, decisions,
payments, clocks and, for general cases, the step rows — and written in chunks with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) inside the demo part's one transaction. The
record chains are digested with ``zhifa.cases.chain`` exactly as ``record.append_event`` does
(``zhifa audit verify`` passes; each case row is sealed with ``head_mac`` as well), in a worker
process while the next chunk is built. Proportions
follow the action path: ~88 % on the spot, ~12 % general procedure, every outcome. Case and
decision numbers continue the gapless sequences (``core.NumberSequence``), which are advanced to
the last number used.
"""

from __future__ import annotations

import gc
import multiprocessing
import random
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date, timedelta

from zhifa.cases.chain import head_mac
from zhifa.cases.record import chain_key
from zhifa.core import dbstats
from zhifa.demo.generators.bulk_digest import ChainSpec, Row, digest_chains
from zhifa.demo.generators.bulk_general import GeneralBuilder
from zhifa.demo.generators.bulk_rows import Facts, Out
from zhifa.demo.generators.bulk_simple import SimpleBuilder
from zhifa.demo.generators.bulk_sql import TABLES, Writer
from zhifa.demo.generators.bulk_world import World

CHUNK = 10_000
GENERAL_SHARE = 0.12
POOL_FROM = 50_000  # from here a digest worker and suspended indexes pay for themselves
Digested = tuple[list[Row], list[tuple[str, str]]]


def _days(w: World, n: int, general_share: float) -> list[tuple[date, bool]]:
    """When each case starts, in date order (so case numbers follow the calendar), and whether
    it is a general-procedure case (found on a working day) or an on-the-spot one (weekends
    too, a little less)."""
    rng, start = w.rng, date(w.year, 1, 2)
    span = (w.horizon - start).days
    last_working = w.cal.on_or_after(w.horizon - timedelta(days=10))
    while (following := w.cal.on_or_after(last_working + timedelta(days=1))) <= w.horizon:
        last_working = following
    drawn = []
    for _ in range(n):
        day = start + timedelta(days=w.rint(0, span))
        general = rng.random() < general_share
        if general or (day.weekday() >= 5 and rng.random() < 0.4):
            day = min(w.cal.on_or_after(day), last_working)
        drawn.append((day, general))
    drawn.sort()
    return drawn


class _Chunk:
    """A built chunk waiting for its digests, then written."""

    def __init__(self, out: Out, done: list[tuple[Facts, ChainSpec]], digests: Future | Digested):
        self.out, self.done, self.digests = out, done, digests

    def write(self, writer: Writer) -> None:
        rows, heads = self.digests.result() if isinstance(self.digests, Future) else self.digests
        cases = self.out["cases_case"]
        key = chain_key()
        for (facts, spec), (sm3, sha) in zip(self.done, heads, strict=True):
            first = spec[3][0][2]
            created = first if writer.postgres else str(first.replace(tzinfo=None))
            count = len(spec[3])
            # The seal of the chain head, as record.append_event leaves it (one HMAC a case).
            mac = head_mac(key, spec[1], count, sm3, sha)
            cases.append(facts.row(count, sm3, sha, created, mac))
        self.out["cases_caseevent"] = rows
        for table in TABLES:
            writer.write(table, self.out[table])


def build_bulk(
    rng: random.Random,
    year: int,
    today: date,
    n: int,
    *,
    progress: Callable[[str], object] = print,
    chunk: int = CHUNK,
    general_share: float = GENERAL_SHARE,
) -> dict[str, int | float | str]:
    started = time.monotonic()
    writer = Writer()
    w = World(rng, year, today, writer.next_ids())
    drawn = _days(w, n, general_share)
    pool = None
    large = n >= POOL_FROM
    if large:
        pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
        writer.suspend()
        dropped = "二级索引和外键" if writer.postgres else "二级索引"
        progress(f"    已暂时删除批量写入各表的{dropped}，写完后在同一事务中重建")
    collecting = gc.isenabled()
    gc.disable()  # millions of new tuples: the cyclic collector would rescan them over and over
    pending: _Chunk | None = None
    try:
        for first in range(0, n, chunk):
            out: Out = {table: [] for table in TABLES}
            done: list[tuple[Facts, ChainSpec]] = []
            for day, general in drawn[first : first + chunk]:
                builder = GeneralBuilder if general else SimpleBuilder
                builder(w, out, done).build(day)
            specs = [spec for _, spec in done]
            digests = (
                pool.submit(digest_chains, specs, writer.postgres)
                if pool
                else digest_chains(specs, writer.postgres)
            )
            if pending is not None:
                pending.write(writer)
                _report(progress, first, n, writer, started)
            pending = _Chunk(out, done, digests)
        if pending is not None:
            pending.write(writer)
            _report(progress, n, n, writer, started)
    finally:
        if collecting:
            gc.enable()
        if pool:
            pool.shutdown(cancel_futures=True)
    if large:
        t0 = time.monotonic()
        writer.restore()
        progress(f"    已重建{dropped} ({time.monotonic() - t0:.1f} s)")
    w.numbers.save()
    writer.finish()
    # The planner's statistics for the tables just filled (ANALYZE; PRAGMA optimize on SQLite):
    # without them SQLite planned the pages of a 100,000-case database as scans (issue 11).
    stats = dbstats.refresh()
    progress(f"    已更新查询统计信息 ANALYZE ({stats['seconds']:.1f} s)")
    elapsed = time.monotonic() - started
    rows = sum(writer.written.values())
    generals = sum(1 for _, g in drawn if g)
    return {
        "path": "bulk",
        "database": "postgresql" if writer.postgres else "sqlite",
        "year": year,
        "cases": n,
        "simple": n - generals,
        "general": generals,
        "events": writer.written["cases_caseevent"],
        "rows": rows,
        "seconds": round(elapsed, 1),
        "cases_per_second": round(n / elapsed),
        "rows_per_second": round(rows / elapsed),
    }


def _report(progress: Callable[[str], object], done: int, n: int, w: Writer, t0: float) -> None:
    elapsed = time.monotonic() - t0
    rows = sum(w.written.values())
    progress(
        f"    {done:>9,} / {n:,} 件  {rows:>11,} 行  {elapsed:6.1f} s"
        f"  ({done / elapsed:,.0f} 件/s, {rows / elapsed:,.0f} 行/s)"
    )
