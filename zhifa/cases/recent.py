"""Selectors of what an officer used lately, for the pickers of the case forms: the violation
items and co-handlers of its own last cases (recently used first), and its usual partner — the
co-handler it was most often paired with there, which the on-the-spot form pre-selects.

Its own cases are those it handles (not those it was recused from) and those it registered (a
clue). Cheap by construction: three bounded queries, each on an index (the handler's
``officer, recused_on``, the case's ``created_by``), whatever the size of the case table."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from zhifa.cases.models import Case, CaseHandler
from zhifa.org.models import User

RECENT_CASES = 20


@dataclass(frozen=True)
class Recent:
    """Primary keys, most recent first, each once."""

    items: list[int] = field(default_factory=list)
    co_handlers: list[int] = field(default_factory=list)
    usual_partner: int | None = None


def _last_cases(user: User, officer_id: int | None, limit: int) -> list[tuple[int, int | None]]:
    """(case id, item id) of the user's last ``limit`` cases, the most recent first."""
    rows: dict[int, int | None] = dict(
        Case.objects.filter(created_by=user)
        .order_by("-id")
        .values_list("id", "violation_item_id")[:limit]
    )
    if officer_id is not None:
        handled = (
            CaseHandler.objects.filter(officer_id=officer_id, recused_on__isnull=True)
            .order_by("-case_id")
            .values_list("case_id", "case__violation_item_id")[:limit]
        )
        rows.update(handled)
    return sorted(rows.items(), reverse=True)[:limit]


def recent_for(user: User, officer_id: int | None, *, limit: int = RECENT_CASES) -> Recent:
    """What the user (officer ``officer_id``) used on its last ``limit`` cases. The usual
    partner is the co-handler of most of them; between equals, that of the most recent case."""
    cases = _last_cases(user, officer_id, limit)
    if not cases:
        return Recent()
    order = {case_id: i for i, (case_id, _) in enumerate(cases)}  # 0: the most recent
    items = list(dict.fromkeys(item for _, item in cases if item is not None))
    if officer_id is None:
        return Recent(items=items)
    partners = sorted(
        CaseHandler.objects.filter(case_id__in=order, recused_on__isnull=True)
        .exclude(officer_id=officer_id)
        .values_list("case_id", "officer_id"),
        key=lambda row: (order[row[0]], row[1]),
    )
    co_handlers = list(dict.fromkeys(officer for _, officer in partners))
    counts = Counter(officer for _, officer in partners)
    usual = max(co_handlers, key=lambda o: counts[o], default=None)  # the first of the most
    return Recent(items=items, co_handlers=co_handlers, usual_partner=usual)
