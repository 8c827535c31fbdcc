"""The public portal's front door: host routing and a rate limit.

- On ``ZHIFA_PUBLIC_HOST`` only the public URLconf (``zhifa.disclosure.public_urls``) is routed:
  the portal, the public catalog, document verification and the public API. Every internal
  page, the admin and the internal API are 404 there, and the request is anonymous whatever
  cookie it carries (no session is read).
- Every portal request (that host; ``/gongshi/`` and ``/api/v1/public/`` on the main host) is
  counted per client IP in the cache; past ``ZHIFA_PUBLIC_RATE_LIMIT`` a minute it gets 429 with
  a Chinese message. With Redis the count is shared by every app server; with the default
  in-process cache it is per process.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import split_domain_port

from zhifa.disclosure.config import PortalSettings, portal_settings

PUBLIC_URLCONF = "zhifa.disclosure.public_urls"
PUBLIC_PREFIXES = ("/gongshi/", "/api/v1/public/")
MESSAGE = "访问过于频繁，请稍后再试。"


def client_ip(request: HttpRequest, portal: PortalSettings) -> str:
    if portal.trust_forwarded_for:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def over_limit(ip: str, limit: int) -> bool:
    """A fixed one-minute window per IP (``cache.add`` then ``incr``: atomic on Redis)."""
    window = int(time.time() // 60)
    key = f"zhifa:portal:rate:{ip}:{window}"
    cache.add(key, 0, 90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 90)
        count = 1
    return count > limit


def too_many(request: HttpRequest) -> HttpResponse:
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
    response["Retry-After"] = "60"
    return response


class PublicPortalMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        portal = portal_settings()
        host = split_domain_port(request.get_host())[0]
        on_public_host = bool(portal.host) and host == split_domain_port(portal.host)[0]
        if on_public_host:
            request.urlconf = PUBLIC_URLCONF
            request.user = AnonymousUser()
        is_portal = on_public_host or request.path.startswith(PUBLIC_PREFIXES)
        limit = portal.rate_limit_per_minute
        if is_portal and limit > 0 and over_limit(client_ip(request, portal), limit):
            return too_many(request)
        return self.get_response(request)
