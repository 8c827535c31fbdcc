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
from collections.abc import Callable, Iterable
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


def _not_serializable(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


# The canonical form: ``json.dumps(value, ensure_ascii=False, sort_keys=True,
# separators=(",", ":"))``. json.dumps builds a new encoder on every call; CPython's C encoder is
# made once here (without the circular-reference check: the values digested are trees) and
# gives the same text (zhifa/cases/tests/test_chain_material.py compares them).
_c_encoder = getattr(json.encoder, "c_make_encoder", None)
if _c_encoder is not None:
    _chunks = _c_encoder(
        None, _not_serializable, json.encoder.encode_basestring, None, ":", ",", True, False, True
    )

    def canonical_text(value: Any) -> str:
        """The canonical JSON text of ``value`` (``canonical`` before its UTF-8 encoding)."""
        if type(value) is str:
            return _json_string(value)
        return "".join(_chunks(value, 0))

else:  # pragma: no cover - a Python without the C accelerator
    _encoder = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def canonical_text(value: Any) -> str:
        """The canonical JSON text of ``value`` (``canonical`` before its UTF-8 encoding)."""
        return _encoder.encode(value)


_json_string = json.encoder.encode_basestring  # a str as JSON text (ensure_ascii=False)


def json_text(value: Any) -> str:
    """``canonical_text`` of one value, with strings, ints and None done directly."""
    kind = type(value)
    if kind is str:
        return _json_string(value)
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    return canonical_text(value)


def canonical(value: Any) -> bytes:
    return canonical_text(value).encode("utf-8")


@dataclass(frozen=True)
class Digests:
    sm3: str
    sha256: str


_SM3: Any
try:
    _SM3 = hashlib.new("sm3")  # copied for each digest: no look-up of the algorithm by name
except ValueError:  # pragma: no cover - an OpenSSL without SM3 fails at the first digest
    _SM3 = None


def digest_pair(data: bytes) -> tuple[str, str]:
    """SM3 and SHA-256 of ``data`` (hex)."""
    if _SM3 is None:  # pragma: no cover
        return hashlib.new("sm3", data).hexdigest(), hashlib.sha256(data).hexdigest()
    sm3 = _SM3.copy()
    sm3.update(data)
    return sm3.hexdigest(), hashlib.sha256(data).hexdigest()


def digest_bytes(data: bytes) -> Digests:
    return Digests(*digest_pair(data))


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
    """The exact bytes an event's digests are computed over: ``canonical`` of the dict
    ``{"case", "seq", "kind", "actor", "at", "place", "lat", "lon", "payload", "evidence",
    "prev"}``, written field by field into ``MATERIAL`` (zhifa/cases/tests/
    test_chain_material.py holds the two equal, and the bytes of one event pinned)."""
    return (
        MATERIAL
        % (
            json_text(actor_id),
            _json_string(utc_text(occurred_at)),
            json_text(case_number),
            evidence_text(evidence),
            json_text(kind),
            json_text(coordinate(latitude)),
            json_text(coordinate(longitude)),
            canonical_text(payload),
            json_text(place),
            prev_text(prev_sm3, prev_sha256),
            json_text(seq),
        )
    ).encode("utf-8")


def chain_digests(material: bytes) -> Digests:
    return digest_bytes(material)


# The canonical JSON object of an event's material, its keys in sorted order, each ``%s`` the
# JSON text of one value: actor, at, case, evidence, kind, lat, lon, payload, place, prev, seq.
MATERIAL = (
    '{"actor":%s,"at":%s,"case":%s,"evidence":%s,"kind":%s,"lat":%s,"lon":%s,"payload":%s,'
    '"place":%s,"prev":%s,"seq":%s}'
)
PAYLOAD_AT = MATERIAL.index('%s,"place"')  # the material is MATERIAL[:PAYLOAD_AT] … payload …


def utc_text(moment: datetime) -> str:
    """An event's moment as digested: ISO 8601 in UTC, to the microsecond."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def evidence_text(evidence: Iterable[tuple[str, str, int]]) -> str:
    """The JSON text of an event's evidence (SM3, SHA-256, size of each file; sorted)."""
    listed = sorted([list(e) for e in evidence])
    return canonical_text(listed) if listed else "[]"


def prev_text(prev_sm3: str, prev_sha256: str) -> str:
    return f"[{_json_string(prev_sm3)},{_json_string(prev_sha256)}]"


def stored_payload_text(stored: Any) -> str:
    """The canonical JSON text of a payload as the database hands it over (JSON text), read as
    Django's ``JSONField.from_db_value`` without a decoder reads it (``json.loads``; text that
    is not JSON stays that text)."""
    if type(stored) is str:
        if stored == "{}":
            return stored
        try:  # json.loads without its wrappers, for text one scan reads whole (as stored)
            value, end = _scan(stored, 0)
        except (StopIteration, ValueError):  # json.loads (below) tells which
            end = -1
        if end == len(stored):
            return canonical_text(value)
    if stored is None:
        return "null"
    try:
        value = json.loads(stored)
    except json.JSONDecodeError:
        value = stored
    return canonical_text(value)


_scan: Callable[[str, int], tuple[Any, int]] = json.decoder.JSONDecoder().scan_once  # type: ignore[attr-defined]


# --- The seal: HMAC-SM3 with a key kept outside the database (ADR 0007) -----------------------


def seal(key: bytes, label: str, text: str) -> str:
    """HMAC-SM3 (GB/T 32905 through OpenSSL 3) of ``text`` under ``key``, domain-separated by
    ``label`` so a MAC of one kind can never stand for another."""
    return hmac.new(key, f"zhifa-{label}-v1|{text}".encode(), "sm3").hexdigest()


def head_mac(key: bytes, case_id: int, event_count: int, head_sm3: str, head_sha256: str) -> str:
    """The case row's ``head_mac``: binds the case, its event count and both chain heads."""
    return seal(key, "head", f"{case_id}|{event_count}|{head_sm3}|{head_sha256}")


def head_sealer(key: bytes) -> Callable[[int, int, str, str], str]:
    """``head_mac`` under ``key`` with the key and the label's prefix taken in once (an audit
    seals every case): the same MAC, HMAC-SM3 over the same bytes."""
    keyed = hmac.new(key, b"zhifa-head-v1|", "sm3")

    def sealed(case_id: int, event_count: int, head_sm3: str, head_sha256: str) -> str:
        mac = keyed.copy()
        mac.update(f"{case_id}|{event_count}|{head_sm3}|{head_sha256}".encode())
        return mac.hexdigest()

    return sealed


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
