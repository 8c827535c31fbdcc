"""Reserving a document, inside the transaction of the step (or of 制作文书) that makes it:
the gapless 文号 (``numbering``), the context built from the case as it is now and frozen with
its SHA-256, the layout (template row and digest), the seal, the verification code, the
signatures placed on it, and the ``Document`` row linked to the step's event. Nothing is
rendered here: the files are made after commit (``renderer.render_pending``), outside the lock
that holds the number, so other writes are not kept waiting by a PDF."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from zhifa.cases.models import Case, CaseEvent
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.documents import seal, templating, verify
from zhifa.documents.choices import SERVED_KINDS, DocumentKind
from zhifa.documents.contexts import build_context, digest
from zhifa.documents.contexts.common import pick
from zhifa.documents.contexts.decision import DECISION_KINDS, decisions_for
from zhifa.documents.formatting import cn_date, zh
from zhifa.documents.models import Document, Signature
from zhifa.documents.numbering import next_document_number
from zhifa.org.models import User


@dataclass(frozen=True)
class Prepared:
    """Everything a document says, decided inside the transaction before its row is written."""

    kind: str
    number: str
    year: int
    day: date
    context: dict[str, Any]
    context_sha256: str
    source: templating.TemplateSource
    code: str
    signatures: list[Signature]
    corrects: Document | None

    def payload(self) -> dict[str, Any]:
        """What the ``issue_document`` event records (hash-chained with the case record)."""
        return {
            "document_kind": self.kind,
            "title": DocumentKind(self.kind).label,
            "number": self.number,
            "issued_on": self.day,
            "verify_code": self.code,
            "context_sha256": self.context_sha256,
            "template": self.source.label,
            "template_digest": self.source.digest,
            "corrects": self.corrects.number if self.corrects else None,
            "signatures": [s["sha256"] or f"拒签:{s['name']}" for s in self.context["signatures"]],
        }


def check_kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise InvalidInput("invalid_choice", f"文书种类「{kind}」无效", field="kind")
    return kind


def _decision_day(case: Case, kind: str, day: date, extra: dict[str, Any]) -> date:
    """A decision document is dated the day of its decision (Art 59(6)), whenever it is made."""
    if kind not in DECISION_KINDS:
        return day
    return pick(decisions_for(case, kind), extra, "decision", "相应的决定").decided_on


def _number(
    case: Case, kind: str, day: date, extra: dict[str, Any], corrects: Document | None
) -> tuple[str, int]:
    """The 文号. A decision document carries its decision's number (drawn when the decision was
    made); a correction, and every other kind, draws the next number of its sequence here,
    inside the reserving transaction: a rollback gives it back, a commit keeps it for good
    (a failed render is retried, never renumbered)."""
    if kind in DECISION_KINDS and corrects is None:
        decision = pick(decisions_for(case, kind), extra, "decision", "相应的决定")
        if Document.objects.filter(number=decision.number).exists():
            raise DomainError("already_issued", f"{decision.number}已制发；如需更正，请制作更正件")
        return decision.number, decision.decided_on.year
    return next_document_number(kind, day.year), day.year


def check_correction(case: Case, kind: str, corrects: Document | None) -> None:
    if corrects is None:
        return
    if corrects.case_id != case.pk or corrects.kind != kind:
        raise InvalidInput("wrong_document", "只能更正本案同一种类的文书", field="corrects")
    later = corrects.corrections.first()
    if later is not None:
        raise DomainError(
            "already_corrected", f"{corrects.number}已被{later.number}更正，请更正最新的文书"
        )


def signatures_for(case: Case, kind: str, signatures: Iterable[Signature | int]) -> list[Signature]:
    ids = [s.pk if isinstance(s, Signature) else int(s) for s in signatures]
    rows = list(
        Signature.objects.select_for_update()
        .filter(pk__in=ids, case=case, document__isnull=True, kind=kind)
        .order_by("signed_at", "id")
    )
    if len(rows) != len(set(ids)):
        raise InvalidInput(
            "invalid_signature", "签名不属于本案本文书，或已用于其他文书", field="signatures"
        )
    return rows


def _signature_block(rows: list[Signature]) -> list[dict[str, Any]]:
    """The signatures as the document shows them; the images stay in storage (content-addressed,
    named here) and are read by the renderer."""
    return [
        {
            "role": s.role,
            "role_label": s.get_role_display(),
            "name": s.name,
            "refused": s.refused,
            "refusal_note": s.refusal_note,
            "signed_on": cn_date(s.signed_at),
            "sha256": s.image_sha256,
            "image_name": str(s.image.name) if s.image else "",
        }
        for s in rows
    ]


def _document_block(
    kind: str, number: str, day: date, code: str, corrects: Document | None, label: str
) -> dict[str, Any]:
    return {
        "number": number,
        "title": zh(DocumentKind(kind).label),
        "issued_on": cn_date(day),
        "issued_on_iso": day.isoformat(),
        "verify_code": code,
        "verify_code_display": verify.display(code),
        "verify_url": verify.verify_url(code),
        "corrects": {
            "number": corrects.number,
            "title": zh(corrects.get_kind_display()),
            "issued_on": cn_date(corrects.issued_on),
        }
        if corrects
        else None,
        "template": label,
        "served": kind in SERVED_KINDS,
    }


@dataclass(frozen=True)
class Draft:
    """What a document says, built from the case at ``version`` — possibly before the lock is
    taken (``issue_document`` builds it first, so the locked transaction stays short)."""

    kind: str
    day: date
    extra: dict[str, Any]
    version: int
    context: dict[str, Any]
    source: templating.TemplateSource
    seal: dict[str, Any] | None


def draft(
    case: Case, kind: str, *, day: date, extra: dict[str, Any] | None, corrects: Document | None
) -> Draft:
    """Build (not number) one document of ``case``; raises when the case lacks what it states."""
    kind = check_kind(kind)
    extra = dict(extra or {})
    check_correction(case, kind, corrects)
    if corrects is None:
        day = _decision_day(case, kind, day, extra)
    context = build_context(case, kind, on=day, extra=extra)
    frozen_seal = seal.freeze(case) if kind in SERVED_KINDS else None
    return Draft(kind, day, extra, case.version, context, templating.resolve(kind), frozen_seal)


def prepare(
    case: Case,
    kind: str,
    *,
    day: date,
    extra: dict[str, Any] | None = None,
    corrects: Document | None = None,
    signatures: Iterable[Signature | int] = (),
    drafted: Draft | None = None,
) -> Prepared:
    """Number and freeze one document of ``case`` (locked by the caller) — inside
    ``transaction.atomic``. Raises (and the caller's transaction rolls back, number included)
    when the case lacks what the document states. A ``drafted`` context built before the lock
    is used when the case has not changed since (same version); else it is built again here."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("documents must be reserved inside the step's transaction")
    if drafted is None or drafted.version != case.version or drafted.kind != kind:
        drafted = draft(case, kind, day=day, extra=extra, corrects=corrects)
    else:
        check_correction(case, kind, corrects)
    kind, day, extra = drafted.kind, drafted.day, drafted.extra
    context = dict(drafted.context)
    number, year = _number(case, kind, day, extra, corrects)
    sigs = signatures_for(case, kind, signatures)
    code = verify.new_code()
    source = drafted.source
    context["extra"] = extra  # kept so that a correction can repeat the same choices
    context["signatures"] = _signature_block(sigs)
    context["seal"] = drafted.seal
    context["document"] = _document_block(kind, number, day, code, corrects, source.label)
    return Prepared(kind, number, year, day, context, digest(context), source, code, sigs, corrects)


def create(
    prepared: Prepared, *, case: Case, event: CaseEvent | None, actor: User | None
) -> Document:
    """The frozen ``Document`` row, pending its render, linked to the step's event; the
    signatures are placed on it."""
    document = Document.objects.create(
        case=case,
        kind=prepared.kind,
        number=prepared.number,
        year=prepared.year,
        issued_on=prepared.day,
        issued_by=actor,
        template=prepared.source.row,
        template_digest=prepared.source.digest,
        context=prepared.context,
        context_sha256=prepared.context_sha256,
        verify_code=prepared.code,
        corrects=prepared.corrects,
        event=event,
    )
    for sig in prepared.signatures:
        sig.document = document
        sig.save(update_fields=["document"])
    return document
