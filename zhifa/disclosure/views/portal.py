"""The public portal (no login): 事前公开, 事后公开 and 每月公开.

Every view reads through ``public`` (decisions, allow-list) or ``selectors`` (named columns);
the templates extend ``disclosure/portal/base.html`` (no staff navigation) and link within the
portal with ``{% url 'gongshi:…' %}``, which resolves under /gongshi/ on the main host and at the
root of the public host. Their reads may come from the read replica (``replica_reads``: what
they show is already public, a second's lag is harmless)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from zhifa.core.routers import replica_reads
from zhifa.disclosure import public, selectors
from zhifa.disclosure.config import disclosure_rules
from zhifa.law import selectors as law_selectors
from zhifa.law import statute
from zhifa.law.choices import Category

CACHE_SECONDS = 120


def _site() -> dict[str, str]:
    return {
        "bureau": settings.ZHIFA_BUREAU_NAME,
        "uscc": settings.ZHIFA_BUREAU_USCC,
        "review_body": settings.ZHIFA_REVIEW_BODY,
        "court": settings.ZHIFA_COURT,
    }


def _render(
    request: HttpRequest, template: str, context: dict[str, object], status: int = 200
) -> HttpResponse:
    return render(request, template, {"portal": _site(), **context}, status=status)


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
@replica_reads
def index(request: HttpRequest) -> HttpResponse:
    latest = public.search(public.SearchQuery(), count=False)
    return _render(
        request,
        "disclosure/portal/index.html",
        {"latest": latest.rows[:8], "categories": Category.choices},
    )


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
@replica_reads
def before(request: HttpRequest) -> HttpResponse:
    """事前公开 (行政处罚法 Art 39; 政府信息公开条例 Art 20(6)): the body, its officers, the
    catalog of powers and benchmarks (Art 34), the procedure and remedies, the random checks."""
    today = timezone.localdate()
    items = law_selectors.catalog_items()
    groups: dict[str, list[object]] = {}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    catalog = [(label, groups[value]) for value, label in Category.choices if value in groups]
    rules = disclosure_rules()
    return _render(
        request,
        "disclosure/portal/before.html",
        {
            "officers": selectors.officers_on_duty(today),
            "catalog": catalog,
            "catalog_total": sum(len(v) for v in groups.values()),
            "checks": selectors.random_check_items(),
            "today": today,
            "law": statute,
            "publish_wd": rules.publish_working_days,
            "display_months": rules.display_months,
        },
    )


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
@replica_reads
def decision_search(request: HttpRequest) -> HttpResponse:
    query = public.parse_query(request.GET)
    result = public.search(query)
    params = query.params()
    return _render(
        request,
        "disclosure/portal/search.html",
        {
            "query": query,
            "result": result,
            "params": params,
            "streets": selectors.streets(),
            "categories": Category.choices,
            "category_labels": dict(Category.choices),
            "withdrawals": public.recent_withdrawals() if query.empty and query.page == 1 else [],
            "cap": public.COUNT_CAP,
        },
    )


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
@replica_reads
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = public.public_detail(pk)
    if row is None:  # never shown, expired or repaired: gone for the public
        return not_found(request)
    return _render(
        request,
        "disclosure/portal/detail.html",
        {"d": row, "category_label": dict(Category.choices).get(row["category"], "")},
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The portal's 404 (also ``handler404`` of the public host)."""
    return _render(request, "disclosure/portal/404.html", {}, status=404)


def _year(value: str, today: date) -> int:
    if value.isdigit() and 2000 <= int(value) <= today.year:
        return int(value)
    return today.year


@require_safe
@cache_control(public=True, max_age=CACHE_SECONDS)
@replica_reads
def statistics(request: HttpRequest) -> HttpResponse:
    """每月公开本机关行政处罚决定数据 (the bureau report): aggregates only."""
    today = timezone.localdate()
    year = _year(request.GET.get("year", ""), today)
    stats = selectors.monthly_statistics(year)
    months = [m for m in stats.months if year < today.year or m.month <= today.month]
    return _render(
        request,
        "disclosure/portal/statistics.html",
        {
            "stats": stats,
            "months": months,
            "years": selectors.years_with_decisions(today),
            "today": today,
        },
    )
