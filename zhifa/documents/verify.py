"""Verification of a paper or PDF copy: the short code and QR link printed on every document
open ``/v/<code>``, a public page that shows what identifies the document and its digests, and
nothing about the party (行政处罚法 Art 50: personal data stays confidential)."""

from __future__ import annotations

import hashlib
import secrets
from typing import IO, Any

from django.conf import settings

from zhifa.documents.formatting import cn_date
from zhifa.documents.models import Document

# No 0/O, 1/I/L: the code is read off paper and typed.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8


def new_code() -> str:
    """A fresh code (31^8 ≈ 8.5 × 10^11: not guessable by enumeration of a district's files)."""
    while True:
        code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
        if not Document.objects.filter(verify_code=code).exists():
            return code


def normalise(code: str) -> str:
    return "".join(c for c in (code or "").upper() if c.isalnum())[:16]


def display(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == LENGTH else code


def verify_url(code: str) -> str:
    return f"{settings.ZHIFA_PUBLIC_BASE_URL.rstrip('/')}/v/{code}"


def find(code: str) -> Document | None:
    code = normalise(code)
    if len(code) != LENGTH:
        return None
    return Document.objects.filter(verify_code=code).first()


def public_record(doc: Document) -> dict[str, Any]:
    """The public page's data: an explicit allow-list — no party, no case facts, no officer."""
    correction = doc.corrections.order_by("issued_at", "id").first()
    a4 = doc.rendered()  # None while the file is still being made: the number is real already
    return {
        "number": doc.number,
        "title": doc.get_kind_display(),
        "issued_on": cn_date(doc.issued_on),
        "bureau": settings.ZHIFA_BUREAU_NAME,
        "rendered": a4 is not None,
        "pages": a4.pages if a4 else 0,
        "pdf_sm3": a4.pdf_sm3 if a4 else "",
        "pdf_sha256": a4.pdf_sha256 if a4 else "",
        "pdf_size": a4.pdf_size if a4 else 0,
        "verify_code": display(doc.verify_code),
        "corrected_by": correction.number if correction else "",
        "corrected_on": cn_date(correction.issued_on) if correction else "",
        "corrects": doc.corrects.number if doc.corrects_id and doc.corrects else "",
    }


def compare(doc: Document, upload: IO[bytes]) -> dict[str, Any]:
    """Digests of a visitor's copy against the issued PDF."""
    sm3, sha = hashlib.new("sm3"), hashlib.sha256()
    size = 0
    while block := upload.read(1 << 20):
        sm3.update(block)
        sha.update(block)
        size += len(block)
    result: dict[str, Any] = {"sm3": sm3.hexdigest(), "sha256": sha.hexdigest(), "size": size}
    # Any rendered layout of the document (A4, or the 80 mm slip handed over on the spot).
    result["match"] = any(
        result["sm3"] == r.pdf_sm3 and result["sha256"] == r.pdf_sha256
        for r in doc.renders.filter(status="rendered")
    )
    return result
