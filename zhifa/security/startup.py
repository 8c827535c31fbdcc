"""The security-relevant configuration, recorded when a server process starts and it differs from
the last one recorded (GB/T 22239-2019 8.1.4.3: changes of security configuration are audited).

Called from ``zhifa/wsgi.py`` (gunicorn and ``runserver`` both load it), never at import time or
from ``ready()``: tests, ``migrate`` on an empty database and commands do no database work for
it. Secrets are never recorded, only their public fingerprints (a rotated key shows as a
change)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction

from zhifa.security.actions import lock_chain, record
from zhifa.security.chain import canonical, jsonable, key_id, sm3
from zhifa.security.choices import EventKind
from zhifa.security.models import SecurityEvent

log = logging.getLogger(__name__)

# Settings recorded as they are (none of them secret). Add the ones a new feature depends on,
# e.g. the roles that must use a second factor.
RECORDED = (
    "ZHIFA_ENV",
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "AUTHENTICATION_BACKENDS",
    "PASSWORD_HASHERS",
    "MIDDLEWARE",
    "SESSION_COOKIE_AGE",
    "SESSION_EXPIRE_AT_BROWSER_CLOSE",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER",
    "X_FRAME_OPTIONS",
    "AXES_ENABLED",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_TIME",
    "AXES_LOCKOUT_PARAMETERS",
    "AXES_HANDLER",
    "ZHIFA_LOGIN_ADDRESS_FAILURES",
    "ZHIFA_LOGIN_ACCOUNT_FAILURES",
    "ZHIFA_2FA_REQUIRED_ROLES",
    "ZHIFA_SESSION_IDLE_MINUTES",
    "ZHIFA_SESSION_MAX_HOURS",
    "ZHIFA_PUBLIC_RATE_LIMIT",
    "ZHIFA_VERIFY_RATE_LIMIT",
    "ZHIFA_LOGIN_RATE_LIMIT",
    "ZHIFA_API_TOKEN_DAYS",
    "ZHIFA_AUDIT_KEEP_DAYS",
    "ZHIFA_PUBLIC_HOST",
    "ZHIFA_TRUSTED_PROXIES",
    "STORAGE_BACKEND",
)


def configuration() -> dict[str, Any]:
    """The values recorded: the settings above, the backends in use, the keys' fingerprints."""
    values = {name: getattr(settings, name, None) for name in RECORDED}
    database = settings.DATABASES["default"]
    tasks: dict[str, Any] = settings.TASKS["default"]
    validators: list[Any] = settings.AUTH_PASSWORD_VALIDATORS
    values.update(
        {
            "AUTH_PASSWORD_VALIDATORS": [v["NAME"] for v in validators],
            "DATABASE": {"ENGINE": database["ENGINE"], "HOST": database.get("HOST", "")},
            "CACHE": settings.CACHES["default"]["BACKEND"],
            "TASKS": tasks["BACKEND"],
            "SECRET_KEY_ID": key_id(str(settings.SECRET_KEY).encode()),
            "ZHIFA_CHAIN_KEY_ID": key_id(str(settings.ZHIFA_CHAIN_KEY).encode()),
        }
    )
    return jsonable(values)


def record_configuration() -> SecurityEvent | None:
    """A ``configuration`` event when the configuration differs from the last one recorded
    (checked under the chain lock, so processes starting together write it once)."""
    values = configuration()
    fingerprint = sm3(canonical(values))
    with transaction.atomic():
        lock_chain()
        last = (
            SecurityEvent.objects.filter(kind=EventKind.CONFIGURATION)
            .order_by("-at", "-seq")
            .values_list("detail", flat=True)
            .first()
        )
        if last is not None and last.get("fingerprint") == fingerprint:
            return None
        before = (last or {}).get("settings", {})
        changed = sorted(k for k in values.keys() | before.keys() if values.get(k) != before.get(k))
        return record(
            EventKind.CONFIGURATION,
            target=None,
            detail={"fingerprint": fingerprint, "changed": changed, "settings": values},
        )


def record_configuration_at_start() -> None:
    """For ``wsgi.py``: never stop a server from starting (a database not migrated yet, or not
    reachable at this moment, is logged and the server starts)."""
    try:
        record_configuration()
    except DatabaseError as exc:
        log.warning("安全审计日志：未能记录启动配置 (%s)", exc)
