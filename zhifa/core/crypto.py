"""Personal data encrypted at rest (GB/T 22239-2019 8.1.4.8; docs/adr/0012).

SM4 (GB/T 32907-2016) in GCM mode, application-level: the database, its backups and anyone who
reads its files see tokens, never ID numbers, phone numbers or addresses. A token is

    zf1:<key id>:<base64url(nonce ‖ ciphertext ‖ tag)>

with a fresh 96-bit nonce per value and, as associated data, the label of the column it belongs
to (``<table>.<column>``): a token copied into another column, or another table, fails to
decrypt instead of showing one person's ID number as another's address. An empty value stays
empty (whether a party has a phone is not secret, and the database's ``phone = ''`` rules keep
working).

Exact lookups go through a blind index: HMAC-SM3 under a key derived separately from the same
master key (``blind_index``), over a canonical form of the value. Nothing else can be searched:
an encrypted field refuses every lookup but ``isnull`` and ``= ''``.

Keys: ``settings.ZHIFA_DATA_KEYS`` (current first, then the old ones still needed to read;
``zhifa.core.datakeys``). ``zhifa crypto rotate`` re-encrypts under the current key.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import logging
import os
from collections.abc import Sequence
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django import forms
from django.conf import settings
from django.db import models
from django.db.models.lookups import Exact, IsNull

from zhifa.core.datakeys import DataKey, derive

PREFIX = "zf1"
NONCE_BYTES = 12
TAG_BYTES = 16
log = logging.getLogger(__name__)


class DecryptionError(Exception):
    """A stored value cannot be read: its key is not configured, or it was altered or moved."""


@functools.lru_cache(maxsize=8)
def _keyring(raw_keys: tuple[bytes, ...], dev: bool) -> tuple[DataKey, ...]:
    if dev and getattr(settings, "ZHIFA_ENV", "") == "development":
        log.warning(
            "个人信息加密使用的是公开的开发密钥 (未设置 ZHIFA_DATA_KEY)：仅限开发环境，"
            "生产环境将拒绝启动 (docs/adr/0012-personal-data-at-rest.md)"
        )
    return tuple(derive(k) for k in raw_keys)


def keyring() -> tuple[DataKey, ...]:
    """Every configured key, the current one first."""
    return _keyring(tuple(settings.ZHIFA_DATA_KEYS), bool(settings.ZHIFA_DATA_KEY_IS_DEV))


def current_key() -> DataKey:
    return keyring()[0]


def _key(kid: str) -> DataKey | None:
    return next((k for k in keyring() if k.kid == kid), None)


def _aad(label: str) -> bytes:
    return f"zhifa-data-v1|{label}".encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(plaintext: str, label: str, *, key: DataKey | None = None) -> str:
    """``plaintext`` as a token for the column ``label``; "" stays ""."""
    if plaintext == "":
        return ""
    key = key or current_key()
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key.cipher_key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_aad(label))
    body = encryptor.update(plaintext.encode("utf-8")) + encryptor.finalize()
    return f"{PREFIX}:{key.kid}:{_b64(nonce + body + encryptor.tag)}"


def key_id_of(token: str) -> str:
    """The id of the key a token was written under ("" for an empty value)."""
    if token == "":
        return ""
    return _split(token, "?")[1]


def _split(token: str, label: str) -> tuple[str, str, str]:
    parts = token.split(":", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        raise DecryptionError(f"{label} 中的值不是加密数据 (未经加密写入，或已损坏)")
    return parts[0], parts[1], parts[2]


def decrypt(token: str, label: str) -> str:
    """The plaintext of a token of the column ``label``, or DecryptionError saying why not."""
    if token == "":
        return ""
    _, kid, data = _split(token, label)
    key = _key(kid)
    if key is None:
        raise DecryptionError(
            f"{label} 的数据由密钥 {kid} 加密，该密钥未配置：请在 ZHIFA_DATA_KEYS_OLD 中提供"
            f"该旧密钥 (当前密钥 {current_key().kid})"
        )
    try:
        raw = _unb64(data)
    except (binascii.Error, ValueError):
        raise DecryptionError(f"{label} 的加密数据已损坏 (base64)") from None
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    if len(tag) != TAG_BYTES:
        raise DecryptionError(f"{label} 的加密数据已损坏 (长度)")
    decryptor = Cipher(algorithms.SM4(key.cipher_key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(_aad(label))
    try:
        plain = decryptor.update(body) + decryptor.finalize()
    except InvalidTag:
        raise DecryptionError(
            f"{label} 的加密数据校验失败：数据被篡改，或是从其他字段复制来的"
        ) from None
    return plain.decode("utf-8")


def blind_index(purpose: str, value: str, *, key: DataKey | None = None) -> str:
    """HMAC-SM3 of ``value`` (already in its canonical form) for ``purpose``, hex: equal values
    give equal indexes under one key, and nothing can be learnt from an index without the key."""
    key = key or current_key()
    message = f"{purpose}|{value}".encode()
    return hmac.new(key.index_key, message, "sm3").hexdigest()


def blind_indexes(purpose: str, value: str) -> list[str]:
    """The index of ``value`` under every configured key, current first: what a lookup must
    match while ``zhifa crypto rotate`` has not yet re-indexed every row."""
    return [blind_index(purpose, value, key=k) for k in keyring()]


# --- the model field ---------------------------------------------------------------------------


class _EmptyOnlyExact(Exact):
    """``field = ''`` (constraints, "has no phone"); any other value could never match a
    randomly-encrypted column, so asking is a programming error, said at once."""

    def get_prep_lookup(self) -> Any:
        if not hasattr(self.rhs, "resolve_expression") and self.rhs != "":
            raise TypeError(
                f"{self.lhs.target.model.__name__}.{self.lhs.target.name} 是加密字段，"
                "只能按空值查询；精确查找请用盲索引 (zhifa.core.crypto.blind_index)"
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """A text column stored as an SM4-GCM token and read back as its plaintext. The associated
    data is ``label`` if given, else ``<db_table>.<column>``: keep it when renaming a model or a
    column (it is in the migration), or every value of the column stops decrypting."""

    description = "加密存储的文本 (SM4-GCM)"

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        self.label = label
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.label:
            kwargs["label"] = self.label
        return name, path, args, kwargs

    @property
    def aad_label(self) -> str:
        return self.label or f"{self.model._meta.db_table}.{self.column}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None:
            return None
        return decrypt(value, self.aad_label)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value), self.aad_label)

    def formfield(self, **kwargs: Any) -> Any:
        # One line, like the CharField it replaces (the admin); the actions check lengths.
        kwargs.setdefault("widget", forms.TextInput)
        return super().formfield(**kwargs)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None


def encrypted_fields(model: type[models.Model]) -> Sequence[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


# --- migrations: encrypting the plain values a table already holds ---------------------------


def _raw_batches(cursor: Any, table: str, columns: Sequence[str], batch: int) -> Any:
    last = 0
    while True:
        cursor.execute(
            f"SELECT id, {', '.join(columns)} FROM {table} WHERE id > %s ORDER BY id LIMIT %s",
            [last, batch],
        )
        rows = cursor.fetchall()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def convert_columns(
    connection: Any, model: type[models.Model], names: Sequence[str], *, forwards: bool
) -> int:
    """For a data migration (``model`` from ``apps.get_model``): encrypt (``forwards``) or
    decrypt every value of the columns ``names`` with raw SQL, in batches of 1,000; values
    already in the wanted form are left alone, so a rerun changes nothing. Returns the rows
    changed."""
    table = model._meta.db_table
    fields = [model._meta.get_field(n) for n in names]
    encrypted = [f for f in fields if isinstance(f, EncryptedTextField)]
    if len(encrypted) != len(fields):
        raise TypeError(f"{model.__name__}: {names} are not all encrypted fields")
    columns = [str(f.column) for f in encrypted]
    labels = [f.aad_label for f in encrypted]
    sets = ", ".join(f"{c} = %s" for c in columns)
    changed = 0
    with connection.cursor() as cursor:
        for rows in _raw_batches(cursor, table, columns, 1000):
            updates = []
            for pk, *values in rows:
                new = [
                    _convert(v or "", label, forwards)
                    for v, label in zip(values, labels, strict=True)
                ]
                if new != [v or "" for v in values]:
                    updates.append((*new, pk))
            if updates:
                cursor.executemany(f"UPDATE {table} SET {sets} WHERE id = %s", updates)
                changed += len(updates)
    return changed


def _convert(value: str, label: str, forwards: bool) -> str:
    is_token = value.startswith(PREFIX + ":")
    if forwards:
        return value if is_token or value == "" else encrypt(value, label)
    return decrypt(value, label) if is_token else value
