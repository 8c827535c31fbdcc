"""The security audit log's chained digest and its seals (ADR 0011).

Every event is digested with SM3 (GB/T 32905) over its content and the digest of the event
before it, so editing, deleting, inserting or reordering any event breaks every digest after
it. Each event also carries ``mac`` = HMAC-SM3(``ZHIFA_CHAIN_KEY``, seq ‖ digest): someone who can
write the database but has not the key cannot rewrite events and recompute the chain. What the
chain alone cannot show — its last events cut off — the checkpoints show (``SecurityCheckpoint``,
sealed the same way and mirrored to a file outside the database).

The key is the record's (ADR 0007), with its own labels, so a seal of one kind can never stand
for another; ``key_id`` is the same public fingerprint the case anchors print.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings

GENESIS = "0" * 64


def jsonable(value: Any) -> Any:
    """A detail in the one form stored and digested: decimals and dates as strings, no NUL
    (PostgreSQL's jsonb refuses it), keys as strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, (bool, int)) or value is None:
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return str(value)
    return str(value).replace("\x00", "")


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def sm3(data: bytes) -> str:
    return hashlib.new("sm3", data).hexdigest()


def timestamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="microseconds")


# The fields of an event that its digest covers, in the order of the archive's lines.
EVENT_FIELDS = (
    "seq",
    "at",
    "kind",
    "actor_id",
    "actor_name",
    "address",
    "object_type",
    "object_id",
    "object_label",
    "outcome",
    "detail",
    "prev_digest",
)


def event_material(row: dict[str, Any]) -> bytes:
    """The exact bytes an event's digest is computed over (``row`` holds ``EVENT_FIELDS``;
    ``at`` a datetime or its ``timestamp``)."""
    at = row["at"]
    return canonical(
        {
            "log": "zhifa-security-v1",
            **{name: row[name] for name in EVENT_FIELDS},
            "at": at if isinstance(at, str) else timestamp(at),
        }
    )


def chain_key() -> bytes:
    """``ZHIFA_CHAIN_KEY``, kept outside the database (settings refuse production without)."""
    return str(settings.ZHIFA_CHAIN_KEY).encode()


def seal(key: bytes, label: str, text: str) -> str:
    """HMAC-SM3 of ``text`` under ``key``, domain-separated by ``label`` (as ``cases.chain``)."""
    return hmac.new(key, f"zhifa-{label}-v1|{text}".encode(), "sm3").hexdigest()


def event_mac(key: bytes, seq: int, digest: str) -> str:
    return seal(key, "security-event", f"{seq}|{digest}")


def record_mac(key: bytes, label: str, digest: str) -> str:
    """The seal of a checkpoint or an archive (``label``), over its own digest."""
    return seal(key, f"security-{label}", digest)


def key_id(key: bytes) -> str:
    """The key's public fingerprint (16 hex digits), the same the case anchors carry."""
    return seal(key, "key-id", "")[:16]


def matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected, given)
