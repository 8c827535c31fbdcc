"""Service in the demo year as the bureau does it: every document addressed to the party goes
through the delivery app (行政处罚法 Art 61; 民事诉讼法 Arts 87–95) — mostly in person with the
signed 送达回证 photographed, sometimes by lodging before witnesses — and each completion records
its case step and makes its 送达回证. Nothing is recorded as served by hand."""

from __future__ import annotations

import random
from datetime import date

from zhifa.cases.models import Case
from zhifa.delivery import actions
from zhifa.delivery.models import Service
from zhifa.documents.choices import DocumentKind
from zhifa.documents.models import Document
from zhifa.org.models import User
from zhifa.testing.service import in_force, signed_receipt_photo, unserved

WITNESSES = [["社区工作人员 刘芳", "物业管理员 陈强"], ["居委会主任 孙丽"]]


def serve(rng: random.Random, document: Document, *, actor: User, on: date) -> Service:
    """In person (7 in 8, the receipt photographed) or by lodging (the party refused to sign)."""
    if rng.random() < 0.875:
        scan = signed_receipt_photo()
        return actions.serve_in_person(document, actor=actor, served_on=on, receipt_scan=scan)
    return actions.serve_by_lodging(
        document,
        actor=actor,
        served_on=on,
        address=(document.case.party.address if document.case.party else "") or "当事人住所",
        refusal_note="受送达人拒绝签收",
        witnesses=rng.choice(WITNESSES),
        photos=(),
    )


def serve_kind(rng: random.Random, case: Case, kind: str, *, actor: User, on: date) -> None:
    """Serve the case's document of ``kind`` when the step made one (it may not exist when the
    case lacked what it states; then there is nothing to serve)."""
    document = in_force(case, kind)
    if document is not None and not document.services.filter(status="served").exists():
        serve(rng, document, actor=actor, on=max(on, document.issued_on))


def serve_rest(rng: random.Random, case: Case, *, actor: User, on: date) -> None:
    """Before closing: whatever addressed to the party is still unserved (a 责令改正通知书…)."""
    for document in unserved(case):
        serve(rng, document, actor=actor, on=max(on, document.issued_on))


__all__ = ["DocumentKind", "serve", "serve_kind", "serve_rest"]
