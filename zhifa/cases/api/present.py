"""Cases, events and deadlines as the API shows them to one viewer. The party goes through
``present_party`` only, so masking is decided where the pages decide it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Model
from django.urls import reverse
from ninja import Schema

from zhifa.calendar.periods import is_provisional
from zhifa.cases import review_checklist
from zhifa.cases.choices import CaseStatus, DeadlineKind, HandlerRole, Procedure
from zhifa.cases.models import Case, CaseDeadline, CaseEvent, CaseHandler, Hearing, LegalReview
from zhifa.cases.presenters import DETAIL_PARTS
from zhifa.law.choices import Category
from zhifa.org.models import User
from zhifa.parties.access import can_see_personal_data
from zhifa.parties.masking import mask_address, mask_id_number, mask_phone
from zhifa.parties.presenters import deferred, present_party, present_party_name

SUMMARY_RELATED = ("violation_item", "street", "party", "party__street")
# what a list row does not read: the party's encrypted columns (it shows the name only)
SUMMARY_DEFERRED = tuple(deferred("party__"))


def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def summary(case: Case, viewer: User) -> dict[str, Any]:
    """The row of a list, and what every action returns. Lists select ``SUMMARY_RELATED``."""
    item = case.violation_item
    return {
        "id": case.pk,
        "number": case.number,
        "procedure": case.procedure,
        "procedure_label": _label(Procedure, case.procedure),
        "status": case.status,
        "status_label": _label(CaseStatus, case.status),
        "version": case.version,
        "source": case.source,
        "category": case.category,
        "category_label": _label(Category, case.category) if case.category else "",
        "violation_code": item.code if item else None,
        "violation_name": item.name if item else None,
        "party_kind": case.party_kind,
        "party_name": present_party_name(case.party, viewer).name if case.party else None,
        "street_id": case.street_id,
        "street_name": case.street.name if case.street else None,
        "found_on": case.found_on,
        "filed_on": case.filed_on,
        "outcome": case.outcome,
        "decided_on": case.decided_on,
        "fine": case.fine,
        "served_on": case.served_on,
        "payment_due": case.payment_due,
        "payment_due_provisional": _provisional(case.payment_due),
        "paid": case.paid,
        "surcharge_paid": case.surcharge,
        "closed_on": case.closed_on,
        "archived_on": case.archived_on,
        "event_count": case.event_count,
    }


def with_case(schema: type[Schema], row: Model, case: Case, viewer: User) -> dict[str, Any]:
    """A step's row in ``schema`` with the updated case summary beside it."""
    case.refresh_from_db()
    return {**schema.from_orm(row).model_dump(), "case": summary(case, viewer)}


def review(row: LegalReview) -> dict[str, Any]:
    return {
        "id": row.pk,
        "submitted_on": row.submitted_on,
        "reasons": row.reasons,
        "decided_on": row.decided_on,
        "outcome": row.outcome,
        "opinion": row.opinion,
        "checklist": review_checklist.display(row.checklist),
        "reviewer": row.reviewer.display_name if row.reviewer else None,
    }


def hearing(row: Hearing) -> dict[str, Any]:
    return {
        "id": row.pk,
        "requested_on": row.requested_on,
        "notified_on": row.notified_on,
        "scheduled_on": row.scheduled_on,
        "place": row.place,
        "host_id": row.host_id,
        "host_name": row.host.name if row.host else None,
        "held_on": row.held_on,
        "party_absent": row.party_absent,
        "minutes": row.minutes,
    }


def _provisional(day: date | None) -> bool:
    """暂定: a date the next holiday schedule may still move (calendar.periods)."""
    return day is not None and is_provisional(day)


def _handlers(case: Case) -> list[dict[str, Any]]:
    """The lead first (the model's ordering by role puts 协办 "assist" before 主办 "lead")."""
    rows = sorted(
        CaseHandler.objects.filter(case=case).select_related("officer"),
        key=lambda r: (r.role != HandlerRole.LEAD, r.pk),
    )
    return [
        {
            "officer_id": r.officer_id,
            "name": r.officer.name,
            "role": r.role,
            "role_label": r.get_role_display(),
            "assigned_on": r.assigned_on,
            "recused_on": r.recused_on,
            "recusal_reason": r.recusal_reason,
        }
        for r in rows
    ]


def _latest(rows: Any) -> Any:
    """The latest row of a related manager or queryset (the step rows only grow)."""
    return rows.order_by("-id").first()


