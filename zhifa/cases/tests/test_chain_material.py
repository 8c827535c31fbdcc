"""The digested bytes of an event are the canonical JSON they always were (ADR 0007).

``chain.event_material`` writes the material field by field into a template, and
``canonical_text`` reuses one C encoder; both must give exactly the bytes of
``json.dumps(..., ensure_ascii=False, sort_keys=True, separators=(",", ":"))`` of the event's
dict, or every stored digest would stop matching. No database: pure functions."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from zhifa.cases.chain import (
    GENESIS,
    canonical,
    canonical_text,
    chain_digests,
    digest_bytes,
    event_material,
    head_mac,
    head_sealer,
    stored_payload_text,
)
from zhifa.cases.chain import coordinate as coordinate_text


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def reference_material(**f: Any) -> bytes:
    """The definition of the material: one json.dumps of the event's dict (as chain.py had it)."""
    return _dumps(
        {
            "case": f["case_number"],
            "seq": f["seq"],
            "kind": f["kind"],
            "actor": f["actor_id"],
            "at": f["occurred_at"].astimezone(UTC).isoformat(timespec="microseconds"),
            "place": f["place"],
            "lat": coordinate_text(f["latitude"]),
            "lon": coordinate_text(f["longitude"]),
            "payload": f["payload"],
            "evidence": sorted([list(e) for e in f["evidence"]]),
            "prev": [f["prev_sm3"], f["prev_sha256"]],
        }
    ).encode("utf-8")


# Text with what JSON must escape: quotes, backslashes, control characters, percent signs (the
# template is %-formatted), CJK, emoji.
TEXT = st.text(
    st.one_of(
        st.sampled_from('"\\%/\n\t\r\b\f\x00\x1f\u2028 {}[],:'),
        st.characters(codec="utf-8"),
    ),
    max_size=12,
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)),
    max_leaves=12,
)
MOMENTS = st.datetimes(
    min_value=datetime(1000, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
) | st.datetimes(
    min_value=datetime(1000, 1, 2),
    max_value=datetime(9998, 12, 30),
    timezones=st.sampled_from([timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))]),
)
COORDINATES = st.one_of(
    st.none(), st.decimals(min_value=-180, max_value=180, places=6, allow_nan=False)
)
HEX = st.text("0123456789abcdef", min_size=64, max_size=64)
EVIDENCE = st.lists(st.tuples(HEX, HEX, st.integers(0, 2**40)), max_size=3)


@settings(max_examples=400, deadline=None)
@given(JSON)
def test_canonical_text_is_json_dumps_sorted_compact(value: Any) -> None:
    assert canonical_text(value) == _dumps(value)
    assert canonical(value) == _dumps(value).encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(
    case_number=TEXT,
    seq=st.integers(0, 10**6) | st.booleans(),
    kind=TEXT,
    actor_id=st.none() | st.integers(0, 10**9),
    occurred_at=MOMENTS,
    place=TEXT,
    latitude=COORDINATES,
    longitude=COORDINATES,
    payload=JSON,
    evidence=EVIDENCE,
    prev_sm3=HEX | st.just(GENESIS) | TEXT,
    prev_sha256=HEX | st.just(GENESIS) | TEXT,
)
def test_event_material_is_the_canonical_dict(**fields: Any) -> None:
    try:
        expected = reference_material(**fields)
    except UnicodeEncodeError:  # a lone surrogate: neither can encode it
        try:
            event_material(**fields)
        except UnicodeEncodeError:
            return
        raise AssertionError("event_material encoded what canonical JSON cannot") from None
    assert event_material(**fields) == expected


def test_event_material_pinned_bytes_and_digests() -> None:
    """One event's bytes and digests written out: a change of the format shows here first."""
    material = event_material(
        case_number="示范城管立〔2026〕00001号",
        seq=2,
        kind="add_evidence",
        actor_id=7,
        occurred_at=datetime(2026, 3, 5, 10, 0, tzinfo=timezone(timedelta(hours=8))),
        place='人民路"12"号',
        latitude=Decimal("39.9"),
        longitude=None,
        payload={"b": [1, "二"], "a": None},
        evidence=[("f" * 64, "e" * 64, 10), ("a" * 64, "b" * 64, 5)],
        prev_sm3="1" * 64,
        prev_sha256="2" * 64,
    )
    assert material.decode() == (
        '{"actor":7,"at":"2026-03-05T02:00:00.000000+00:00","case":"示范城管立〔2026〕00001号",'
        f'"evidence":[["{"a" * 64}","{"b" * 64}",5],["{"f" * 64}","{"e" * 64}",10]],'
        '"kind":"add_evidence","lat":"39.900000","lon":null,"payload":{"a":null,"b":[1,"二"]},'
        f'"place":"人民路\\"12\\"号","prev":["{"1" * 64}","{"2" * 64}"],"seq":2}}'
    )
    digests = chain_digests(material)
    assert digests == digest_bytes(material)
    assert digests.sm3 == hashlib.new("sm3", material).hexdigest()
    assert digests.sha256 == hashlib.sha256(material).hexdigest()


@settings(max_examples=100, deadline=None)
@given(
    key=st.binary(min_size=1, max_size=64),
    case_id=st.integers(1, 2**40),
    event_count=st.integers(0, 10**6),
    heads=st.tuples(HEX, HEX),
)
def test_head_sealer_is_head_mac(
    key: bytes, case_id: int, event_count: int, heads: tuple[str, str]
) -> None:
    sealed = head_sealer(key)
    assert sealed(case_id, event_count, *heads) == head_mac(key, case_id, event_count, *heads)
    assert sealed(case_id, event_count, *heads) == sealed(case_id, event_count, *heads)


def test_stored_payload_text_as_django_reads_it() -> None:
    assert stored_payload_text(None) == "null"
    assert stored_payload_text("{}") == "{}"
    assert stored_payload_text('{"b": 1, "a": "\\u4e8c"}') == '{"a":"二","b":1}'
    assert stored_payload_text("not json") == '"not json"'  # JSONField.from_db_value keeps it


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        JSON.map(json.dumps),
        JSON.map(lambda v: json.dumps(v, ensure_ascii=False, indent=1)),
        JSON.map(lambda v: f" {json.dumps(v)}\n"),
        st.text(max_size=20),
        st.sampled_from(['{"a": 1} x', "[1,", "", " ", "NaN", "-Infinity", '"\\ud800"', "1 2"]),
    )
)
def test_stored_payload_text_reads_as_json_loads(stored: str) -> None:
    """Whatever the column holds, the payload digested is what json.loads (or, for text that is
    not JSON, the text itself) gives, as JSONField.from_db_value reads it."""
    try:
        value = json.loads(stored)
    except json.JSONDecodeError:
        value = stored
    assert stored_payload_text(stored) == _dumps(value)
