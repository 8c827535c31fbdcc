"""Typed access to the delivery settings (``settings.ZHIFA_DELIVERY``, from the environment).
Read on each call, so tests can override the setting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# Not configurable: limits that protect the party's contact from being flooded.
CODES_PER_LINK = 5  # confirmation codes sent for one link
CODE_RESEND_SECONDS = 60  # between two codes for the same link
WRONG_CODES_PER_LINK = 10  # wrong entries over all codes of a link: the link is then revoked
RENEWALS_PER_DAY = 3  # new links the party may ask for, per service and day


@dataclass(frozen=True)
class DeliveryConfig:
    sms_backend: str
    outbox_dir: Path
    link_days: int
    code_minutes: int
    code_attempts: int
    session_minutes: int

    @property
    def link_valid_for(self) -> timedelta:
        return timedelta(days=self.link_days)

    @property
    def code_valid_for(self) -> timedelta:
        return timedelta(minutes=self.code_minutes)

    @property
    def session_valid_for(self) -> timedelta:
        return timedelta(minutes=self.session_minutes)


def delivery_config() -> DeliveryConfig:
    raw: dict[str, Any] = settings.ZHIFA_DELIVERY
    config = DeliveryConfig(
        sms_backend=str(raw["SMS_BACKEND"]),
        outbox_dir=Path(raw["OUTBOX_DIR"]),
        link_days=int(raw["LINK_DAYS"]),
        code_minutes=int(raw["CODE_MINUTES"]),
        code_attempts=int(raw["CODE_ATTEMPTS"]),
        session_minutes=int(raw["SESSION_MINUTES"]),
    )
    for name, value in (
        ("ZHIFA_SERVICE_LINK_DAYS", config.link_days),
        ("ZHIFA_SERVICE_CODE_MINUTES", config.code_minutes),
        ("ZHIFA_SERVICE_CODE_ATTEMPTS", config.code_attempts),
        ("ZHIFA_PARTY_SESSION_MINUTES", config.session_minutes),
    ):
        if value < 1:
            raise ImproperlyConfigured(f"{name}={value}：应为正整数")
    return config
