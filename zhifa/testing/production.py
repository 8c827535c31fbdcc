"""A production configuration for tests that start zhifa in a subprocess with
``ZHIFA_ENV=production`` (the settings refuse weak keys, ``DEBUG`` and development senders)."""

from __future__ import annotations

from typing import ClassVar

# Test-only keys: random-looking and long enough, never used outside this repository's tests.
SECRET_KEY = "t3st-only-Qm8vR2xLp9Wz4KdY7NcB1HsJ6TgF0UeA5oIiXrVbMnZq"
CHAIN_KEY = "t3st-only-chain-7Hq2Wm9Zx4Lp1Rk8Vd3Nc6Bf0Ty5Gs"
DATA_KEY = "dDNzdC1vbmx5LWRhdGEta2V5LTMyLWJ5dGVzLWxvbiE="  # base64 of 32 bytes (ADR 0012)
GATEWAY = "zhifa.testing.production.RecordingSms"

ENV = {
    "ZHIFA_ENV": "production",
    "SECRET_KEY": SECRET_KEY,
    "ZHIFA_CHAIN_KEY": CHAIN_KEY,
    "ZHIFA_DATA_KEY": DATA_KEY,
    "ALLOWED_HOSTS": "zhifa.gov",
    "ZHIFA_SMS_BACKEND": GATEWAY,
    "EMAIL_BACKEND": "smtp",
}


class RecordingSms:
    """The SMS gateway of ``ENV``: keeps the messages in memory."""

    sent: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))
