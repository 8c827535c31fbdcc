"""The second factor (GB/T 22239-2019 8.1.4.1 c: 两种或两种以上组合的鉴别技术): password, then a
time-based code (TOTP, django-otp) from the officer's phone, or one of ten recovery codes.

Who must: the roles in ``ZHIFA_2FA_REQUIRED_ROLES`` (administrators, leaders and legal
reviewers always), superusers, anyone who has enrolled, and everyone on ``/admin/``. A session
is verified when ``django_otp.login`` has put the device in it (``otp_device_id``); the session
is checked once a minute against the device still existing (``sessions.why_it_ends``), and a
reset ends the user's sessions. Every attempt, enrolment and reset is in the audit log.
"""

from __future__ import annotations

import binascii
import functools
import math
import time
from base64 import b32encode
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from zhifa.core.errors import DomainError
from zhifa.security.actions import record
from zhifa.security.choices import EventKind, Outcome

# GB/T 22239-2019 level 3: the three administrators (三员), leaders and legal reviewers always.
MANDATORY_ROLES = ("admin", "security_admin", "audit_admin", "leader", "legal_reviewer")
ENROLLED = "zhifa_2fa_enrolled"  # session: the user has a confirmed device (set at login)
RECOVERY_SHOWN = "zhifa_recovery_codes"  # session: new codes, shown once then removed
RECOVERY_CODES = 10
TOTP_NAME = "手机验证器"
RECOVERY_NAME = "恢复码"
DEMO_NAME = "演示验证器"
# The demo's accounts share one published key (``zhifa demo`` prints it): never in production.
DEMO_KEY = binascii.hexlify(b"zhifa-demo-totp-2026").decode()


# --- Who must ------------------------------------------------------------------------------


def known_roles() -> set[str]:
    """The user model's roles (this app imports nothing of org's: the field knows them)."""
    from django.contrib.auth import get_user_model

    field = get_user_model()._meta.get_field("role")
    return {str(value) for value, _ in field.choices or []}


def check_required_roles(values: Iterable[str], *, explicit: bool) -> frozenset[str]:
    """The roles that must use a second factor, from ``ZHIFA_2FA_REQUIRED_ROLES``: refused at
    start-up when a value is no role, or a mandatory role is left out."""
    roles = known_roles()
    chosen = {v.strip() for v in values if v.strip()}
    unknown = sorted(chosen - roles)
    if unknown:
        raise ImproperlyConfigured(
            f"ZHIFA_2FA_REQUIRED_ROLES：{'、'.join(unknown)} 不是角色；可用的角色："
            f"{'、'.join(sorted(roles))}"
        )
    missing = sorted(set(MANDATORY_ROLES) & roles - chosen)
    if explicit and missing:
        raise ImproperlyConfigured(
            f"ZHIFA_2FA_REQUIRED_ROLES 须包含 {'、'.join(missing)}：GB/T 22239-2019 第三级要求"
            "系统管理员、安全管理员、审计管理员、负责人和法制审核员使用双因素认证。"
        )
    return frozenset(chosen | (set(MANDATORY_ROLES) & roles))


def check_settings() -> None:
    """From ``SecurityConfig.ready``: every process refuses to start on a bad value."""
    check_required_roles(
        settings.ZHIFA_2FA_REQUIRED_ROLES, explicit=settings.ZHIFA_2FA_REQUIRED_ROLES_SET
    )


def required_roles() -> frozenset[str]:
    return _required_roles(tuple(settings.ZHIFA_2FA_REQUIRED_ROLES))


@functools.lru_cache(maxsize=4)
def _required_roles(values: tuple[str, ...]) -> frozenset[str]:
    return check_required_roles(values, explicit=False)


def required_for(user: Any) -> bool:
    """The user's role (or superuser) makes the second factor mandatory."""
    if getattr(user, "is_superuser", False):
        return True
    return getattr(user, "role", "") in required_roles()


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def logged_in(request: HttpRequest, user: Any) -> None:
    """``user_logged_in``: remember in the session whether the user has enrolled (one query at
    login, none on each request)."""
    request.session[ENROLLED] = has_device(user)


# --- Enrolment -----------------------------------------------------------------------------


def pending_device(user: Any) -> TOTPDevice:
    """The device being enrolled: the same key until it is confirmed (reloading the page shows
    the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def config_url(device: TOTPDevice) -> str:
    """otpauth://totp/… with the bureau as issuer (what the authenticator app shows)."""
    return str(device.config_url)


