"""The catalog pages. Public, like the catalog itself: the powers, their basis and the
discretion benchmarks must be published (行政处罚法 Arts 34, 39; 政府信息公开条例 Art 20(6)),
and they hold no personal data."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from zhifa.core.errors import NotFound
from zhifa.law import selectors, summaries
from zhifa.law.choices import Category
from zhifa.law.models import ViolationItem


@dataclass(frozen=True)
class ListRow:
    item: ViolationItem
    simple: bool  # the simple procedure is possible for some party kind
    hearing: bool


def _row(item: ViolationItem) -> ListRow:
    summary = summaries.procedure_summary(item)
    return ListRow(
        item=item,
        simple=any(p.simple.ok for p in summary),
        hearing=any(p.hearing for p in summary),
    )


def item_list(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    if category not in Category.values:
        category = ""
    q = request.GET.get("q", "").strip()[:100]
    include_inactive = request.GET.get("inactive") == "1"
    items = selectors.catalog_items(category=category, q=q, include_inactive=include_inactive)
    counts = selectors.category_counts(include_inactive=include_inactive)
    return render(
        request,
        "law/item_list.html",
        {
            "rows": [_row(item) for item in items],
            "categories": [
                (value, label, counts.get(value, 0)) for value, label in Category.choices
            ],
            "category": category,
            "total": sum(counts.values()),
            "q": q,
            "include_inactive": include_inactive,
        },
    )


def item_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = selectors.item_by_code(code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(
        request,
        "law/item_detail.html",
        {
            "item": item,
            "rules": item.sorted_fine_rules(),
            "bands": summaries.bands_described(item),
            "procedures": summaries.procedure_summary(item),
        },
    )
