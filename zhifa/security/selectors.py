"""Reading the security audit log for its page and its export: filtered, newest first, paged by
keyset (the last row's time and ``seq``), never counted — a page is one indexed range read
whatever the size of the table (indexes ``(at, seq)``, ``(actor_name, at)``, ``(kind, at)``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from zhifa.security.models import SecurityEvent

PAGE_SIZE = 50


@dataclass(frozen=True)
class Filters:
    date_from: date | None = None  # local days, both included
    date_to: date | None = None
    kind: str = ""
    actor: str = ""  # the username, exactly
    outcome: str = ""
    address: str = ""  # a prefix: "10.1." finds a subnet


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def events(filters: Filters) -> QuerySet[SecurityEvent]:
    rows = SecurityEvent.objects.all()
    if filters.date_from is not None:
        rows = rows.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to is not None:
        rows = rows.filter(at__lt=_start_of(filters.date_to + timedelta(days=1)))
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.actor:
        rows = rows.filter(actor_name=filters.actor)
    if filters.outcome:
        rows = rows.filter(outcome=filters.outcome)
    if filters.address:
        rows = rows.filter(address__startswith=filters.address)
    return rows


@dataclass
class Page:
    rows: list[SecurityEvent] = field(default_factory=list)
    next_before: int | None = None  # ``seq`` of the last row shown, when older rows follow
    first: bool = True


def page(rows: QuerySet[SecurityEvent], *, before: int | None, size: int = PAGE_SIZE) -> Page:
    """One page, newest first; ``before``: the ``seq`` the previous page ended with."""
    rows = rows.order_by("-at", "-seq")
    cursor = None
    if before is not None:
        cursor = SecurityEvent.objects.filter(seq=before).values_list("at", flat=True).first()
    if cursor is not None:
        # the bound on ``at`` alone lets the index start at the cursor
        rows = rows.filter(at__lte=cursor).filter(Q(at__lt=cursor) | Q(at=cursor, seq__lt=before))
    found = list(rows.select_related("actor")[: size + 1])
    shown = found[:size]
    more = len(found) > size
    return Page(shown, shown[-1].seq if more else None, cursor is None)


def oldest_first(rows: QuerySet[SecurityEvent]) -> QuerySet[SecurityEvent]:
    """For the export: in the log's order, read in chunks."""
    return rows.order_by("at", "seq").select_related("actor")
