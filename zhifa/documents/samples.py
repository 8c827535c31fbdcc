"""Sample data for previews and template validation: one context per kind, as built from a
fictional demo case (``data/samples.json``; regenerate with
``zhifa/documents/tests/test_samples.py``)."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from zhifa.documents.choices import DocumentKind
from zhifa.documents.verify import verify_url

SAMPLES = Path(__file__).resolve().parent / "data" / "samples.json"
SAMPLE_CODE = "SAMP2345"


@cache
def _all() -> dict[str, dict[str, Any]]:
    if not SAMPLES.exists():
        return {}
    return json.loads(SAMPLES.read_text(encoding="utf-8"))


def document_block(kind: str, number: str = "示范城管罚决字〔2026〕第1号") -> dict[str, Any]:
    return {
        "number": number,
        "title": DocumentKind(kind).label,
        "issued_on": "2026年3月16日",
        "issued_on_iso": "2026-03-16",
        "verify_code": SAMPLE_CODE,
        "verify_code_display": "SAMP-2345",
        "verify_url": verify_url(SAMPLE_CODE),
        "corrects": None,
        "template": "示例",
    }


def sample_context(kind: str) -> dict[str, Any]:
    """A full context for ``kind`` with fictional data (a deep copy: callers may change it)."""
    samples = _all()
    context = copy.deepcopy(samples.get(kind) or samples.get(DocumentKind.PENALTY_DECISION) or {})
    context.setdefault("kind", kind)
    context["title"] = DocumentKind(kind).label
    context.setdefault("signatures", [])
    context["document"] = document_block(
        kind, context.get("document", {}).get("number", "") or "示范城管〔2026〕第1号"
    )
    return context
