"""/api/v1/public/: the portal's search as JSON, without authentication.

The same allow-list as the pages (``public.PUBLIC_FIELDS`` / ``LIST_FIELDS``), the same rate
limit (``middleware``). The router is mounted on the main API (``zhifa/api.py``) and on
``public_api``, the only API routed on the public host (``public_urls``). Reads may come from the
read replica (``replica_reads``), as the portal's pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Router, Status
from ninja.decorators import decorate_view
from ninja.errors import ValidationError as NinjaValidationError

from zhifa.core.routers import replica_reads
from zhifa.disclosure import public, selectors

router = Router(auth=None, tags=["公示 (无需登录)"])


def _error(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "field": field}


@router.get(
    "/decisions",
    summary="检索已公示的行政处罚决定",
    response={200: dict, 422: dict},
    url_name="public_decisions",
)
@decorate_view(replica_reads)
def decisions(
    request: HttpRequest,
    number: str = "",
    q: str = "",
    category: str = "",
    street: str = "",
    date_from: str = "",
    date_to: str = "",
    page: str = "1",
) -> Status:
    """文号 (number), 当事人名称 (q), 类别 (category), 街道 id (street), 决定日期范围
    (date_from, date_to: YYYY-MM-DD); 20 per page, at most 50 pages; ``total`` is counted up
    to 200 (``total_capped``: more)."""
    params = {
        "number": number,
        "q": q,
        "category": category,
        "street": street,
        "from": date_from,
        "to": date_to,
        "page": page,
    }
    query = public.parse_query(params)
    if query.errors:
        return Status(422, _error("invalid_query", "；".join(query.errors)))
    result = public.search(query)
    return Status(
        200,
        {
            "page": result.page,
            "page_size": public.PAGE_SIZE,
            "has_next": result.has_next,
            "total": min(result.total, public.COUNT_CAP),
            "total_capped": result.capped,
            "results": result.rows,
        },
    )


@router.get(
    "/decisions/{pk}",
    summary="一件已公示的行政处罚决定",
    response={200: dict, 404: dict},
    url_name="public_decision",
)
@decorate_view(replica_reads)
def decision(request: HttpRequest, pk: int) -> Status:
    row = public.public_detail(pk)
    if row is None:
        return Status(404, _error("not_found", "该决定未公示或已停止公示"))
    return Status(200, row)


@router.get(
    "/statistics",
    summary="每月公开：行政处罚决定统计",
    response={200: dict},
    url_name="public_statistics",
)
@decorate_view(replica_reads)
def statistics(request: HttpRequest, year: int | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    year = year if year and 2000 <= year <= today.year else today.year
    stats = selectors.monthly_statistics(year)

    def row(r: selectors.MonthRow) -> dict[str, Any]:
        return {
            "decisions": r.total,
            "general_procedure": r.general,
            "simple_procedure": r.simple,
            "fines": r.fines,
            "by_category": r.by_category,
        }

    return {
        "year": year,
        "months": [{"month": m.month, **row(m)} for m in stats.months],
        "total": row(stats.totals),
        "categories": dict(stats.categories),
    }


public_api = NinjaAPI(
    title="zhifa 行政执法公示 API",
    version="1",
    description=__doc__ or "",
    auth=None,
    urls_namespace="public_api",
    docs_url="/docs",
)
public_api.add_router("", router)


@public_api.exception_handler(NinjaValidationError)
def _schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    body = _error("invalid_request", "请求参数不正确")
    return public_api.create_response(request, body, status=422)
