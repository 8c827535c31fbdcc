"""Sending the party its link and code: SMS through a pluggable backend, e-mail through Django's
mail (``MAILERS``). Chosen by ``ZHIFA_SMS_BACKEND``: ``console`` (log only), ``file`` (append to
``$ZHIFA_VAR_DIR/outbox/sms.log``, which the browser test reads), or the dotted path of a class
with ``send(phone, text)`` (the bureau's SMS gateway). Nothing here is called inside a
transaction: the actions send after commit."""

from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

from zhifa.delivery.choices import Channel
from zhifa.delivery.config import delivery_config
from zhifa.parties.masking import mask_phone

log = logging.getLogger("zhifa.delivery")


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


# What a message carries that opens the party's page: the link, the confirmation code.
_LINK = re.compile(r"https?://\S+")
_NUMBER = re.compile(r"\d{4,}")


def redacted(text: str) -> str:
    """The message without its link and its code (any run of four or more digits)."""
    return _NUMBER.sub("[已隐藏]", _LINK.sub("[链接已隐藏]", text))


class ConsoleSms:
    """Development: the message goes to the log. Anywhere else (a test run, a staging copy)
    the log never gets the party's link, code or full number: logs are kept and read by
    people who must not open the party's page (production refuses this backend)."""

    def send(self, phone: str, text: str) -> None:
        if settings.ZHIFA_ENV == "development":
            log.info("SMS to %s: %s", phone, text)
        else:
            log.info("SMS to %s: %s", mask_phone(phone), redacted(text))


class FileSms:
    """One JSON line per message appended to ``outbox/sms.log`` under the var dir."""

    _lock = threading.Lock()

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or delivery_config().outbox_dir / "sms.log"

    def send(self, phone: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(
            {"at": timezone.now().isoformat(), "to": phone, "text": text}, ensure_ascii=False
        )
        with self._lock, self.path.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def sms_backend() -> SmsBackend:
    name = delivery_config().sms_backend
    if name == "console":
        return ConsoleSms()
    if name == "file":
        return FileSms()
    try:
        backend_class = import_string(name)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"ZHIFA_SMS_BACKEND={name!r}：应为 console、file 或短信接口类的完整路径"
        ) from exc
    backend: SmsBackend = backend_class()
    return backend


def send_email(address: str, subject: str, text: str) -> None:
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [address])


def deliver(channel: str, contact: str, subject: str, text: str) -> None:
    """Send ``text`` to the party's consented phone or e-mail."""
    if channel == Channel.SMS:
        sms_backend().send(contact, text)
    else:
        send_email(contact, subject, text)
