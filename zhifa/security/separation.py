"""Where an account may not go because of its role (三员分立, ADR 0013): Django admin is only for
the system and the security administrators; no administrator, nor an account still awaiting
its role, opens case data; the audit administrator opens the audit log and nothing else.

The getters of each app answer the same (their querysets are empty for these roles); this
guard makes the refusal a 403 and a row of the audit log instead of an empty page, and hides
the navigation entries that would lead there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse

from zhifa.security.access import ADMIN_SITE_ROLES, ADMINISTRATORS, AUDIT_ADMIN, UNASSIGNED
from zhifa.security.actions import Target, record
from zhifa.security.choices import EventKind, Outcome

ADMIN_SITE = "/admin/"
# Cases and their steps, documents, services, publications, parties (a new app holding case
# data adds its prefixes here).
CASE_DATA = (
    "/cases/",
    "/documents/",
    "/delivery/",
    "/disclosure/",
    "/parties/",
    "/api/v1/cases/",
    "/api/v1/delivery/",
    "/api/v1/parties/",
)
NO_CASE_DATA = ADMINISTRATORS | {UNASSIGNED}
# The audit administrator's whole world: the audit log, his own sign-in, password, second factor
# and inbox, the home page, and what the public sees anyway.
AUDIT_ADMIN_PATHS = (
    "/security/audit/",
    "/accounts/",
    "/notifications/",
    "/api/v1/notifications/",
    "/gongshi/",
    "/v/",
    "/healthz",
)
ONLY_THE_AUDIT_LOG = "审计管理员只能查看安全审计日志 (三员分立)"
NOT_ADMIN_STAFF = "管理后台只供系统管理员和安全管理员使用"
NO_CASES_FOR_ADMINISTRATORS = "三员分立：管理员账号和未分配角色的账号不能查看案件数据"


def refusal(user: Any, path: str) -> str:
    """Why ``user`` may not open ``path``; "" when it may (then each page checks the rest)."""
    if not user.is_authenticated:
        return ""  # the page sends the anonymous to sign in
    if user.is_superuser:
        return ""
    role = getattr(user, "role", "")
    if path.startswith(ADMIN_SITE) and role not in ADMIN_SITE_ROLES:
        return NOT_ADMIN_STAFF
    if path.startswith(CASE_DATA) and role in NO_CASE_DATA:
        return NO_CASES_FOR_ADMINISTRATORS
    if role == AUDIT_ADMIN and path != "/" and not path.startswith(AUDIT_ADMIN_PATHS):
        return ONLY_THE_AUDIT_LOG
    return ""


class SeparationMiddleware:
    """After authentication and ``AuditContextMiddleware`` (the 403 handler records the page's
    refusal with the request); the API's refusal is its JSON error, recorded here."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        why = refusal(request.user, request.path_info)
        if not why:
            return self.get_response(request)
        if not request.path_info.startswith("/api/"):
            raise PermissionDenied(why)
        record(
            EventKind.PERMISSION_DENIED,
            request=request,
            target=Target("api", "", request.path),
            outcome=Outcome.DENIED,
            detail={"method": request.method, "code": "separation", "message": why},
        )
        return JsonResponse({"code": "separation", "message": why, "field": None}, status=403)
