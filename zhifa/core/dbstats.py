"""The query planner's statistics (issue 11): ``ANALYZE`` after a bulk load, and every day.

Without statistics SQLite guesses: an index on (status) looks as good as the primary key, a
partial index on open deadlines as large as the table. After a bulk load of 100,000 cases the
pages picked plans that read every case. ``refresh()`` runs

- on SQLite: ``ANALYZE`` (sampled with ``PRAGMA analysis_limit`` for the daily run, exact
  after a load) and ``PRAGMA optimize``, then statistics for the tables they leave without
  any (see ``_seed_empty_tables``). ``PRAGMA optimize`` alone is not enough on SQLite before
  3.46: in a fresh connection (a daily job's) it analyzes nothing;
- on PostgreSQL: ``ANALYZE`` (after a load; autovacuum keeps them from then on).

Called by the demo's bulk path when it has written its rows (``zhifa.demo.generators.bulk``)
and daily by ``core.tasks.refresh_planner_statistics`` (SQLite only).

``vacuum()`` after a bulk load has committed, on PostgreSQL: ``VACUUM (ANALYZE)`` sets the
visibility map of the pages just written, which is what lets an index-only scan skip the table
(the open-deadline index carries the case id for that). Right after a load nothing is marked
visible yet and every such scan read the heap: the street's deadline count planned as a merge
over every deadline by case id, 600 ms at a million cases, 44 ms once vacuumed. Autovacuum gets
there too, some time later; the load does not wait for it."""

from __future__ import annotations

import time
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.utils import CursorWrapper

# Rows read per index by the daily (sampled) ANALYZE: enough for the planner's choices,
# milliseconds per index on a city's database.
SAMPLE_ROWS = 1000


def refresh(*, sampled: bool = False, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Recompute the planner's statistics of the database ``using``. ``sampled``: SQLite reads
    at most ``SAMPLE_ROWS`` rows per index (the daily run)."""
    connection = connections[using]
    started = time.monotonic()
    seeded: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SAMPLE_ROWS if sampled else 0}")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
            # last: an ANALYZE of an empty table (``optimize`` may run one) drops its estimate
            seeded = _seed_empty_tables(cursor)
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return {
        "database": connection.vendor,
        "sampled": sampled,
        "empty_tables": len(seeded),
        "seconds": round(time.monotonic() - started, 2),
    }


def _seed_empty_tables(cursor: CursorWrapper) -> list[str]:
    """ANALYZE writes no statistics for an empty table, and SQLite then assumes about a million
    rows: a table a load left empty (evidence preservations, payment plans) looks larger than
    the case table, and a queue of its few rows is planned as a scan of every case. Each such
    table is given the estimate of one row, written to ``sqlite_stat1`` as SQLite documents
    for steering the planner; the next ANALYZE replaces it once the table has rows."""
    cursor.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
    )
    empty = [row[0] for row in cursor.fetchall()]
    if empty:
        cursor.executemany(
            "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, NULL, '1')",
            [(name,) for name in empty],
        )
        cursor.execute("ANALYZE sqlite_schema")  # reload the statistics just written
    return empty


def vacuum(*, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """``VACUUM (ANALYZE)`` on PostgreSQL, outside any transaction (after a bulk load has
    committed); nothing on SQLite, whose ``ANALYZE`` the load ran already."""
    connection = connections[using]
    started = time.monotonic()
    if connection.vendor == "postgresql":
        if connection.in_atomic_block:
            raise RuntimeError("VACUUM cannot run inside a transaction")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")
    return {"database": connection.vendor, "seconds": round(time.monotonic() - started, 2)}
