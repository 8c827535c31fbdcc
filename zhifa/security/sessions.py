"""Login sessions (GB/T 22239-2019 8.1.4.1 d: 登录连接超时自动退出): an idle timeout and an
absolute lifetime, the list of a user's sessions ("我的登录会话") and ending them.

Each session's times live in the session itself (``zhifa_login_at``, ``zhifa_seen_at``), so a
request costs no query; once a minute a request also touches its ``UserSession`` row (last
seen) and reads whether it was ended elsewhere. An ended session is also flagged in the cache:
with Redis (``REDIS_URL``) every server sees it at its next request; with the in-process cache,
another server process sees it within that minute.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from zhifa.security.actions import record
from zhifa.security.choices import EventKind
from zhifa.security.identity_models import SessionEnd, UserSession
from zhifa.security.network import client_address

LOGIN_AT = "zhifa_login_at"
SEEN_AT = "zhifa_seen_at"
TOUCH_SECONDS = 60
KEEP_DAYS = 30  # ended sessions stay listed (for their user) this long


def key_hash(session_key: str | None) -> str:
    return hashlib.sha256(str(session_key or "").encode()).hexdigest()


def _flag(digest: str) -> str:
    return f"zhifa:session-ended:{digest}"


def idle_limit() -> timedelta | None:
    minutes = int(settings.ZHIFA_SESSION_IDLE_MINUTES)
    return timedelta(minutes=minutes) if settings.ZHIFA_SESSION_LIMITS and minutes > 0 else None


def max_lifetime() -> timedelta | None:
    hours = int(settings.ZHIFA_SESSION_MAX_HOURS)
    return timedelta(hours=hours) if settings.ZHIFA_SESSION_LIMITS and hours > 0 else None


def started(request: HttpRequest, user: Any) -> UserSession:
    """A user signed in (``user_logged_in``; Django has just given the session a new key)."""
    now = timezone.now()
    stamp = int(now.timestamp())
    request.session[LOGIN_AT] = stamp
    request.session[SEEN_AT] = stamp
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.filter(user=user, last_seen_at__lt=now - timedelta(days=KEEP_DAYS)).delete()
    meta = getattr(request, "META", {})
    return UserSession.objects.create(
        user=user,
        key_hash=key_hash(request.session.session_key),
        created_at=now,
        last_seen_at=now,
        address=client_address(request) if meta else "",
        user_agent=str(meta.get("HTTP_USER_AGENT", ""))[:300],
    )


def rekey(old_key: str | None, new_key: str | None) -> None:
    """The session got a new key (a password change): its row follows it."""
    UserSession.objects.filter(key_hash=key_hash(old_key)).update(key_hash=key_hash(new_key))


def why_it_ends(request: HttpRequest) -> str:
    """Empty while the signed-in session may go on, else the reason it ends now (a
    ``SessionEnd`` value). Touches the session's row at most once a minute."""
    session = request.session
    now = timezone.now()
    login_at, seen_at = session.get(LOGIN_AT), session.get(SEEN_AT)
    if login_at is None or seen_at is None:
        return SessionEnd.ENDED  # not started by a login of ours: never trusted
    digest = key_hash(session.session_key)
    if cache.get(_flag(digest)):
        return SessionEnd.ENDED
    lifetime, idle = max_lifetime(), idle_limit()
    if lifetime is not None and now - _at(login_at) > lifetime:
        return SessionEnd.EXPIRED
    if idle is not None and now - _at(seen_at) > idle:
        return SessionEnd.IDLE
    if (now - _at(seen_at)).total_seconds() >= TOUCH_SECONDS:
        touched = UserSession.objects.filter(key_hash=digest, ended_at__isnull=True).update(
            last_seen_at=now
        )
        if not touched:
            return SessionEnd.ENDED
        session[SEEN_AT] = int(now.timestamp())
        _forget_a_removed_device(request)
    return ""


def _forget_a_removed_device(request: HttpRequest) -> None:
    """The second factor that verified this session was removed (reset by the security
    administrator): the session is no longer verified."""
    from django_otp.models import Device

    persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
    if not persistent_id:
        return
    device = Device.from_persistent_id(str(persistent_id))
    if device is None or device.user_id != request.user.pk or not device.confirmed:
        del request.session[DEVICE_ID_SESSION_KEY]


