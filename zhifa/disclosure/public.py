"""What the public may read, through ONE explicit allow-list (style.md convention 7).

Every public page and public API response reads publications through ``PUBLIC_FIELDS`` (or its
subset ``LIST_FIELDS``) with ``.values(*fields)``: the rows are dictionaries holding only those
columns, so a party's ID number, phone or address — which are not even columns of the table — or
the internal deadline columns cannot reach a template by accident.

Search (pages fast on a million rows; ``benchmarks/bench_public_search.py``):
- 文号: exact match on the unique index (brackets normalised to 〔〕).
- name: ``namesearch`` — any continuous part of the name through the text index (ADR 0014); the
  plan for rare and common words is chosen from the number of matches among the newest rows
  and then through the index, not from the planner's estimate.
- category / street / dates: the (category|street|status, decided_on, id) indexes.
- order newest first by (decided_on, id); offset pages of 20, at most 50 pages; no COUNT(*):
  the total is the number of matching ids fetched in that same order up to 200 (so the
  database reuses the page's plan and stops there), shown as "200 条以上" beyond. A COUNT over
  ``LIMIT`` was measured at 100–500 ms for a common word on PostgreSQL (the planner scans
  the table for it); the ordered id list costs what the page costs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet

from zhifa.disclosure import namesearch
from zhifa.disclosure.choices import PUBLIC_STATUSES, PublicationStatus
from zhifa.disclosure.models import Publication
from zhifa.law.choices import Category

PUBLIC_FIELDS: tuple[str, ...] = (
    "id",
    "number",
    "violation_code",
    "violation_name",
    "facts_brief",
    "violated_provision",
    "penalty_provision",
    "penalty_kinds",
    "penalty_content",
    "fine",
    "decided_on",
    "agency",
    "category",
    "street_name",
    "procedure",
    "party_kind",
    "party_name",
    "party_code",
    "status",
    "published_on",
    "withdrawn_on",
    "withdraw_reason",
    "replacement_number",
    "display_until",
)
LIST_FIELDS: tuple[str, ...] = (
    "id",
    "number",
    "violation_name",
    "penalty_content",
    "fine",
    "decided_on",
    "category",
    "street_name",
    "party_name",
    "status",
)
WITHDRAWAL_FIELDS: tuple[str, ...] = (*LIST_FIELDS, "withdrawn_on", "withdraw_reason")
assert set(WITHDRAWAL_FIELDS) <= set(PUBLIC_FIELDS)

PAGE_SIZE = 20
MAX_PAGE = 50
COUNT_CAP = 200
_OPEN = str.maketrans(
    {"(": "〔", "（": "〔", "[": "〔", "【": "〔", ")": "〕", "）": "〕", "]": "〕", "】": "〕"}
)
_SPACES = re.compile(r"\s+")


def normalise_number(value: str) -> str:
    return _SPACES.sub("", value or "").translate(_OPEN)


def public_rows() -> QuerySet[Publication]:
    """Every row the public may read: published decisions and withdrawal notices."""
    return Publication.objects.filter(status__in=PUBLIC_STATUSES)


@dataclass
class SearchQuery:
    number: str = ""
    q: str = ""
    category: str = ""
    street: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    errors: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.number or self.q or self.category or self.street)

    def params(self) -> dict[str, str]:
        """The query as URL parameters (without the page)."""
        out = {
            "number": self.number,
            "q": self.q,
            "category": self.category,
            "street": str(self.street or ""),
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in out.items() if v}


def _date(value: str, label: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{label}「{value[:20]}」不是有效日期，应为 YYYY-MM-DD")
        return None


def parse_query(params: Mapping[str, Any]) -> SearchQuery:
    """Read the search form (or API query string); bad values are dropped with a message."""
    errors: list[str] = []
    query = SearchQuery(
        number=normalise_number(str(params.get("number") or ""))[:80],
        q=str(params.get("q") or "").strip()[:50],
        errors=errors,
    )
    category = str(params.get("category") or "")
    if category and category not in Category.values:
        errors.append(f"类别「{category[:20]}」不存在")
    else:
        query.category = category
    street = str(params.get("street") or "")
    if street:
        if street.isdigit():
            query.street = int(street)
        else:
            errors.append("街道参数无效")
    query.date_from = _date(str(params.get("from") or ""), "起始日期", errors)
    query.date_to = _date(str(params.get("to") or ""), "截止日期", errors)
    page = str(params.get("page") or "1")
    query.page = min(max(int(page), 1), MAX_PAGE) if page.isdigit() else 1
    return query


def filtered(query: SearchQuery) -> namesearch.Found:
    """The matching rows, their number when it is known without counting, and whether the
    page is read by the newest-first walk (a common word, ``namesearch``)."""
    if query.number:
        return namesearch.Found(public_rows().filter(number=query.number), None, walk=False)
    rows = Publication.objects.filter(status=PublicationStatus.PUBLISHED)
    if query.category:
        rows = rows.filter(category=query.category)
    if query.street:
        rows = rows.filter(street_id=query.street)
    if query.date_from:
        rows = rows.filter(decided_on__gte=query.date_from)
    if query.date_to:
        rows = rows.filter(decided_on__lte=query.date_to)
    if query.q:
        upto = query.page * PAGE_SIZE + 1
        return namesearch.by_name(rows, query.q, cap=COUNT_CAP, upto=upto)
    return namesearch.Found(rows, None, walk=False)


@dataclass(frozen=True)
class SearchPage:
    rows: list[dict[str, Any]]
    page: int
    has_next: bool
    total: int  # counted up to COUNT_CAP + 1
    capped: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search(query: SearchQuery, *, count: bool = True) -> SearchPage:
    matching = filtered(query)
    rows = matching.rows.order_by("-decided_on", "-id")
    start = (query.page - 1) * PAGE_SIZE
    if matching.walk:
        found = namesearch.walked(rows, start, start + PAGE_SIZE + 1, LIST_FIELDS)
    else:
        found = list(rows.values(*LIST_FIELDS)[start : start + PAGE_SIZE + 1])
    has_next = len(found) > PAGE_SIZE and query.page < MAX_PAGE
    total = 0
    if matching.total is not None:
        total = matching.total
    elif query.q:  # a common word: more than COUNT_CAP match
        total = COUNT_CAP + 1
    elif count:
        total = start + len(found)
        if has_next or (not found and start):
            total = len(rows.values_list("id", flat=True)[: COUNT_CAP + 1])
    return SearchPage(found[:PAGE_SIZE], query.page, has_next, total, total > COUNT_CAP)


def public_detail(pk: int) -> dict[str, Any] | None:
    """One published decision or withdrawal notice, or None (expired, repaired, never shown)."""
    return public_rows().filter(pk=pk).values(*PUBLIC_FIELDS).first()


def recent_withdrawals(limit: int = 10) -> list[dict[str, Any]]:
    rows = Publication.objects.filter(status=PublicationStatus.WITHDRAWN)
    return list(rows.order_by("-withdrawn_on", "-id").values(*WITHDRAWAL_FIELDS)[:limit])
