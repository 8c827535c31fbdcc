"""The keys that protect personal data at rest (docs/adr/0012), read by the settings.

``ZHIFA_DATA_KEY`` (or ``ZHIFA_DATA_KEY_FILE``) is the current key: 32 random bytes, base64.
``ZHIFA_DATA_KEYS_OLD`` (or ``_FILE``: one key a line) are earlier keys, kept only to read what
was written under them until ``zhifa crypto rotate`` has re-encrypted every row.

From each key two sub-keys are derived with HMAC-SM3 under fixed labels, so the key that
encrypts and the key that makes blind indexes are never the same: a 128-bit SM4 key and a
256-bit HMAC-SM3 key. Its id (8 hex digits) is derived too: tokens name the key that wrote them
without revealing anything about it.

Pure functions of bytes and strings: the settings import this module before Django is set up.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

KEY_BYTES = 32
# Development and test only: a fixed, publicly known key, so a development database stays
# readable wherever the checkout moves. Production refuses it (core.checks, zhifa.E006).
DEV_KEY = hashlib.sha256(b"zhifa insecure development data key v1").digest()

_SEPARATORS = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class DataKey:
    kid: str
    cipher_key: bytes  # SM4: 16 bytes
    index_key: bytes  # HMAC-SM3: 32 bytes


def _derive(master: bytes, label: str) -> bytes:
    return hmac.new(master, f"zhifa-data-key-v1|{label}".encode(), "sm3").digest()


def derive(master: bytes) -> DataKey:
    return DataKey(
        kid=_derive(master, "id").hex()[:8],
        cipher_key=_derive(master, "sm4-gcm")[:16],
        index_key=_derive(master, "blind-index"),
    )


def decode_key(text: str, name: str) -> bytes:
    """One base64 key (standard or URL-safe alphabet) of 32 bytes, or ImproperlyConfigured."""
    value = text.strip().replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != KEY_BYTES:
        raise ImproperlyConfigured(
            f"{name} 应为 {KEY_BYTES} 字节随机数的 base64 编码 (例如 zhifa crypto new-key 的输出)，"
            f"实际解码得到 {len(raw)} 字节"
        )
    return raw


def parse_keys(current: str | None, old: str | None) -> tuple[list[bytes], bool]:
    """The keys (current first) and whether the current one is the development key."""
    keys = [decode_key(current, "ZHIFA_DATA_KEY")] if current else [DEV_KEY]
    for i, text in enumerate(t for t in _SEPARATORS.split(old or "") if t):
        key = decode_key(text, f"ZHIFA_DATA_KEYS_OLD 第 {i + 1} 个密钥")
        if key not in keys:
            keys.append(key)
    return keys, not current