def _at(stamp: Any) -> datetime:
    return datetime.fromtimestamp(int(stamp), tz=timezone.get_current_timezone())


def close(request: HttpRequest, reason: str) -> None:
    """End the session of this request now (a timeout, or ended elsewhere): recorded, its row
    closed, the session emptied; the request goes on as anonymous."""
    user = request.user
    digest = key_hash(request.session.session_key)
    row = UserSession.objects.filter(key_hash=digest).first()
    if row is not None and row.ended_at is None:
        _end_row(row, reason)
        record(
            EventKind.SESSION_ENDED,
            actor=user,
            request=request,
            target=row,
            detail={"reason": reason, "label": SessionEnd(reason).label},
        )
    request.session.flush()
    request.user = AnonymousUser()


def _end_row(row: UserSession, reason: str) -> None:
    UserSession.objects.filter(pk=row.pk, ended_at__isnull=True).update(
        ended_at=timezone.now(), end_reason=reason
    )
    cache.set(_flag(row.key_hash), 1, _flag_seconds())


def _flag_seconds() -> int:
    lifetime = timedelta(hours=max(int(settings.ZHIFA_SESSION_MAX_HOURS), 1))
    return int(max(lifetime, timedelta(days=1)).total_seconds())


def logged_out(request: HttpRequest) -> None:
    """``user_logged_out``: the session's row is closed (the audit row is the logout's)."""
    session = getattr(request, "session", None)
    if session is None or session.session_key is None:
        return
    row = UserSession.objects.filter(key_hash=key_hash(session.session_key)).first()
    if row is not None:
        _end_row(row, SessionEnd.LOGOUT)


def open_sessions(user: Any) -> QuerySet[UserSession]:
    """The user's sessions that may still be used, latest activity first."""
    now = timezone.now()
    rows = UserSession.objects.filter(user=user, ended_at__isnull=True)
    lifetime, idle = max_lifetime(), idle_limit()
    if lifetime is not None:
        rows = rows.filter(created_at__gt=now - lifetime)
    if idle is not None:
        # last_seen_at is at most a minute behind the session's own clock
        rows = rows.filter(last_seen_at__gt=now - idle - timedelta(seconds=TOUCH_SECONDS))
    return rows.order_by("-last_seen_at")


def is_current(request: HttpRequest, row: UserSession) -> bool:
    return row.key_hash == key_hash(request.session.session_key)


def end(request: HttpRequest, row: UserSession) -> None:
    """The user ends one of their sessions ("结束"): recorded; that browser is signed out at
    its next request."""
    if row.ended_at is not None:
        return
    _end_row(row, SessionEnd.ENDED)
    record(
        EventKind.SESSION_ENDED,
        request=request,
        target=row,
        detail={"reason": SessionEnd.ENDED, "label": SessionEnd.ENDED.label},
    )


def end_others(request: HttpRequest, user: Any, *, reason: str) -> int:
    """Every open session of ``user`` but this request's."""
    current = key_hash(request.session.session_key)
    rows = list(
        UserSession.objects.filter(user=user, ended_at__isnull=True).exclude(key_hash=current)
    )
    for row in rows:
        _end_row(row, reason)
    if rows:
        record(
            EventKind.SESSION_ENDED,
            actor=user,
            request=request,
            target=user,
            detail={"reason": reason, "label": SessionEnd(reason).label, "sessions": len(rows)},
        )
    return len(rows)


def end_all(user: Any, *, reason: str, actor: Any, request: HttpRequest | None = None) -> int:
    """Every open session of ``user`` (the second factor reset by the security administrator)."""
    rows = list(UserSession.objects.filter(user=user, ended_at__isnull=True))
    for row in rows:
        _end_row(row, reason)
    if rows:
        record(
            EventKind.SESSION_ENDED,
            actor=actor,
            request=request,
            target=user,
            detail={"reason": reason, "label": SessionEnd(reason).label, "sessions": len(rows)},
        )
    return len(rows)
