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

Matching: PostgreSQL — a substring (``icontains``, pg_trgm GIN on UPPER(party_name)) for 3 or
more characters, a prefix (varchar_pattern_ops) for 1–2; SQLite — a prefix, as a range on the
B-tree index (BINARY collation sorts by code point), and for the walk an expression the index
cannot serve (so SQLite walks the date index instead of sorting every prefix match).
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.db.models.lookups import Exact

from zhifa.disclosure.models import Publication

RARE_LIMIT = 1000
TRIGRAM_MIN = 3  # pg_trgm needs a whole trigram to use its index


def name_filter(q: str) -> Q:
    """The indexed match (what the probe uses)."""
    if connection.vendor == "postgresql":
        if len(q) >= TRIGRAM_MIN:
            return Q(party_name__icontains=q)
        return Q(party_name__startswith=q)
    return Q(party_name__gte=q, party_name__lt=q + "\U0010ffff")


def walk_filter(q: str) -> Q | Exact:
    """The same match for the newest-first walk of a common word."""
    if connection.vendor == "postgresql":
        return name_filter(q)
    return Exact(Substr("party_name", 1, len(q)), q)


def candidates(rows: QuerySet[Publication], q: str) -> list[int] | None:
    """The ids of ``rows`` whose name matches ``q`` if there are at most RARE_LIMIT, else None."""
    probe = rows.filter(name_filter(q)).order_by().values_list("id", flat=True)[: RARE_LIMIT + 1]
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute("SET LOCAL enable_indexonlyscan = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            ids = list(probe)
    else:
        ids = list(probe)  # SQLite: the range makes the name index the plan
    return ids if len(ids) <= RARE_LIMIT else None


def by_name(rows: QuerySet[Publication], q: str) -> tuple[QuerySet[Publication], int | None]:
    """(the matching rows, their exact number — or None for a common word)."""
    ids = candidates(rows, q)
    if ids is None:
        return rows.filter(walk_filter(q)), None
    return Publication.objects.filter(pk__in=ids), len(ids)