def qr_svg(url: str) -> str:
    """The QR code as inline SVG (no image request, no CDN)."""
    return str(
        segno.make(url, error="m").svg_inline(scale=5, border=2, light="#fff", omitsize=True)
    )


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into the app."""
    text = b32encode(device.bin_key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


class SecondFactorError(DomainError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


def _normalise(code: str) -> str:
    return "".join(str(code or "").split()).replace("-", "").lower()


def _throttled(device: Any) -> str:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return ""
    until = (data or {}).get("locked_until")
    if until is None:
        return "验证码错误次数过多，请稍后再试。"
    from django.utils import timezone

    seconds = max(1, math.ceil((until - timezone.now()).total_seconds()))
    return f"验证码错误次数过多，请 {seconds} 秒后再试。"


def confirm_enrolment(request: HttpRequest, device: TOTPDevice, code: str) -> list[str]:
    """The first code from the app confirms the device: it replaces any earlier one, ten new
    recovery codes are made (returned, to show once), and this session is verified."""
    user: Any = request.user
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        wait = _throttled(device)
        # a wrong code counts (django-otp's pause grows): committed, then refused below
        confirmed = not wait and device.verify_token(_normalise(code))
        if not confirmed:
            record(
                EventKind.SECOND_FACTOR_CHANGED,
                request=request,
                target=user,
                outcome=Outcome.FAILURE,
                detail={"action": "enrol", "reason": "throttled" if wait else "wrong_code"},
            )
    if not confirmed:
        raise SecondFactorError(
            "throttled" if wait else "wrong_code",
            wait or "验证码不正确：请输入手机验证器当前显示的 6 位数字。",
        )
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()[0]
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        record(
            EventKind.SECOND_FACTOR_CHANGED,
            request=request,
            target=user,
            detail={"action": "enrol", "replaced": bool(replaced), "recovery_codes": len(codes)},
        )
    otp_login(request, device)
    request.session[ENROLLED] = True
    return codes


def _new_recovery_codes(user: Any) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def new_recovery_codes(request: HttpRequest) -> list[str]:
    """The user (verified) replaces their recovery codes; the old ones stop working."""
    user: Any = request.user
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        record(
            EventKind.SECOND_FACTOR_CHANGED,
            request=request,
            target=user,
            detail={"action": "recovery_codes", "recovery_codes": len(codes)},
        )
    return codes


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user).count()


def show_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


# --- Verification --------------------------------------------------------------------------


@dataclass(frozen=True)
class Verified:
    method: str  # totp | recovery
    recovery_left: int | None = None


def verify(request: HttpRequest, code: str) -> Verified:
    """Password done; now the code: six digits from the app, or a recovery code (used once).
    Raises ``SecondFactorError`` (recorded) when refused."""
    user: Any = request.user
    token = _normalise(code)
    method = "totp" if token.isdigit() else "recovery"
    model: Any = TOTPDevice if method == "totp" else StaticDevice
    with transaction.atomic():
        devices = list(model.objects.select_for_update().filter(user=user, confirmed=True))
        wait = next((w for w in map(_throttled, devices) if w), "")
        device = None if wait else next((d for d in devices if d.verify_token(token)), None)
        if device is None:
            reason = "throttled" if wait else "wrong_code"
            record(
                EventKind.SECOND_FACTOR,
                request=request,
                target=user,
                outcome=Outcome.FAILURE,
                detail={"method": method, "reason": reason},
            )
    if device is None:
        raise SecondFactorError(reason, wait or _wrong(method))
    left = recovery_codes_left(user) if method == "recovery" else None
    record(
        EventKind.SECOND_FACTOR,
        request=request,
        target=user,
        detail={"method": method, **({"recovery_left": left} if left is not None else {})},
    )
    otp_login(request, device)
    return Verified(method, left)


def _wrong(method: str) -> str:
    if method == "totp":
        return "验证码不正确或已使用：请输入手机验证器当前显示的 6 位数字。"
    return "恢复码不正确或已使用。"


# --- Reset by the security administrator ----------------------------------------------------


def reset(target: Any, *, actor: Any, request: HttpRequest | None = None) -> int:
    """The security administrator removes ``target``'s app and recovery codes (a lost phone):
    recorded; the user's sessions end, and the next login asks to enrol again. Returns how
    many devices were removed."""
    from zhifa.security import sessions

    if target.pk == actor.pk:
        raise SecondFactorError(
            "own_second_factor", "不能重置自己的双因素认证：请由另一名安全管理员操作。"
        )
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=target).delete()[0]
        removed += StaticDevice.objects.filter(user=target).delete()[0]
        record(
            EventKind.SECOND_FACTOR_CHANGED,
            actor=actor,
            request=request,
            target=target,
            detail={"action": "reset", "by": actor.get_username(), "removed": removed},
        )
        sessions.end_all(target, reason="second_factor_reset", actor=actor, request=request)
    return removed


# --- The demo ------------------------------------------------------------------------------


def enrol_demo(user: Any) -> TOTPDevice:
    """``zhifa demo``: the account's app is the published demo key (outside production only)."""
    if settings.PRODUCTION:
        raise ImproperlyConfigured("生产环境不得使用演示验证器密钥")
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_NAME, defaults={"key": DEMO_KEY, "confirmed": True}
    )
    return device


def demo_secret() -> str:
    text = b32encode(binascii.unhexlify(DEMO_KEY)).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def code_for(key_hex: str, at: float | None = None) -> str:
    """The code an app with this key shows now (or at ``at``, a Unix time)."""
    generator = TOTP(binascii.unhexlify(key_hex))
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"


def demo_code(at: float | None = None) -> str:
    return code_for(DEMO_KEY, at)
