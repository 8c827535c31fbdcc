"""Searching published decisions by the party's name, fast whether the word is rare or common.

A name filter combined with "newest first, 20 rows" has two good plans: for a rare word, find
the few matching rows through the name index and sort them; for a common word, walk the
(status, decided_on, id) index newest first and keep the matching rows until a page is full.
The planner chooses between them from an estimate of how many rows match — and for substring
patterns that estimate can be off by orders of magnitude: measured on 1,000,000 rows, a
three-character fragment matching 15 rows was planned as the walk and took 9 s.

So the choice is made on facts: first the matching ids are fetched through the name index
alone, at most ``RARE_LIMIT`` + 1 of them (PostgreSQL: index-ordered and sequential scans are
switched off for that one statement, which leaves the bitmap scan of the pg_trgm or prefix
index). Up to ``RARE_LIMIT`` matches: the page is read from exactly those ids, and the total is
known. More: the word is common (≥ 0.5 % of a million rows), the walk finds a page quickly,
and the total is shown as capped.

Matching: any continuous part of the name, of any length ("鑫源" finds 示范市鑫源建筑工程有限公司),
through the text index of ``core.textsearch`` (ADR 0014) — GIN on PostgreSQL, FTS5 on SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connection, connections, router, transaction
from django.db.models import Q, QuerySet

from zhifa.core import textsearch
from zhifa.disclosure.models import Publication

RARE_LIMIT = 1000


def name_filter(q: str) -> Q:
    """The indexed match (what the probe uses): any continuous part of the name, through the
    text index (core.textsearch: a GIN index on PostgreSQL, an FTS5 table on SQLite)."""
    return textsearch.condition(Publication, q) or Q(party_name__contains=q)


def walk_filter(q: str) -> Q:
    """The same match for the newest-first walk of a common word, tested row by row as the walk
    reads them (never a list of every match first): PostgreSQL the row's tsvector, SQLite the
    text (``LIKE``; an FTS5 match is a subquery of every matching id)."""
    if connection.vendor == "postgresql":
        return textsearch.row_condition(Publication, q) or Q(party_name__contains=q)
    return Q(party_name__contains=q)


def candidates(rows: QuerySet[Publication], q: str) -> list[int] | None:
    """The ids of ``rows`` whose name matches ``q`` if there are at most RARE_LIMIT, else None."""
    if connection.vendor != "postgresql":
        # SQLite: ``id IN (the FTS5 matches)`` lists every match before a LIMIT applies (58 ms
        # for 鑫源 at a million); the FTS5 table's own rowids stop at the limit
        found = textsearch.matching_ids(Publication, q, RARE_LIMIT)
        if found is None:
            return None
        return list(rows.filter(pk__in=found).order_by().values_list("id", flat=True))
    probe = rows.filter(name_filter(q)).order_by().values_list("id", flat=True)[: RARE_LIMIT + 1]
    if connection.vendor == "postgresql":
        # the settings and the probe on the connection reads go to (the replica, on the portal)
        using = router.db_for_read(Publication)
        probe = probe.using(using)
        with transaction.atomic(using=using), connections[using].cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_indexonlyscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            ids = list(probe)
    else:
        ids = list(probe)
    return ids if len(ids) <= RARE_LIMIT else None


def by_name(rows: QuerySet[Publication], q: str) -> tuple[QuerySet[Publication], int | None]:
    """(the matching rows, their exact number — or None for a common word)."""
    ids = candidates(rows, q)
    if ids is None:
        return rows.filter(walk_filter(q)), None
    return Publication.objects.filter(pk__in=ids), len(ids)


def walked(read: Callable[[], list[Any]]) -> list[Any]:
    """Run ``read`` — the page of a common word, newest first — as a walk of the date index
    that tests each row (PostgreSQL: sequential scans, bitmaps and sorts switched off for that
    statement). The planner cannot estimate how many rows a text test keeps (it guesses one),
    and then prefers reading the whole table and sorting it: measured on a million rows, 1.0 s
    for 建筑工程 instead of a walk of a few thousand index entries."""
    if connection.vendor != "postgresql":
        return read()
    using = router.db_for_read(Publication)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        return read()
