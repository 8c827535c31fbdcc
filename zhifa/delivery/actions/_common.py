"""What every service action shares: the staff check, the checks on the document, writing a
service event into the case record, and completing a service — which sets off the case step of
the document's kind (the prior notice restarts the statement and hearing clocks, the decision
starts the 15 days to pay, the 催告书 starts the 10 working days)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhifa.cases.actions._common import notify_handlers
from zhifa.cases.actions.aftercare import record_service
from zhifa.cases.actions.notice import record_notice_service
from zhifa.cases.choices import CaseStatus
from zhifa.cases.models import Case, CaseEvent, PriorNotice
from zhifa.cases.record import CHAIN_FIELDS, Upload, append_event
from zhifa.cases.workflow import BOTH, HANDLERS, LEADERS, Step, check_table, through
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.delivery import rules
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.models import Service
from zhifa.documents.actions import reserve
from zhifa.documents.choices import SERVED_KINDS, DocumentKind
from zhifa.documents.models import Document
from zhifa.documents.renderer import renders_deferred
from zhifa.documents.tasks import render_after_commit
from zhifa.org.models import User
from zhifa.performance.actions import record_reminder_service

# Serving a document is the handlers' (or a leader's) work at any stage until the file is
# archived. Checked like a step of the table; the case step a completed service sets off is
# checked again by its own action (e.g. only handlers record the service of a decision).
SERVE = Step(
    "serve_document",
    "送达文书",
    frozenset(CaseStatus.values) - {CaseStatus.ARCHIVED},
    None,
    HANDLERS | LEADERS,
    BOTH,
    handler_only=False,
)


def lock_for_service(case_id: int, actor: User) -> Case:
    """Lock the case row (inside ``transaction.atomic``) and check that ``actor`` may serve."""
    case = Case.objects.select_for_update().get(pk=case_id)
    check_table(case, SERVE, actor)
    return case


def check_document(document: Document) -> None:
    """A document addressed to the party, still in force, not served already."""
    if document.kind not in SERVED_KINDS:
        raise DomainError(
            "not_served_kind", f"{document.get_kind_display()}是内部文书，无需向当事人送达"
        )
    later = document.corrections.order_by("-id").first()
    if later is not None:
        raise DomainError(
            "corrected", f"{document.number}已被{later.number}更正，请送达更正后的文书"
        )
    served = document.services.filter(status=ServiceStatus.SERVED).first()
    if served is not None:
        raise DomainError(
            "already_served",
            f"{document.number}已于 {served.served_on} {served.get_mode_display()}",
        )


def check_date(document: Document, day: date, field: str, *, future_ok: bool = False) -> None:
    if day < document.issued_on:
        raise InvalidInput(
            "before_issue", f"日期不能早于文书签发日期 {document.issued_on}", field=field
        )
    if not future_ok and day > timezone.localdate():
        raise InvalidInput("in_future", "日期不能晚于今天", field=field)


def new_service(
    document: Document, case: Case, mode: str, actor: User | None, **fields: Any
) -> Service:
    if case.party_id is None:
        raise DomainError("no_party", "本案尚未确定当事人，无法送达")
    fields.setdefault("recipient", case.party.name if case.party else "")
    return Service.objects.create(
        document=document,
        case=case,
        party_id=case.party_id,
        mode=mode,
        started_at=timezone.now(),
        started_by=actor,
        **fields,
    )


def write_event(
    case_id: int,
    kind: str,
    *,
    actor: User | None,
    payload: dict[str, Any],
    evidence: tuple[Upload, ...] | list[Upload] = (),
) -> CaseEvent:
    """Append one event to the case record, re-reading the case under its row lock (a case
    step run earlier in the same transaction may have moved the chain)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    event = append_event(case, kind, actor=actor, payload=payload, evidence=evidence)
    case.save(update_fields=CHAIN_FIELDS)
    return event


def describe(service: Service) -> dict[str, Any]:
    """The service as the case record keeps it."""
    doc = service.document
    article, rule = rules.RULES[service.mode]
    return {
        "document": doc.number,
        "document_kind": doc.kind,
        "title": doc.get_kind_display(),
        "service": service.pk,
        "mode": service.mode,
        "mode_label": service.get_mode_display(),
        "recipient": service.recipient,
        "rule": f"{rule} ({article})",
    }


