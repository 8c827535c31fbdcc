"""The first rows of several index ranges in one query (issue 11, city scale).

A queue over several statuses shows its longest waiting cases: read from the (status,
status_on, id) index, each status's first ``limit`` rows cost ``limit`` index steps, while one
query over all the statuses sorts every case in them (tens of thousands of performed cases at
city scale) to show eight. Each range is its own ``ORDER BY … LIMIT`` query; here they run as
one statement, ``SELECT * FROM (…) UNION ALL SELECT * FROM (…)``, which both databases execute
range by range. (Django's ``union()`` refuses sliced parts on SQLite, so the statement is built
from the parts' own compiled SQL, with their parameters.)"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet


def first_rows(parts: Sequence[QuerySet[Any]]) -> list[tuple[Any, ...]]:
    """The rows of every part (each a sliced ``values_list`` queryset of the same columns), in
    one query; the parts' rows one after another, in each part's order."""
    parts = [part for part in parts if not part.query.is_empty()]
    if not parts:
        return []
    alias = parts[0].db
    selects: list[str] = []
    params: list[Any] = []
    for part in parts:
        sql, part_params = part.query.get_compiler(alias).as_sql()
        selects.append(f"SELECT * FROM ({sql}) AS part{len(selects)}")
        params.extend(part_params)
    with connections[alias].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects), params)
        return [tuple(row) for row in cursor.fetchall()]
