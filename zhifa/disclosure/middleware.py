"""The public portal's front door: host routing and a rate limit.

- On ``ZHIFA_PUBLIC_HOST`` only the public URLconf (``zhifa.disclosure.public_urls``) is routed:
  the portal, the public catalog, document verification and the public API. Every internal
  page, the admin and the internal API are 404 there, and the request is anonymous whatever
  cookie it carries (no session is read).
- Every portal request (that host; ``/gongshi/`` and ``/api/v1/public/`` on the main host) is
  counted per client IP (``security.ratelimit``, bucket ``portal``); past
  ``ZHIFA_PUBLIC_RATE_LIMIT`` a minute it gets 429 with a Chinese message. With Redis the count
  is shared by every app server. X-Forwarded-For counts only from ``ZHIFA_TRUSTED_PROXIES``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port

from zhifa.disclosure.config import portal_settings
from zhifa.security import ratelimit

PUBLIC_URLCONF = "zhifa.disclosure.public_urls"
PUBLIC_PREFIXES = ("/gongshi/", "/api/v1/public/")


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
        if is_portal and ratelimit.over_limit(ratelimit.PORTAL, request):
            return ratelimit.too_many(request)
        return self.get_response(request)