def complete(
    service: Service,
    *,
    served_on: date,
    actor: User | None,
    proof: dict[str, Any] | None = None,
    evidence: tuple[Upload, ...] | list[Upload] = (),
    served_at: datetime | None = None,
) -> Service:
    """The document reached the party on ``served_on`` (the mode's legal date): mark the
    service served, record it, and run the case step of the document's kind. Call inside
    ``transaction.atomic`` with the service row locked.

    A staff actor's case step is checked as usual and its refusal undoes everything. With no
    actor (the party's own page, or a public notice deemed served) a step the case no longer
    needs (the decision was already served by another mode, the notice already answered) is
    skipped and the reason kept in the record."""
    service.status = ServiceStatus.SERVED
    service.served_on = served_on
    service.served_at = served_at or timezone.now()
    step, skipped = _run_case_step(service, actor)
    service.completed_event = write_event(
        service.case_id,
        "service_completed",
        actor=actor,
        payload={
            **describe(service),
            "served_on": served_on,
            "served_at": service.served_at,
            **(proof or {}),
            "case_step": step,
            "case_step_skipped": skipped,
        },
        evidence=evidence,
    )
    service.receipt = _reserve_receipt(service, actor)
    service.save(
        update_fields=[
            "status", "served_on", "served_at", "completed_event", "reached_at", "receipt",
        ]
    )  # fmt: skip
    _close_others(service)
    if actor is None:  # the party opened it, or a public notice was deemed served
        notify_handlers(
            service.case_id,
            kind="service_completed",
            title=f"《{service.document.get_kind_display()}》{service.document.number}"
            f"已于 {served_on} {service.get_mode_display()}",
            url=f"/delivery/case/{service.case_id}/",
        )
    return service


def _reserve_receipt(service: Service, actor: User | None) -> Document:
    """The 送达回证 of the completed service (民事诉讼法 Art 87), made by the completion itself:
    numbered and frozen in this transaction, linked to the completion event, rendered after
    commit. The recipient's signature captured for the receipt is placed on it."""
    from zhifa.delivery.actions.receipt import receipt_extra, receipt_signatures

    case = Case.objects.select_for_update().get(pk=service.case_id)
    receipt = reserve(
        case,
        DocumentKind.SERVICE_RECEIPT,
        event=service.completed_event,
        actor=actor,
        on=service.served_on,
        extra=receipt_extra(service),
        signatures=receipt_signatures(service),
    )
    if not renders_deferred():
        render_after_commit([receipt.pk])  # by the worker (documents queue)
    return receipt


def _close_others(service: Service) -> None:
    """The first completed service is the legal one: other attempts still open for the same
    document end (the party's page keeps showing the document, now served)."""
    others = service.document.services.filter(status=ServiceStatus.PENDING).exclude(pk=service.pk)
    reason = f"文书已于 {service.served_on} {service.get_mode_display()}"
    others.update(status=ServiceStatus.FAILED, failed_at=timezone.now(), failure_reason=reason)


def _run_case_step(service: Service, actor: User | None) -> tuple[str | None, str | None]:
    """(the step run, or None; why it was skipped, or None)."""
    entry = rules.CASE_STEPS.get(service.document.kind)
    if entry is None:
        return None, None
    name, needs = entry
    case = Case.objects.get(pk=service.case_id)
    if case.status != needs:
        return None, f"案件状态为「{case.get_status_display()}」，不再登记{_LABELS[name]}"
    if name == "record_notice_service" and _notice_answered(case):
        return None, "当事人已就告知书作出答复，告知书送达日期不再变更"
    assert service.served_on is not None
    run = _STEP_CALLS[name](case, service, actor, service.served_on)
    with through("delivery"):  # the service steps are taken here only (their ``via``)
        if actor is not None:
            run()
            return name, None
        try:
            with transaction.atomic():
                run()
        except DomainError as exc:
            return None, exc.message
    return name, None


def _notice_answered(case: Case) -> bool:
    notice = PriorNotice.objects.filter(case=case).order_by("-id").first()
    if notice is None:
        return True
    return bool(
        notice.statements.exists() or notice.hearings.exists() or notice.statement_waived_on
    )


_LABELS = {
    "record_notice_service": "告知书送达",
    "record_service": "决定书送达",
    "record_reminder_service": "催告书送达",
}


Call = Callable[[Case, Service, User | None, date], Callable[[], Any]]


def _notice_call(case: Case, s: Service, actor: User | None, on: date) -> Callable[[], Any]:
    return lambda: record_notice_service(case, actor=actor, served_on=on, mode=s.mode)


def _decision_call(case: Case, s: Service, actor: User | None, on: date) -> Callable[[], Any]:
    note = f"{s.document.number} {s.get_mode_display()}"
    return lambda: record_service(case, actor=actor, served_on=on, mode=s.mode, note=note)


def _reminder_call(case: Case, s: Service, actor: User | None, on: date) -> Callable[[], Any]:
    return lambda: record_reminder_service(case, actor=actor, served_on=on)


_STEP_CALLS: dict[str, Call] = {
    "record_notice_service": _notice_call,
    "record_service": _decision_call,
    "record_reminder_service": _reminder_call,
}

IMMEDIATE_MODES = frozenset({ServiceMode.IN_PERSON, ServiceMode.LODGING, ServiceMode.ENTRUSTED})
