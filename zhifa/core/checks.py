"""zhifa's own system checks (``zhifa check``; ``zhifa check --deploy`` for production).

What production must not run with — a weak ``SECRET_KEY``, ``DEBUG``, an SMS or e-mail backend
that never reaches the party — is decided once, in ``production_refusals``, and used twice:

- ``zhifa/settings.py`` raises ``ImproperlyConfigured`` with every refusal when
  ``ZHIFA_ENV=production``. The settings are the one place every process passes through:
  gunicorn, ``db_worker`` and ``scheduler`` never run system checks, so a check alone would
  stop ``runserver`` and ``migrate`` but let the app servers start.
- ``check_production_settings`` reports the same as deploy errors, so ``zhifa check --deploy``
  run with other settings (a staging copy, development) shows what production would refuse.

This module is imported by the settings: it must not read ``django.conf.settings`` at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.utils.module_loading import import_string

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5  # as Django's security.W009: "x" * 50 is not a key
# The development default (settings), Django's startproject default.
DEV_KEY_PREFIXES = ("insecure-", "django-insecure-")
# Development stand-ins: the party would never receive the message (and these keep or print
# the link and the code on the server).
DEV_SMS_BACKENDS = frozenset(
    {
        "console",
        "file",
        "zhifa.delivery.senders.ConsoleSms",
        "zhifa.delivery.senders.FileSms",
    }
)
DEV_MAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    }
)
BUILTIN_SMS = frozenset({"console", "file"})


@dataclass(frozen=True)
class Refusal:
    id: str
    message: str


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is not fit for production, or None."""
    if key.startswith(DEV_KEY_PREFIXES):
        return "SECRET_KEY 是开发用密钥 (公开可知)"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"SECRET_KEY 只有 {len(key)} 个字符，至少需要 {SECRET_KEY_MIN_LENGTH} 个"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return f"SECRET_KEY 不足 {SECRET_KEY_MIN_DISTINCT} 种不同字符，不是随机密钥"
    return None


def production_refusals(
    *,
    secret_key: str,
    debug: bool,
    sms_backend: str,
    mail_backend: str,
    data_key_is_dev: bool = False,
) -> list[Refusal]:
    """Everything production refuses to start with, each with its reason in Chinese."""
    found = []
    if data_key_is_dev:
        found.append(
            Refusal(
                "zhifa.E006",
                "未设置 ZHIFA_DATA_KEY：个人信息 (身份证件号码、电话、住址) 将以公开的开发密钥"
                "加密；请用 zhifa crypto new-key 生成密钥，通过 ZHIFA_DATA_KEY_FILE 提供，并与"
                "数据库备份分开保存 (docs/adr/0012)",
            )
        )
    key = secret_key_problem(secret_key)
    if key:
        found.append(
            Refusal(
                "zhifa.E001",
                f'{key}：请用 python -c "import secrets; print(secrets.token_urlsafe(50))" '
                "生成并通过 SECRET_KEY_FILE 提供",
            )
        )
    if debug:
        found.append(Refusal("zhifa.E002", "生产环境不得开启 DEBUG (会向访问者显示代码和配置)"))
    if sms_backend in DEV_SMS_BACKENDS:
        found.append(
            Refusal(
                "zhifa.E003",
                f"ZHIFA_SMS_BACKEND={sms_backend}：生产环境不得使用开发用短信通道 (短信不会发给"
                "当事人，链接和验证码留在服务器上)；请配置本机关短信接口类的完整路径",
            )
        )
    if mail_backend in DEV_MAIL_BACKENDS:
        found.append(
            Refusal(
                "zhifa.E004",
                f"EMAIL_BACKEND={mail_backend.rsplit('.', 2)[-2]}：生产环境不得使用开发用邮件通道 "
                "(邮件不会发给当事人)；请设置 EMAIL_BACKEND=smtp 及 EMAIL_HOST 等",
            )
        )
    return found


def _mail_backend() -> str:
    mailers: dict[str, Any] = getattr(settings, "MAILERS", {}) or {}
    return str(mailers.get("default", {}).get("BACKEND", ""))


@register(Tags.security, deploy=True)
def check_production_settings(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[Any]:
    refusals = production_refusals(
        secret_key=str(settings.SECRET_KEY),
        debug=bool(settings.DEBUG),
        sms_backend=str(settings.ZHIFA_DELIVERY["SMS_BACKEND"]),
        mail_backend=_mail_backend(),
        data_key_is_dev=bool(getattr(settings, "ZHIFA_DATA_KEY_IS_DEV", False)),
    )
    return [Error(r.message, id=r.id) for r in refusals]


@register()
def check_sms_backend(app_configs: Sequence[Any] | None, **kwargs: Any) -> list[CheckMessage]:
    """A mistyped gateway class would only fail when the first link is sent, after the service
    was recorded: ``zhifa check``, ``migrate`` and ``runserver`` name it instead."""
    name = str(settings.ZHIFA_DELIVERY["SMS_BACKEND"])
    if name in BUILTIN_SMS:
        return []
    try:
        backend = import_string(name)
    except ImportError as exc:
        return [Error(f"ZHIFA_SMS_BACKEND={name}：无法导入短信接口类 ({exc})", id="zhifa.E005")]
    if not callable(getattr(backend, "send", None)):
        return [
            Error(f"ZHIFA_SMS_BACKEND={name}：短信接口类没有 send(phone, text)", id="zhifa.E005")
        ]
    return []
