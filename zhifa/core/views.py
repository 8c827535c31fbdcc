from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from zhifa.core.panels import panels_for

ROLE_TITLES = {
    "case_handler": "今天的工作",
    "auxiliary": "今天的工作",
    "street_officer": "本街道今天的工作",
    "legal_reviewer": "法制审核",
    "leader": "全区概览",
    "admin": "系统管理",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    role = getattr(request.user, "role", "")
    return render(
        request,
        "core/home.html",
        {"panels": panels_for(request), "title": ROLE_TITLES.get(role, "首页"), "role": role},
    )


def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
