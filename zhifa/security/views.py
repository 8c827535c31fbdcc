"""The audit administrator's page: the security audit log filtered, paged, exported."""

from __future__ import annotations

import json
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhifa.security import exporting, selectors
from zhifa.security.access import can_read_audit
from zhifa.security.actions import Target, record
from zhifa.security.choices import OUTCOME_BADGES, EventKind
from zhifa.security.forms import AuditFilterForm, query_without_cursor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_reader(request: HttpRequest) -> None:
    """Refused: the 403 handler writes the denial to the log (core.views_errors)."""
    if not can_read_audit(request.user):
        raise PermissionDenied("只有审计管理员可以查看安全审计日志")


def _before(request: HttpRequest) -> int | None:
    value = request.GET.get("before", "")
    return int(value) if value.isdigit() else None


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    form = AuditFilterForm(request.GET or None)
    page = selectors.page(selectors.events(form.filters()), before=_before(request))
    rows = [
        {
            "e": e,
            "badge": OUTCOME_BADGES.get(e.outcome, ""),
            "detail": json.dumps(e.detail, ensure_ascii=False, indent=1, sort_keys=True),
        }
        for e in page.rows
    ]
    return render(
        request,
        "security/audit_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query_without_cursor(request.GET),
            "filtered": form.is_bound and bool(form.described()),
        },
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("无此格式")
    _require_reader(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return audit(request)
    record(
        EventKind.AUDIT_EXPORTED,
        request=request,
        target=Target("security.securityevent", "", "安全审计日志"),
        detail={"format": fmt, "filters": form.described()},
    )
    events = selectors.oldest_first(selectors.events(form.filters())).iterator(chunk_size=2000)
    name = f"安全审计日志-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "xlsx":
        return FileResponse(
            exporting.xlsx_file(events), as_attachment=True, filename=name, content_type=XLSX
        )
    response = StreamingHttpResponse(
        exporting.csv_lines(events), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
