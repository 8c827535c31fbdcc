"""Serving a case's documents in tests the way the bureau does: through the delivery app,
in person, with a photo of the signed 送达回证 as proof (民事诉讼法 Art 87) — the completion
records the case step of the document's kind (the notice's periods, the decision's 15 days to
pay, the 催告书's 10 working days) and makes the 送达回证.

Tests (and the demo) never record a service by hand: the case steps of service are declared
``via="delivery"`` and refused anywhere else (行政处罚法 Art 61)."""

from __future__ import annotations

import io
from contextlib import AbstractContextManager, nullcontext
from datetime import date

from zhifa.cases.models import Case
from zhifa.cases.record import Upload
from zhifa.delivery import actions
from zhifa.delivery.choices import ServiceStatus
from zhifa.delivery.models import Service
from zhifa.documents.choices import SERVED_KINDS, DocumentKind
from zhifa.documents.models import Document
from zhifa.org.models import User

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def signed_receipt_photo() -> Upload:
    return Upload(io.BytesIO(PNG), "送达回证.png", "documentary", "签收的送达回证", "image/png")


def in_force(case: Case, kind: str) -> Document | None:
    """The latest document of ``kind`` in the case that no correction replaced."""
    return (
        Document.objects.filter(case=case, kind=kind, corrections__isnull=True)
        .order_by("-id")
        .first()
    )


def serve(document: Document, *, actor: User, on: date, recipient: str = "") -> Service:
    """直接送达 of ``document`` on ``on``, proved by the photo of the signed receipt."""
    return actions.serve_in_person(
        document,
        actor=actor,
        served_on=on,
        recipient=recipient,
        receipt_scan=signed_receipt_photo(),
    )


def serve_kind(case: Case, kind: str, *, actor: User, on: date) -> Service:
    """Serve the case's document of ``kind`` in force (it must have been made)."""
    document = in_force(case, kind)
    assert document is not None, f"{case.number} has no {DocumentKind(kind).label}"
    return serve(document, actor=actor, on=on)


def unserved(case: Case) -> list[Document]:
    """The case's documents addressed to the party, in force, with no completed service."""
    served = Service.objects.filter(case=case, status=ServiceStatus.SERVED).values("document_id")
    return list(
        Document.objects.filter(case=case, kind__in=SERVED_KINDS, corrections__isnull=True)
        .exclude(kind=DocumentKind.ON_THE_SPOT_DECISION)  # signed on the spot (Art 52 ¶2)
        .exclude(pk__in=served)
        .order_by("id")
    )


def serve_all(case: Case, *, actor: User, on: date) -> list[Service]:
    """Serve every document of the case still waiting for service (before closing)."""
    return [serve(doc, actor=actor, on=max(on, doc.issued_on)) for doc in unserved(case)]


def serve_decision(case: Case, *, actor: User, on: date) -> Service:
    """Serve the case's decision (penalty or no-penalty) in person on ``on``, recorded on that
    day: in a test whose clock stands earlier, the clock moves there for the entry."""
    case.refresh_from_db()
    kind = (
        DocumentKind.NO_PENALTY_DECISION
        if case.outcome == "no_penalty"
        else DocumentKind.PENALTY_DECISION
    )
    with _on_the_day(on):
        return serve_kind(case, kind, actor=actor, on=on)


def _on_the_day(day: date) -> AbstractContextManager[object]:
    from django.utils import timezone

    if day <= timezone.localdate():
        return nullcontext()
    import time_machine  # a test dependency: only tests serve across days

    return time_machine.travel(f"{day.isoformat()} 18:00 +0800", tick=False)
