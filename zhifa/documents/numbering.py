"""文号: per kind and year, gapless and unique even when many are issued at once (the
sequence row is locked inside the issuing transaction; a rollback returns the number)."""

from __future__ import annotations

from django.conf import settings

from zhifa.core.sequences import next_number
from zhifa.documents.choices import NUMBER_WORDS, DocumentKind

# The decision documents share the decision's sequence (zhifa.cases.numbers).
DECISION_KEYS: dict[str, str] = {
    DocumentKind.PENALTY_DECISION: "penalty",
    DocumentKind.NO_PENALTY_DECISION: "no_penalty",
    DocumentKind.ON_THE_SPOT_DECISION: "on_the_spot",
}


def prefix() -> str:
    return settings.ZHIFA_DOCUMENT_PREFIX or settings.ZHIFA_BUREAU_SHORT


def format_number(kind: str, year: int, n: int) -> str:
    return f"{prefix()}{NUMBER_WORDS[kind]}〔{year}〕第{n}号"


def next_document_number(kind: str, year: int) -> str:
    key = (
        f"decision:{DECISION_KEYS[kind]}:{year}" if kind in DECISION_KEYS else f"doc:{kind}:{year}"
    )
    return format_number(kind, year, next_number(key))
