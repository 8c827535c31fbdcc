"""The REST API under /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json).

Authentication: ``Authorization: Bearer <token>`` (tokens from ``zhifa token create USERNAME
--name NAME``; they expire, by default after 90 days), or the browser session (once its second
factor, where required, is done). Every error is JSON ``{"code", "message", "field"}`` with a
Chinese message.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, django_auth

from zhifa.core.errors import DomainError, from_validation_error
from zhifa.core.models import ApiToken, hash_token
from zhifa.security.access import may_sign_in
from zhifa.security.actions import Target, record
from zhifa.security.choices import EventKind, Outcome


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = ApiToken.objects.select_related("user").filter(key_hash=hash_token(token)).first()
        refused = _refused(row)
        if refused:  # each refused token is a row of the security audit log
            request.zhifa_auth_refusal = refused  # type: ignore[attr-defined]
            record(
                EventKind.TOKEN_USED,
                actor=row.user if row is not None else None,
                request=request,
                target=row,
                outcome=Outcome.FAILURE,
                detail={"reason": refused},
            )
            return None
        assert row is not None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
            # the token's use is recorded once a minute, with its first request's address
            record(EventKind.TOKEN_USED, actor=row.user, request=request, target=row)
        request.user = row.user
        return row.user


def _refused(row: ApiToken | None) -> str:
    if row is None:
        return "令牌不存在"
    if row.revoked_at is not None:
        return "令牌已吊销"
    if row.expires_at <= timezone.now():
        return "令牌已过期"
    if not row.user.is_active:
        return "账号已停用"
    if not may_sign_in(row.user):  # a superuser (三员分立, ADR 0013): not through a token either
        return "超级用户账号不能使用 API 令牌"
    return ""


api = NinjaAPI(
    title="zhifa 城市管理综合行政执法平台 API",
    version="1",
    description=__doc__ or "",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    docs_url="/docs",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if exc.status == 403:  # a permission denial: a row of the security audit log
        record(
            EventKind.PERMISSION_DENIED,
            request=request,
            target=Target("api", "", request.path),
            outcome=Outcome.DENIED,
            detail={"method": request.method, "code": exc.code, "message": exc.message},
        )
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    err = from_validation_error(exc)
    return api.create_response(request, err.as_dict(), status=err.status)


# pydantic's error types in Chinese (the English text stays in "errors" for developers).
SCHEMA_ERRORS = {
    "missing": "缺少必填字段",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "应为日期 (YYYY-MM-DD)",
    "datetime_parsing": "时间格式应为 ISO 8601，例如 2026-03-02T09:30:00+08:00",
    "datetime_type": "应为时间",
    "decimal_parsing": '应为数字 (金额请用字符串，例如 "200.00")',
    "decimal_type": "应为数字",
    "decimal_max_places": "小数位数过多",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "float_parsing": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文本",
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
    "json_invalid": "请求体不是有效的 JSON",
}


@api.exception_handler(NinjaValidationError)
def _schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [_plain(e) for e in exc.errors]
    first = errors[0] if errors else {}
    loc = [
        str(p)
        for p in first.get("loc", [])
        if p not in ("body", "query", "path", "payload", "form", "file")
    ]
    field = ".".join(loc) or None
    if first.get("type") == "value_error":  # our own validators: their message is Chinese
        reason = str(first.get("ctx", {}).get("error", "格式不正确"))
    else:
        reason = SCHEMA_ERRORS.get(str(first.get("type", "")), "格式不正确")
    body = {
        "code": "invalid_request",
        "message": f"请求参数不正确：{field or '请求体'}{reason}"
        if not field
        else f"请求参数不正确：字段 {field} {reason}",
        "field": field,
        "errors": errors,
    }
    return api.create_response(request, body, status=422)


def _plain(error: Any) -> Any:
    """A pydantic error made JSON-safe (its ``ctx`` may hold the exception object)."""
    if not isinstance(error, dict):
        return error
    ctx = error.get("ctx")
    if isinstance(ctx, dict):
        error = {**error, "ctx": {k: str(v) for k, v in ctx.items()}}
    return error


@api.exception_handler(OverflowError)
def _overflow(request: HttpRequest, exc: OverflowError) -> HttpResponse:
    """A number too large for the database or for a date (an identifier past 2^63): the
    request is wrong, not the server."""
    body = {"code": "invalid_request", "message": "请求参数不正确：数值过大", "field": None}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # why, when it is known: an expired or revoked token, a session short of its second factor
    refusal = getattr(request, "zhifa_auth_refusal", "")
    message = f"未登录或令牌无效：{refusal}" if refusal else "未登录或令牌无效"
    body = {"code": "unauthenticated", "message": message, "field": None}
    return api.create_response(request, body, status=401)


def _register_routers() -> None:
    from zhifa.calendar.api import router as calendar_router
    from zhifa.cases.api import router as cases_router
    from zhifa.cases.api.common import check_versions
    from zhifa.core.api import router as notifications_router
    from zhifa.delivery.api import router as delivery_router
    from zhifa.disclosure.api import router as public_router
    from zhifa.law.api import router as law_router
    from zhifa.org.api import router as org_router
    from zhifa.parties.api import router as parties_router
    from zhifa.performance.api import router as performance_router

    api.add_router("/org/", org_router)
    api.add_router("/parties/", parties_router)
    api.add_router("/catalog/", law_router)
    api.add_router("/calendar/", calendar_router)
    api.add_router("/cases/", cases_router)
    api.add_router("/cases/", performance_router)  # /cases/{id}/payments, …/balance, …
    api.add_router("/delivery/", delivery_router)
    api.add_router("/notifications/", notifications_router)
    api.add_router("/public/", public_router, auth=None)
    for _prefix, router in api._routers:
        check_versions(router)  # every step endpoint checks the client's case version


_register_routers()
