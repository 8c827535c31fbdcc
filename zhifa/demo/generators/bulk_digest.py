"""The record chains of a chunk of bulk cases: digests computed with ``zhifa.cases.chain``
(``event_material`` + ``chain_digests``), exactly as ``record.append_event`` computes them.

This module imports nothing from Django, so a worker process can run it while the main process
builds the next chunk (SM3 + SHA-256 + canonical JSON are most of a bulk case's cost)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any

from zhifa.cases.chain import GENESIS, chain_digests, event_material

# One event before digesting: (kind, actor id, moment (aware UTC), place, lat, lon, payload)
StepSpec = tuple[str, int | None, datetime, str, Decimal | None, Decimal | None, dict[str, Any]]
# One case: (number, case id, id of its first event, its steps in order)
ChainSpec = tuple[str, int, int, list[StepSpec]]
Row = tuple[Any, ...]


def digest_chains(
    specs: list[ChainSpec], postgres: bool
) -> tuple[list[Row], list[tuple[str, str]]]:
    """Event rows of every case in ``specs`` and each case's chain head (SM3, SHA-256)."""
    rows: list[Row] = []
    heads: list[tuple[str, str]] = []
    for number, case_id, first_id, steps in specs:
        prev_sm3 = prev_sha = GENESIS
        for i, (kind, actor, moment, place, lat, lon, payload) in enumerate(steps):
            digests = chain_digests(
                event_material(
                    case_number=number,
                    seq=i + 1,
                    kind=kind,
                    actor_id=actor,
                    occurred_at=moment,
                    place=place,
                    latitude=lat,
                    longitude=lon,
                    payload=payload,
                    evidence=(),
                    prev_sm3=prev_sm3,
                    prev_sha256=prev_sha,
                )
            )
            # Django keeps SQLite datetimes as naive UTC text ("YYYY-MM-DD HH:MM:SS").
            stored = moment if postgres else str(moment.replace(tzinfo=None))
            rows.append(
                (
                    first_id + i, case_id, i + 1, kind, actor, stored, place, lat, lon,
                    json.dumps(payload, ensure_ascii=False, separators=(",", ":")), None,
                    prev_sm3, digests.sm3, digests.sha256,
                )
            )  # fmt: skip
            prev_sm3, prev_sha = digests.sm3, digests.sha256
        heads.append((prev_sm3, prev_sha))
    return rows, heads
