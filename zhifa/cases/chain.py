"""The full-process record's hash chain (执法全过程记录, 行政处罚法 Art 47).

Each case event is digested together with the digest of the case's previous event, with SM3
(GB/T 32905, the national standard) and SHA-256 alongside. Editing, deleting, inserting or
reordering any event changes every digest after it; the case row keeps the chain head, so
removing the last event is detected too. Evidence files enter the digest through their own
SM3/SHA-256, so a changed file breaks the event that attached it.
"""

from __future__ import annotations

import hashlib
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