def detail(case: Case, viewer: User, today: date) -> dict[str, Any]:
    party = present_party(case.party, viewer) if case.party else None
    review_row = _latest(case.reviews.select_related("reviewer"))
    hearing_row = _latest(case.hearings.select_related("host"))
    return {
        **summary(case, viewer),
        "place": case.place,
        "latitude": case.latitude,
        "longitude": case.longitude,
        "facts": case.facts,
        "act_on": case.act_on,
        "act_ended_on": case.act_ended_on,
        "continuing": case.continuing,
        "extended_limitation": case.extended_limitation,
        "handling_unit": case.handling_unit.name,
        "major_public_interest": case.major_public_interest,
        "complex_case": case.complex_case,
        "requires_legal_review": case.requires_legal_review,
        "legal_review_done": case.legal_review_done,
        "requires_collective_discussion": case.requires_collective_discussion,
        "collective_discussion_done": case.collective_discussion_done,
        "hearing_offered": case.hearing_offered,
        "hearing_held": case.hearing_held,
        "decision_revoked": case.decision_revoked,
        "closing_reason": case.closing_reason,
        "chain_head_sm3": case.chain_head_sm3,
        "chain_head_sha256": case.chain_head_sha256,
        "party": {
            "id": party.pk,
            "kind": party.kind,
            "kind_label": party.kind_label,
            "name": party.name,
            "id_type": party.id_type,
            "id_number": party.id_number,
            "phone": party.phone,
            "address": party.address,
            "legal_representative": party.legal_representative,
            "masked": party.masked,
        }
        if party
        else None,
        "handlers": _handlers(case),
        "proposal": _latest(case.proposals),
        "notice": _latest(case.notices),
        "hearing": hearing(hearing_row) if hearing_row else None,
        "legal_review": review(review_row) if review_row else None,
        "discussion": _latest(case.discussions),
        "decision": _latest(case.decisions),
        "preservations": list(case.preservations.order_by("id")),
        "remedies": list(case.remedies.order_by("applied_on", "id")),
        **{
            key: value
            for part in DETAIL_PARTS
            for key, value in part.present(case, viewer, today).items()
        },
    }


def events(case: Case, viewer: User | None = None) -> list[dict[str, Any]]:
    """The record. For a ``viewer`` who sees the party masked, the personal data some payloads
    carry (the address of a lodging service …) masked as the pages mask it."""
    rows = (
        CaseEvent.objects.filter(case=case)
        .select_related("actor", "corrects")
        .prefetch_related("evidence")
        .order_by("seq")
    )
    whole = viewer is None or case.party is None or can_see_personal_data(viewer, case.party)
    return [event(e, whole=whole) for e in rows]


# Payload keys that hold personal data, and how a masked viewer sees them. The record itself
# is never rewritten (docs/adr/0012): what it holds is masked on the way out.
PAYLOAD_MASKS = {
    "address": mask_address,
    "phone": mask_phone,
    "id_number": mask_id_number,
}


def _payload(payload: dict[str, Any], whole: bool) -> dict[str, Any]:
    if whole:
        return payload
    return {
        k: PAYLOAD_MASKS[k](v) if k in PAYLOAD_MASKS and isinstance(v, str) else v
        for k, v in payload.items()
    }


def event(e: CaseEvent, *, whole: bool = True) -> dict[str, Any]:
    return {
        "seq": e.seq,
        "kind": e.kind,
        "actor_id": e.actor_id,
        "actor": e.actor.display_name if e.actor else None,
        "occurred_at": e.occurred_at,
        "place": e.place,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "payload": _payload(e.payload, whole),
        "corrects_seq": e.corrects.seq if e.corrects else e.payload.get("corrects_seq"),
        "evidence": [
            {
                "id": f.pk,
                "name": f.name,
                "kind": f.kind,
                "content_type": f.content_type,
                "size": f.size,
                "sm3": f.sm3,
                "sha256": f.sha256,
                "description": f.description,
                "url": reverse(
                    "api:case_evidence_file", kwargs={"case_id": e.case_id, "file_id": f.pk}
                ),
            }
            for f in e.evidence.all()
        ],
        "prev_sm3": e.prev_sm3,
        "digest_sm3": e.digest_sm3,
        "digest_sha256": e.digest_sha256,
    }


def deadline(d: CaseDeadline, today: date) -> dict[str, Any]:
    state = "cancelled" if d.cancelled else "met" if d.met_on else "open"
    return {
        "id": d.pk,
        "kind": d.kind,
        "kind_label": _label(DeadlineKind, d.kind),
        "started_on": d.started_on,
        "due_on": d.due_on,
        "provisional": d.provisional,
        "met_on": d.met_on,
        "cancelled": d.cancelled,
        "state": state,
        "overdue": state == "open" and d.due_on < today,
        "days_left": (d.due_on - today).days if state == "open" else None,
    }


def deadline_row(d: CaseDeadline, today: date) -> dict[str, Any]:
    item = d.case.violation_item
    return {
        **deadline(d, today),
        "case_id": d.case_id,
        "case_number": d.case.number,
        "case_status": d.case.status,
        "violation_name": item.name if item else None,
    }
