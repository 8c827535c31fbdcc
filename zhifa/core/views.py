from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from zhifa.core import notifications as inbox
from zhifa.core.panels import panels_for

ROLE_TITLES = {
    "case_handler": "今天的工作",
    "auxiliary": "今天的工作",
    "street_officer": "本街道今天的工作",
    "legal_reviewer": "法制审核",
    "leader": "全区概览",
    "admin": "系统管理",
    "security_admin": "安全管理",
    "audit_admin": "安全审计",
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


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """通知: newest first, unread marked; each opens its case step."""
    unread_only = request.GET.get("unread") == "1"
    page = inbox.inbox(request.user, request.GET.get("page"), unread_only=unread_only)  # type: ignore[arg-type]
    rows = [{"row": n, "label": inbox.label(n.kind)} for n in page.object_list]
    return render(
        request,
        "core/notifications.html",
        {"page": page, "rows": rows, "unread_only": unread_only, "me": request.user},
    )


@login_required
@require_POST
def notification_channels(request: HttpRequest) -> HttpResponse:
    """提醒方式: besides the inbox, by SMS and/or e-mail (the user's own choice)."""
    from zhifa.core.actions import set_notification_channels
    from zhifa.core.errors import InvalidInput

    try:
        set_notification_channels(
            request.user,  # type: ignore[arg-type]
            sms=request.POST.get("sms") == "on",
            email=request.POST.get("email") == "on",
        )
    except InvalidInput as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "提醒方式已保存")
    return redirect("notifications")


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a notification: marked read, then where it points (a path of this site)."""
    row = inbox.mark_read(request.user, pk)  # type: ignore[arg-type]
    if row is None:
        raise Http404("没有这条通知")
    return redirect(inbox.safe_target(row.url))


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    done = inbox.mark_all_read(request.user)  # type: ignore[arg-type]
    messages.success(request, f"已将 {done} 条通知标为已读")
    return redirect("notifications")
