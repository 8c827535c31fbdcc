"""The pages of signing in (GB/T 22239-2019 8.1.4.1): login, the second factor (enrolment with
a QR code, the code, recovery codes), the forced password change, the user's own sessions
("账号安全"), and the security administrator's reset of someone's second factor."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from zhifa.security import lockout, passwords, sessions, two_factor
from zhifa.security.access import is_security_admin
from zhifa.security.identity_models import UserSession


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=24,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "autocapitalize": "off"}
        ),
    )


def _next(request: HttpRequest) -> str:
    """Where to go after this step: a path of this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(url_name: str, target: str) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse(url_name)}?{urlencode({'next': target})}")


# --- Login ---------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Django's login, then the second factor where it is needed; a browser that completes the
    whole sign-in becomes a trusted browser of its user (``lockout``)."""

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        response = super().form_valid(form)
        session = self.request.session
        if two_factor.required_for(user) or session.get(two_factor.ENROLLED):
            enrolled = session.get(two_factor.ENROLLED)
            page = "two_factor_verify" if enrolled else "two_factor_setup"
            return _with_next(page, self.get_success_url())
        lockout.trust_this_browser(self.request, response, user)
        return response


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the login page again, saying why, with 429."""
    return render(
        request,
        "registration/login.html",
        {
            "form": AuthenticationForm(request),
            "next": request.POST.get("next", ""),
            "locked": lockout.lockout_message(request),
        },
        status=429,
    )


# --- The second factor ---------------------------------------------------------------------


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code after the password (or a recovery code)."""
    target = _next(request)
    if two_factor.is_verified(request):
        return redirect(target)
    if not two_factor.has_device(request.user):
        return _with_next("two_factor_setup", target)
    form = CodeForm(request.POST or None)
    form.fields["code"].label = "验证码 (或恢复码)"
    if request.method == "POST" and form.is_valid():
        try:
            done = two_factor.verify(request, form.cleaned_data["code"])
        except two_factor.SecondFactorError as exc:
            form.add_error("code", exc.message)
        else:
            if done.method == "recovery":
                messages.warning(
                    request,
                    f"已使用一个恢复码登录，还剩 {done.recovery_left} 个。手机验证器丢失时，"
                    "请在「账号安全」重新绑定，或请安全管理员重置。",
                )
            response = redirect(target)
            lockout.trust_this_browser(request, response, request.user)
            return response
    demo = two_factor.DEMO_NAME if _is_demo(request.user) else ""
    status = 422 if form.errors else 200
    return render(
        request,
        "security/identity/verify.html",
        {"form": form, "next": target, "demo": demo, "issuer": settings.OTP_TOTP_ISSUER},
        status=status,
    )


def _is_demo(user: Any) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if settings.PRODUCTION:
        return False
    return TOTPDevice.objects.filter(user=user, name=two_factor.DEMO_NAME).exists()


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrolment: the QR code (and the key as text) for the phone's authenticator app, then its
    first code. A user who already has an app must verify first (to replace it)."""
    target = _next(request)
    if two_factor.has_device(request.user) and not two_factor.is_verified(request):
        return _with_next("two_factor_verify", target)
    device = two_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = two_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
        except two_factor.SecondFactorError as exc:
            form.add_error("code", exc.message)
        else:
            request.session[two_factor.RECOVERY_SHOWN] = codes
            response = _with_next("recovery_codes", target)
            lockout.trust_this_browser(request, response, request.user)
            return response
    return render(
        request,
        "security/identity/setup.html",
        {
            "form": form,
            "next": target,
            "qr": two_factor.qr_svg(two_factor.config_url(device)),
            "secret": two_factor.secret_text(device),
            "replacing": two_factor.has_device(request.user),
        },
        status=422 if form.errors else 200,
    )


@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """New recovery codes, shown once; or how many are left, and a button for new ones."""
    if request.method == "POST":
        request.session[two_factor.RECOVERY_SHOWN] = two_factor.new_recovery_codes(request)
        return _with_next("recovery_codes", _next(request))
    codes = request.session.pop(two_factor.RECOVERY_SHOWN, None)
    return render(
        request,
        "security/identity/recovery_codes.html",
        {
            "codes": [two_factor.show_code(c) for c in codes or []],
            "left": two_factor.recovery_codes_left(request.user),
            "next": _next(request),
        },
    )


# --- The password --------------------------------------------------------------------------


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    """修改密码: the old one, the new one twice (the policy's validators), then every other
    session of the user is ended. Forced after an administrator set the password."""
    user: Any = request.user
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        ended = passwords.change_password(request, user, form.cleaned_data["new_password1"])
        note = f"，其他 {ended} 个登录会话已结束" if ended else ""
        messages.success(request, f"密码已修改{note}。")
        return redirect(_next(request))
    return render(
        request,
        "security/identity/password_change.html",
        {
            "form": form,
            "rules": passwords.password_rules(),
            "forced": getattr(request.user, "must_change_password", False),
            "next": _next(request),
        },
        status=422 if form.errors else 200,
    )


# --- 账号安全: the second factor, the password, my sessions --------------------------------


@login_required
def account(request: HttpRequest) -> HttpResponse:
    rows = [
        {"s": row, "current": sessions.is_current(request, row)}
        for row in sessions.open_sessions(request.user)
    ]
    return render(
        request,
        "security/identity/account.html",
        {
            "enrolled": two_factor.has_device(request.user),
            "required": two_factor.required_for(request.user),
            "recovery_left": two_factor.recovery_codes_left(request.user),
            "rows": rows,
            "others": sum(1 for r in rows if not r["current"]),
        },
    )


@login_required
@require_POST
def end_session(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(UserSession, pk=pk, user=request.user, ended_at__isnull=True)
    if sessions.is_current(request, row):
        logout(request)
        return redirect("login")
    sessions.end(request, row)
    messages.success(request, "已结束该登录会话：那台设备需要重新登录。")
    return redirect("account_security")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    ended = sessions.end_others(request, request.user, reason="ended")
    messages.success(request, f"已结束其他 {ended} 个登录会话。")
    return redirect("account_security")


# --- The security administrator ------------------------------------------------------------


def _require_security_admin(request: HttpRequest) -> None:
    if not is_security_admin(request.user):
        raise PermissionDenied("只有安全管理员可以重置双因素认证")


@login_required
def second_factor_accounts(request: HttpRequest) -> HttpResponse:
    """双因素认证管理: accounts, whether each has enrolled, and a reset for a lost phone."""
    _require_security_admin(request)
    query = request.GET.get("q", "").strip()[:50]
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    if query:
        users = users.filter(Q(username__icontains=query) | Q(name__icontains=query))
    users = users.annotate(
        apps=Count("totpdevice", filter=Q(totpdevice__confirmed=True), distinct=True)
    )[:200]
    return render(
        request,
        "security/identity/second_factor_accounts.html",
        {"users": users, "q": query, "required": two_factor.required_roles()},
    )


@login_required
@require_POST
def second_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    _require_security_admin(request)
    target = get_user_model().objects.filter(pk=pk).first()
    if target is None:
        raise Http404("没有这个账号")
    try:
        removed = two_factor.reset(target, actor=request.user, request=request)
    except two_factor.SecondFactorError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"已重置 {target} 的双因素认证 (移除 {removed} 项)，其登录会话已结束；"
            "下次登录时须重新绑定手机验证器。",
        )
    return redirect("security:second_factor_accounts")
