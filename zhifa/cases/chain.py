"""The full-process record's hash chain (执法全过程记录, 行政处罚法 Art 47).

Each case event is digested together with the digest of the case's previous event, with SM3
(GB/T 32905, the national standard) and SHA-256 alongside. Editing, deleting, inserting or
reordering any event changes every digest after it; the case row keeps the chain head, so
removing the last events alone is detected too. Evidence files enter the digest through their
own SM3/SHA-256, so a changed file breaks the event that attached it.

Removing the last events *and* setting the case row back would leave a shorter chain that is
consistent with itself; so the case row's (count, heads) is sealed with a key kept outside the
database (``head_mac``, HMAC-SM3: a rewound row cannot be re-sealed without the key), and a
daily anchor records every case's head (``zhifa.cases.anchor``: an old sealed row put back is
shorter than what the anchor saw). ADR 0007.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import IO, Any

GENESIS = "0" * 64


def jsonable(value: Any) -> Any:
    """Payload values in the one form stored and digested: Decimal and dates as strings."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    if isinstance(value, float):
        return repr(value)
    return str(value)


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


@dataclass(frozen=True)
class Digests:
    sm3: str
    sha256: str


def digest_bytes(data: bytes) -> Digests:
    return Digests(hashlib.new("sm3", data).hexdigest(), hashlib.sha256(data).hexdigest())


def digest_stream(stream: IO[bytes], chunk: int = 1 << 20) -> tuple[Digests, int]:
    """Digests and size of a file, read once in chunks."""
    sm3, sha = hashlib.new("sm3"), hashlib.sha256()
    size = 0
    while block := stream.read(chunk):
        sm3.update(block)
        sha.update(block)
        size += len(block)
    return Digests(sm3.hexdigest(), sha.hexdigest()), size


COORDINATE_PLACES = Decimal("0.000001")  # CaseEvent.latitude/longitude: DecimalField(9, 6)


def coordinate(value: Decimal | str | None) -> str | None:
    """A coordinate in the form the database stores it (six decimal places, rounded half to even
    as Django rounds it on save), so 39.9 given and 39.900000 read back digest the same."""
    if value is None:
        return None
    return str(Decimal(str(value)).quantize(COORDINATE_PLACES))


def event_material(
    *,
    case_number: str,
    seq: int,
    kind: str,
    actor_id: int | None,
    occurred_at: datetime,
    place: str,
    latitude: Decimal | None,
    longitude: Decimal | None,
    payload: Any,
    evidence: Iterable[tuple[str, str, int]],
    prev_sm3: str,
    prev_sha256: str,
) -> bytes:
    """The exact bytes an event's digests are computed over."""
    return canonical(
        {
            "case": case_number,
            "seq": seq,
            "kind": kind,
            "actor": actor_id,
            "at": occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
            "place": place,
            "lat": coordinate(latitude),
            "lon": coordinate(longitude),
            "payload": payload,
            "evidence": sorted([list(e) for e in evidence]),
            "prev": [prev_sm3, prev_sha256],
        }
    )


def chain_digests(material: bytes) -> Digests:
    return digest_bytes(material)


# --- The seal: HMAC-SM3 with a key kept outside the database (ADR 0007) -----------------------


def seal(key: bytes, label: str, text: str) -> str:
    """HMAC-SM3 (GB/T 32905 through OpenSSL 3) of ``text`` under ``key``, domain-separated by
    ``label`` so a MAC of one kind can never stand for another."""
    return hmac.new(key, f"zhifa-{label}-v1|{text}".encode(), "sm3").hexdigest()


def head_mac(key: bytes, case_id: int, event_count: int, head_sm3: str, head_sha256: str) -> str:
    """The case row's ``head_mac``: binds the case, its event count and both chain heads."""
    return seal(key, "head", f"{case_id}|{event_count}|{head_sm3}|{head_sha256}")


def key_id(key: bytes) -> str:
    """A public fingerprint of the key (16 hex digits), printed on anchors: a verifier running
    with another key is told so instead of seeing every case fail."""
    return seal(key, "key-id", "")[:16]


def state_line(case_id: int, number: str, event_count: int, head_sm3: str) -> bytes:
    """One case's line in an anchor's digests: SM3 over these lines in case-id order is the
    digest of the anchor's entries (``entries_sm3``) and of every case's head (``state_sm3``)."""
    return f"{case_id}|{number}|{event_count}|{head_sm3}\n".encode()


def anchor_material(fields: dict[str, Any]) -> bytes:
    """The bytes an anchor's own digest is computed over (its day, counts, digests, key id)."""
    return canonical({"anchor": "zhifa-v1", **fields})
