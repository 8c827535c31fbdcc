"""Reading cases: the list with filters, one case, its timeline, its clocks, and the deadline
list per user or unit (what is owed: ``GET /cases/{id}/balance``, ``zhifa.performance.api``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Literal

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from zhifa.cases.access import cases_visible_to, get_case_by_number
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
from zhifa.core.config import local_rules
from zhifa.core.errors import NotFound
from zhifa.org.choices import Role
from zhifa.org.models import User

router = Router(tags=["案件查询"])
CaseDetailOut = case_detail_out()  # with the fields other apps add (presenters.DETAIL_PARTS)

PAGE_SIZE = 50


class CaseFilter(Schema):
    status: str = ""
    procedure: str = ""
    category: str = ""
    street_id: int | None = None
    year: int | None = None  # 发现年度 (found_on)
    q: str = ""  # 案件编号、案由、地点；可见当事人信息者也可按当事人名称查
    page: int = 1


def _may_search_party_names(user: User) -> bool:
    """Auxiliary staff see parties masked (行政处罚法 Art 50), so they may not find a case by
    the party's name either."""
    return user.is_superuser or user.role != Role.AUXILIARY


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
        match = (
            Q(number__icontains=q)
            | Q(violation_item__name__icontains=q)
            | Q(violation_item__code__iexact=q)
            | Q(place__icontains=q)
        )
        if _may_search_party_names(user):
            match |= Q(party__name__icontains=q)
        rows = rows.filter(match)
    return rows


def _page(rows: QuerySet, page: int) -> tuple[Paginator, Any]:
    paginator = Paginator(rows, PAGE_SIZE)
    return paginator, paginator.get_page(page)


@router.get("/", response={200: CasePageOut, **ERRORS}, summary="案件列表 (可筛选、分页)")
def list_cases(request: HttpRequest, filters: Query[CaseFilter]) -> dict:
    """The cases the caller may see, newest first, 50 a page. The number of queries does not
    grow with the page size."""
    user = caller(request)
    rows = _filtered(user, filters).select_related(*present.SUMMARY_RELATED).order_by("-id")
    paginator, current = _page(rows, filters.page)
    return {
        "count": paginator.count,
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
    rows = CaseDeadline.objects.filter(
        case__in=_scoped(user, scope), met_on__isnull=True, cancelled=False
    )
    if status == "due_soon":
        soon = today + timedelta(days=local_rules().deadline_warning_days)
        rows = rows.filter(due_on__gte=today, due_on__lte=soon)
    elif status == "overdue":
        rows = rows.filter(due_on__lt=today)
    rows = rows.select_related("case", "case__violation_item").order_by("due_on", "id")
    paginator, current = _page(rows, page)
    return {
        "count": paginator.count,
        "page": current.number,
        "pages": paginator.num_pages,
        "page_size": PAGE_SIZE,
        "items": [present.deadline_row(d, today) for d in current.object_list],
    }


def _scoped(user: User, scope: str) -> QuerySet[Case]:
    visible = cases_visible_to(user)
    if scope == "mine":
        return visible.filter(handlers__officer__user=user, handlers__recused_on__isnull=True)
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
    return present.detail(case_for(request, case_id), user, timezone.localdate())


@router.get(
    "/{int:case_id}/events",
    response={200: list[EventOut], **ERRORS},
    summary="执法全过程记录 (时间线，含证据文件及摘要)",
)
def events(request: HttpRequest, case_id: int) -> list[dict]:
    return present.events(case_for(request, case_id))


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
    return FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=row.name,
        content_type=row.content_type or "application/octet-stream",
    )
