"""Every signed-in request passes three gates, in order (docs/security.md, "身份鉴别"):

1. the session may go on (idle timeout, absolute lifetime, not ended elsewhere) — else it is
   ended and the request goes on as anonymous (a page then asks to log in);
2. the second factor, where it is required (``two_factor``), has verified this session — else
   only the second-factor pages open; every other page redirects there;
3. a password set by an administrator has been changed (``must_change_password``) — else only
   the password page opens.

On the API (``/api/``) a session that fails a gate simply does not count: the request is
anonymous and the API answers 401 unless it carries a valid bearer token (tokens are issued
to verified users and expire; they are not asked for the second factor).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from zhifa.security import sessions, two_factor
from zhifa.security.identity_models import SessionEnd

ENDED_MESSAGES: dict[str, str] = {
    SessionEnd.IDLE: "长时间未操作，已自动退出，请重新登录。",
    SessionEnd.EXPIRED: "登录时间已超过上限，已自动退出，请重新登录。",
    SessionEnd.ENDED: "此登录会话已结束，请重新登录。",
}


@functools.cache
def _paths() -> dict[str, frozenset[str]]:
    """The pages each gate leaves open (exact paths)."""
    always = {reverse("logout"), reverse("healthz")}
    second_factor = always | {
        reverse("login"),
        reverse("two_factor_verify"),
        reverse("two_factor_setup"),
    }
    password = second_factor | {reverse("recovery_codes"), reverse("password_change")}
    return {
        "always": frozenset(always),
        "second_factor": frozenset(second_factor),
        "password": frozenset(password),
    }


def _open(path: str, group: str) -> bool:
    if group == "admin":
        return path.startswith(reverse("admin:index"))
    return path in _paths()[group] or path.startswith(settings.STATIC_URL)


def _away(request: HttpRequest, url_name: str) -> HttpResponse:
    url = reverse(url_name)
    if request.method == "GET":
        url += "?" + urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(url)


class IdentityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not _open(request.path, "always"):
            refused = self._gates(request)
            if refused is not None:
                return refused
        response = self.get_response(request)
        if request.user.is_authenticated and "Cache-Control" not in response:
            # a signed-in page may show a party's data whole: never kept by a shared office
            # browser or a proxy (GB/T 22239-2019 §8.1.4.10, 剩余信息保护)
            response["Cache-Control"] = "private, no-store"
        return response

    def _gates(self, request: HttpRequest) -> HttpResponse | None:
        ended = sessions.why_it_ends(request)
        if ended:
            sessions.close(request, ended)
            if not request.path.startswith("/api/"):
                messages.warning(
                    request, ENDED_MESSAGES.get(ended, ENDED_MESSAGES[SessionEnd.ENDED])
                )
            return None
        if self._needs_second_factor(request) and not _open(request.path, "second_factor"):
            return self._refuse(request, "需要先完成双因素认证", self._second_factor_page(request))
        must_change = getattr(request.user, "must_change_password", False)
        if must_change and not _open(request.path, "password"):
            return self._refuse(request, "首次登录须先修改密码", "password_change")
        return None

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        if two_factor.is_verified(request):
            return False
        if two_factor.required_for(request.user):
            return True
        if request.session.get(two_factor.ENROLLED):
            return True
        return _open(request.path, "admin")  # /admin/: everyone

    @staticmethod
    def _second_factor_page(request: HttpRequest) -> str:
        enrolled = request.session.get(two_factor.ENROLLED)
        return "two_factor_verify" if enrolled else "two_factor_setup"

    @staticmethod
    def _refuse(request: HttpRequest, why: str, url_name: str) -> HttpResponse | None:
        if request.path.startswith("/api/"):
            request.user = AnonymousUser()  # a bearer token may still authenticate
            request.zhifa_auth_refusal = f"{why}：请在浏览器中完成后再试，或使用 API 令牌"  # type: ignore[attr-defined]
            return None
        return _away(request, url_name)
