"""Read-side queries of the catalog. Lists prefetch what the pages and the API show, so the
number of queries does not grow with the number of items."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from zhifa.core.errors import NotFound
from zhifa.law.models import ViolationItem


def catalog_items(
    *, category: str = "", q: str = "", include_inactive: bool = False
) -> QuerySet[ViolationItem]:
    """Items with their fine rules, filtered by category and by a search in the code, the name
    and both provisions."""
    items = ViolationItem.objects.prefetch_related("fine_rules")
    if not include_inactive:
        items = items.filter(active=True)
    if category:
        items = items.filter(category=category)
    if q:
        items = items.filter(
            Q(code__icontains=q)
            | Q(name__contains=q)
            | Q(violated_provision__contains=q)
            | Q(penalty_provision__contains=q)
        )
    return items


def category_counts(*, include_inactive: bool = False) -> dict[str, int]:
    items = ViolationItem.objects.all()
    if not include_inactive:
        items = items.filter(active=True)
    rows = items.values("category").annotate(n=Count("id")).order_by()
    return {row["category"]: row["n"] for row in rows}


def item_by_code(code: str) -> ViolationItem:
    """One item with its rules and bands, or NotFound."""
    item = (
        ViolationItem.objects.prefetch_related("fine_rules", "discretion_bands")
        .filter(code=code)
        .first()
    )
    if item is None:
        raise NotFound("item_not_found", f"权责清单中没有编号为「{code}」的事项", field="code")
    return item
