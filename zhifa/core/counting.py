"""Counts that stop: "共 1000+ 件" instead of counting a million rows for every page (issue 11).

A list page or a home queue shows how many rows match. An exact count reads every matching
row (or index entry): at city scale an officer's open cases, the city's open deadlines or a
common word's matches are tens of thousands of rows, read again on every request — the page
then grows with the database. Here a count reads at most ``ZHIFA_COUNT_CAP`` + 1 rows
(``SELECT COUNT(*) FROM (SELECT … LIMIT cap + 1)``: the database stops at the limit) and, past
the cap, says "more than the cap": ``AtLeast`` is an ``int`` (comparisons and arithmetic work
as before; past the cap its value is the cap) that prints as "1000+". Lists past the cap show
their first pages; the message under the list asks to narrow the filters. Statistics and
exports count exactly (they are reports, read by the replica, not pages).
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import QuerySet


class AtLeast(int):
    """A count; when ``capped``, there are more rows than this (the cap) and it prints "1000+"."""

    capped: bool

    def __new__(cls, value: int, capped: bool = False) -> AtLeast:
        obj = super().__new__(cls, value)
        obj.capped = capped
        return obj

    @property
    def value(self) -> int:
        """The number alone (what the pages reach), for "只列出前 1000 件"."""
        return int(self)

    def __str__(self) -> str:
        return f"{int(self)}+" if self.capped else int.__str__(self)

    def __format__(self, spec: str) -> str:
        return format(int(self), spec) + ("+" if self.capped else "")


# A home page's badge: "99+", as every phone shows unread counts — a queue's count there says
# how much waits, the list behind it says exactly (up to ZHIFA_COUNT_CAP).
BADGE_CAP = 99


def cap() -> int:
    return int(settings.ZHIFA_COUNT_CAP)


def capped_count(rows: QuerySet[Any], limit: int | None = None) -> AtLeast:
    """How many ``rows`` there are, reading at most ``limit`` (default ``ZHIFA_COUNT_CAP``) + 1
    of them; ``limit`` 0 counts exactly."""
    limit = cap() if limit is None else limit
    if limit <= 0:
        return AtLeast(rows.count())
    n = rows.order_by().values("pk")[: limit + 1].count()
    return AtLeast(limit, capped=True) if n > limit else AtLeast(n)


class CappedPaginator(Paginator):
    """Django's paginator over a capped count: pages up to the cap; ``count.capped`` says more
    rows exist than the pages reach."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return capped_count(self.object_list)
        return AtLeast(len(self.object_list))
