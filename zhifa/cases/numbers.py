"""Case and decision numbers: gapless per kind and year (``core.sequences``)."""

from __future__ import annotations

from django.conf import settings

from zhifa.core.sequences import next_number
from zhifa.documents.choices import DocumentKind
from zhifa.documents.numbering import format_number

CASE_WORDS = {"general": "案", "simple": "简"}
DECISION_WORDS = {
    "penalty": "罚决字",
    "no_penalty": "不罚字",
    "transfer": "移字",
    "on_the_spot": "当罚字",
}


def case_number(procedure: str, year: int) -> str:
    n = next_number(f"case:{procedure}:{year}")
    return f"{settings.ZHIFA_BUREAU_SHORT}{CASE_WORDS[procedure]}〔{year}〕{n:05d}号"


DECISION_DOCUMENTS = {
    "penalty": DocumentKind.PENALTY_DECISION,
    "no_penalty": DocumentKind.NO_PENALTY_DECISION,
    "on_the_spot": DocumentKind.ON_THE_SPOT_DECISION,
}


def decision_number(kind: str, year: int) -> str:
    """The 文号 of a decision; its document (documents app) carries the same number. A
    transfer is numbered as a 移送 letter."""
    n = next_number(f"decision:{kind}:{year}")
    if kind in DECISION_DOCUMENTS:
        return format_number(DECISION_DOCUMENTS[kind], year, n)
    return f"{settings.ZHIFA_BUREAU_SHORT}{DECISION_WORDS[kind]}〔{year}〕第{n}号"
