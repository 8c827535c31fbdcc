"""Reading cases: the list with filters, one case, its timeline, its clocks, and the deadline
list per user or unit (what is owed: ``GET /cases/{id}/balance``, ``zhifa.performance.api``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field

from zhifa.cases.access import cases_visible_to, get_case_by_number, note_evidence_opened
from zhifa.cases.api import present
from zhifa.cases.api.common import ERRORS, caller, case_for
from zhifa.cases.api.schemas import (
    CasePageOut,
    DeadlineOut,
    DeadlinePageOut,
    EventOut,
    case_detail_out,
)
from zhifa.cases.models import Case, CaseDeadline, EvidenceFile
from zhifa.cases.selectors import of_my_cases, of_visible, text_match
from zhifa.core.config import local_rules
from zhifa.core.counting import CappedPaginator
from zhifa.core.errors import NotFound
from zhifa.org.access import street_scope
from zhifa.org.models import User
from zhifa.parties.access import note_personal_data_view

router = Router(tags=["案件查询"])
CaseDetailOut = case_detail_out()  # with the fields other apps add (presenters.DETAIL_PARTS)

PAGE_SIZE = 50


class CaseFilter(Schema):
    status: str = ""
    procedure: str = ""
    category: str = ""
    street_id: int | None = Field(None, ge=1, le=2**63 - 1)
    year: int | None = Field(None, ge=1, le=9999)  # 发现年度 (found_on)
    q: str = ""  # 案件编号、案由、地点；可见当事人信息者也可按当事人名称查
    page: int = Field(1, ge=1)


def _filtered(user: User, f: CaseFilter) -> QuerySet[Case]:
    rows = cases_visible_to(user)
    if f.status:
        rows = rows.filter(status=f.status)
    if f.procedure:
        rows = rows.filter(procedure=f.procedure)
    if f.category:
        rows = rows.filter(category=f.category)
    if f.street_id is not None:
        rows = rows.filter(street_id=f.street_id)
    if f.year is not None:
        rows = rows.filter(found_on__year=f.year)
    q = f.q.strip()
    if q:
        rows = rows.filter(text_match(user, q))
    return rows


def _page(rows: QuerySet, page: int) -> tuple[Paginator, Any]:
    """50 a page over a count that stops at ``ZHIFA_COUNT_CAP`` (``count_capped``)."""
    paginator = CappedPaginator(rows, PAGE_SIZE)
    return paginator, paginator.get_page(page)


@router.get("/", response={200: CasePageOut, **ERRORS}, summary="案件列表 (可筛选、分页)")
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> dict:
    """The cases the caller may see, newest first, 50 a page. The number of queries does not
    grow with the page size."""
    user = caller(request)
    rows = (
        _filtered(user, filters)
        .select_related(*present.SUMMARY_RELATED)
        .defer(*present.SUMMARY_DEFERRED)
        .order_by("-id")
    )
    paginator, current = _page(rows, filters.page)
    return {
        "count": paginator.count,
        "count_capped": getattr(paginator.count, "capped", False),
        "page": current.number,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "items": [present.summary(c, user) for c in current.object_list],
    }


@router.get(
    "/deadlines",
    response={200: DeadlinePageOut, **ERRORS},
    summary="法定期限清单 (本人/本单位；即将到期/已逾期)",
)
def deadlines(
    request: HttpRequest,
    scope: Literal["mine", "unit"] = "mine",
    status: Literal["open", "due_soon", "overdue"] = "open",
    page: int = 1,
) -> dict:
    """Open deadlines, earliest first. ``mine``: cases where the caller is an active handler;
    ``unit``: the cases of the caller's street (a unit at or below a street) or, above street
    level, every case the caller may see. ``due_soon``: due within the configured warning days
    (default 3) and not yet overdue."""
    user = caller(request)
    today = timezone.localdate()
    open_rows = CaseDeadline.objects.filter(met_on__isnull=True, cancelled=False)
    if (street := street_scope(user)) is not None:  # one street: its clocks' own index
        open_rows = open_rows.filter(street_id=street)
    rows = of_visible(open_rows, _scoped(user, scope))
    if scope == "mine":
        rows = rows.filter(of_my_cases(user))
    if status == "due_soon":
        soon = today + timedelta(days=local_rules().deadline_warning_days)
        rows = rows.filter(due_on__gte=today, due_on__lte=soon)
    elif status == "overdue":
        rows = rows.filter(due_on__lt=today)
    rows = rows.select_related("case", "case__violation_item").order_by("due_on", "id")
    paginator, current = _page(rows, page)
    return {
        "count": paginator.count,
        "count_capped": getattr(paginator.count, "capped", False),
        "page": current.number,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "items": [present.deadline_row(d, today) for d in current.object_list],
    }


def _scoped(user: User, scope: str) -> QuerySet[Case]:
    """The cases whose deadlines are listed (``mine``: further, those the user handles)."""
    visible = cases_visible_to(user)
    if scope == "mine":
        return visible
    unit = user.org_unit
    if unit is None:
        return visible.none()
    if unit.street_id is not None:
        return visible.filter(handling_unit__street_id=unit.street_id)
    return visible


@router.get(
    "/by-number/{number}", response={200: CaseDetailOut, **ERRORS}, summary="按案件编号查询"
)
def by_number(request: HttpRequest, number: str) -> dict:
    user = caller(request)
    try:
        case = get_case_by_number(user, number)
    except Http404:
        raise NotFound("not_found", f"案件 {number} 不存在或不在您的数据范围内") from None
    return present.detail(case, user, timezone.localdate())


@router.get("/{int:case_id}", response={200: CaseDetailOut, **ERRORS}, summary="案件详情")
def get_case(request: HttpRequest, case_id: int) -> dict:
    """The facts, handlers, the current report, notice, hearing, review, discussion and
    decision, payments and plans, and what is owed today with the surcharge day by day."""
    user = caller(request)
    case = case_for(request, case_id)
    if case.party is not None:
        note_personal_data_view(request, case.party, where="API 案件详情")
    return present.detail(case, user, timezone.localdate())


@router.get(
    "/{int:case_id}/events",
    response={200: list[EventOut], **ERRORS},
    summary="执法全过程记录 (时间线，含证据文件及摘要)",
)
def events(request: HttpRequest, case_id: int) -> list[dict]:
    return present.events(case_for(request, case_id), caller(request))


@router.get(
    "/{int:case_id}/deadlines", response={200: list[DeadlineOut], **ERRORS}, summary="本案法定期限"
)
def case_deadlines(request: HttpRequest, case_id: int) -> list[dict]:
    case = case_for(request, case_id)
    today = timezone.localdate()
    return [present.deadline(d, today) for d in case.deadlines.order_by("due_on", "id")]


@router.get(
    "/{int:case_id}/evidence/{int:file_id}",
    url_name="case_evidence_file",
    summary="下载证据文件",
    openapi_extra={
        "responses": {
            "200": {
                "description": "证据文件原件",
                "content": {
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def evidence_file(request: HttpRequest, case_id: int, file_id: int) -> FileResponse:
    case = case_for(request, case_id)
    row = EvidenceFile.objects.filter(case=case, pk=file_id).first()
    if row is None:
        raise NotFound("not_found", f"本案没有编号为 {file_id} 的证据文件")
    note_evidence_opened(request, case, row)
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=row.name,
        content_type=row.content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
