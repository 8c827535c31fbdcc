"""Rate limits per client address (GB/T 22239-2019 §8.1.4.1 b: 限制非法登录次数; and a bound on
what one client may take of the servers), one fixed one-minute window per bucket and address in
the cache — with ``REDIS_URL`` set, Redis, so every app server counts the same requests
(``cache.add`` then ``incr`` is atomic there); without it, the in-process cache (per process:
development and a single server).

Buckets (settings, 0 switches one off):

- ``portal``: every request of the public portal and the public API (``ZHIFA_PUBLIC_RATE_LIMIT``,
  default 120 a minute), counted by ``disclosure.middleware``;
- ``verify``: the document verification page ``/v/<code>`` (``ZHIFA_VERIFY_RATE_LIMIT``, default
  30): a verification code is short enough to be worth guessing;
- ``login``: sign-in attempts (POSTs of the login and second-factor forms,
  ``ZHIFA_LOGIN_RATE_LIMIT``, default 30). On top of the lockout (``security.lockout``: failures
  per username and per address), it caps how fast one address may try at all.

The address is ``security.network.client_address``: X-Forwarded-For only from
``ZHIFA_TRUSTED_PROXIES``, so a forged header is neither a new client nor another's. Each
address that passes a limit leaves one row ``rate_limited`` in the security audit log per
window (not one per refused request, which would let a flood fill the log).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse

from zhifa.security.network import client_address

MESSAGE = "访问过于频繁，请稍后再试。"
WINDOW = 60  # seconds


@dataclass(frozen=True)
class Bucket:
    name: str
    setting: str  # the per-minute limit's setting
    label: str  # what is limited, for the audit row and the message

    @property
    def limit(self) -> int:
        return int(getattr(settings, self.setting))


PORTAL = Bucket("portal", "ZHIFA_PUBLIC_RATE_LIMIT", "公开门户")
VERIFY = Bucket("verify", "ZHIFA_VERIFY_RATE_LIMIT", "文书核验")
LOGIN = Bucket("login", "ZHIFA_LOGIN_RATE_LIMIT", "登录")


def hit(bucket: Bucket, address: str) -> int:
    """Count one request of ``address`` in ``bucket``'s current window; the count so far."""
    window = int(time.time() // WINDOW)
    key = f"zhifa:rate:{bucket.name}:{address}:{window}"
    cache.add(key, 0, WINDOW + 30)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW + 30)
        return 1


def over_limit(bucket: Bucket, request: HttpRequest) -> bool:
    """Whether this request passes ``bucket``'s limit (and so is refused). The first refused
    request of a window is a row of the security audit log."""
    limit = bucket.limit
    if limit <= 0:
        return False
    address = client_address(request)
    count = hit(bucket, address)
    if count == limit + 1:
        from zhifa.security.actions import Target, record
        from zhifa.security.choices import EventKind, Outcome

        record(
            EventKind.RATE_LIMITED,
            request=request,
            target=Target("rate_limit", bucket.name, bucket.label),
            outcome=Outcome.DENIED,
            detail={"limit_per_minute": limit, "path": request.path[:200]},
        )
    return count > limit


def too_many(request: HttpRequest) -> HttpResponse:
    """429 with a Chinese message: JSON on the API, a small page elsewhere."""
    if request.path.startswith("/api/"):
        body = {"code": "rate_limited", "message": MESSAGE, "field": None}
        response: HttpResponse = JsonResponse(body, status=429)
    else:
        html = (
            '<!doctype html><html lang="zh-Hans"><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>请求过多</title><p>{MESSAGE}</p></html>"
        )
        response = HttpResponse(html, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(WINDOW)
    return response


LOGIN_PATHS = ("/accounts/login/", "/accounts/two-factor/", "/admin/login/")


def bucket_of(request: HttpRequest) -> Bucket | None:
    """The bucket this request counts in, besides the portal's (counted by its middleware)."""
    if request.path.startswith("/v/"):
        return VERIFY
    if request.method == "POST" and request.path in LOGIN_PATHS:
        return LOGIN
    return None


class RateLimitMiddleware:
    """Verification and sign-in, limited per client address before any view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bucket = bucket_of(request)
        if bucket is not None and over_limit(bucket, request):
            return too_many(request)
        return self.get_response(request)
