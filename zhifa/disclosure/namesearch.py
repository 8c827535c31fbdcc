"""Searching published decisions by the party's name, fast whether the word is rare or common.

A name filter combined with "newest first, 20 rows" has two good plans: for a rare word, find
the few matching rows through the name index and sort them; for a common word, walk the
(status, decided_on, id) index newest first and keep the matching rows until a page is full.
The planner chooses between them from an estimate of how many rows match — and for substring
patterns that estimate can be off by orders of magnitude: measured on 1,000,000 rows, a
three-character fragment matching 15 rows was planned as the walk and took 9 s.

So the choice is made on facts. On PostgreSQL, first the newest ``WINDOW`` rows are read in
the page's own order and each is tested (``textsearch.row_test``, a substring test of the
tokens): when more than the portal's count cap of them match, the word is common — the page is
those ids when it lies among them, else the walk — and the index is not asked at all. (Asking
it for 有限公司, in 21,678 of a million names, built the GIN bitmap of three common bigrams:
67 ms of a 140 ms page.) Otherwise the matching ids are fetched through the name index
alone, at most ``RARE_LIMIT`` + 1 of them (PostgreSQL: index-ordered and sequential scans are
switched off for that one statement, which leaves the bitmap scan of the pg_trgm or prefix
index). Up to ``RARE_LIMIT`` matches: the page is read from exactly those ids, and the total is
known. More: the word is common (≥ 0.5 % of a million rows), the walk finds a page quickly,
and the total is shown as capped.

Matching: any continuous part of the name, of any length ("鑫源" finds 示范市鑫源建筑工程有限公司),
through the text index of ``core.textsearch`` (ADR 0014) — GIN on PostgreSQL, FTS5 on SQLite.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
    reads them (never a list of every match first): the tokens as text (``row_test``)."""
    return textsearch.row_condition(Publication, q) or Q(party_name__contains=q)


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
    with switched_off("enable_indexscan", "enable_indexonlyscan", "enable_seqscan") as using:
        ids = list(probe.using(using))
    return ids if len(ids) <= RARE_LIMIT else None


@contextmanager
def switched_off(*plans: str) -> Iterator[str]:
    """A transaction on the connection publications are read from (the replica, on the
    portal) with the planner's ``plans`` switched off for it (``SET LOCAL``); yields its alias.
    PostgreSQL only."""
    using = router.db_for_read(Publication)
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        for plan in plans:
            cursor.execute(f"SET LOCAL {plan} = off")
        yield using


# The newest rows a PostgreSQL search tests before it asks the index: a word in more than
# ``cap`` of them (2.5 % for the count cap of 200) is common. They are read from the covering
# index ``pub_published_text`` (the tokens beside the date): at a million cases (70,553
# published) 8,000 entries cost 6 ms when nothing matches, less when the cap fills first.
WINDOW = 8000


def newest_matching(rows: QuerySet[Publication], q: str, want: int) -> list[int]:
    """The ids of the rows among the newest ``WINDOW`` of ``rows`` (newest first, by
    (decided_on, id): the page's own index) whose name matches ``q``, at most ``want``."""
    found = textsearch.row_test('w."search_text"', q)
    if found is None:
        return []
    test, params = found
    using = router.db_for_read(Publication)
    newest = rows.order_by("-decided_on", "-id").values("id", "decided_on", "search_text")
    inner, inner_params = newest[:WINDOW].query.get_compiler(using=using).as_sql()
    sql = (
        f"SELECT w.id FROM ({inner}) w WHERE {test} "
        f"ORDER BY w.decided_on DESC, w.id DESC LIMIT {int(want)}"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [*inner_params, *params])
        return [int(row[0]) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Found:
    """What a name search matches: the rows, their exact number when it is known, and whether
    the page is read by the newest-first walk (a common word)."""

    rows: QuerySet[Publication]
    total: int | None
    walk: bool


def by_name(rows: QuerySet[Publication], q: str, *, cap: int, upto: int) -> Found:
    """The rows of ``rows`` whose name contains ``q``. ``cap``: the count the page shows
    exactly (more is "cap 条以上"); ``upto``: one past the page's last row (its offset + size
    + 1, to know whether a next page exists).

    PostgreSQL, the newest ``WINDOW`` rows first: more than ``cap`` of them match — common,
    the index is not asked; the page lies among them — read it from their ids, and ask the
    index only how many match in all (the probe); else the probe decides (rare: its ids;
    common: the walk)."""
    postgres = connection.vendor == "postgresql"
    newest = newest_matching(rows, q, max(cap + 1, upto)) if postgres else []
    # rare: not more than the cap among the newest rows, and at most RARE_LIMIT in all
    if len(newest) <= cap and (ids := candidates(rows, q)) is not None:
        return Found(Publication.objects.filter(pk__in=ids), len(ids), walk=False)
    if len(newest) >= upto:  # common, and the page lies among the newest rows
        return Found(Publication.objects.filter(pk__in=newest[:upto]), None, walk=False)
    return Found(rows.filter(walk_filter(q)), None, walk=True)


def walked(
    rows: QuerySet[Publication], bottom: int, top: int, fields: tuple[str, ...]
) -> list[Any]:
    """``rows[bottom:top]`` (newest first) of a common word, as ``fields`` dictionaries: the
    keys by a walk of the date index that tests each row (PostgreSQL: from the covering
    index ``pub_published_text`` when only published rows are asked, which holds the tokens;
    sequential scans, bitmaps and sorts switched off for that statement), then the rows by
    key. The planner cannot estimate how many rows a text test keeps (it guesses one), and
    then prefers reading the whole table and sorting it: measured on a million rows, 1.0 s
    for 建筑工程 instead of a walk of a few thousand index entries."""
    keys = rows.values_list("id", flat=True)[bottom:top]
    if connection.vendor != "postgresql":
        found = list(keys)
    else:
        with switched_off("enable_seqscan", "enable_bitmapscan", "enable_sort") as using:
            found = list(keys.using(using))
    by_key = {row["id"]: row for row in Publication.objects.filter(pk__in=found).values(*fields)}
    return [by_key[key] for key in found if key in by_key]
