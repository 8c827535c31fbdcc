"""The decisions (行政处罚法 Arts 52, 57, 59) and their service (Art 61): 行政处罚决定书,
不予行政处罚决定书, 当场行政处罚决定书, 送达地址确认书, 送达回证."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from zhifa.cases.actions.aftercare import SERVICE_MODES
from zhifa.cases.choices import Outcome
from zhifa.cases.models import Case, Decision, Hearing, LegalReview, Statement
from zhifa.core.errors import DomainError
from zhifa.documents.choices import SERVED_KINDS, DocumentKind
from zhifa.documents.contexts import common
from zhifa.documents.contexts.investigation import proposal_block
from zhifa.documents.formatting import cn_date, cn_datetime, lines, without_lead, zh
from zhifa.law import statute
from zhifa.performance.models import Reminder

DECISION_KINDS = frozenset(
    {
        DocumentKind.PENALTY_DECISION,
        DocumentKind.NO_PENALTY_DECISION,
        DocumentKind.ON_THE_SPOT_DECISION,
    }
)


def decisions_for(case: Case, kind: str) -> Any:
    rows = Decision.objects.filter(case=case).select_related("decided_by", "replaces")
    if kind == DocumentKind.ON_THE_SPOT_DECISION:
        return rows.filter(on_the_spot=True)
    if kind == DocumentKind.NO_PENALTY_DECISION:
        return rows.filter(outcome=Outcome.NO_PENALTY)
    return rows.filter(outcome=Outcome.PENALTY, on_the_spot=False)


def performance(fine: Any) -> dict[str, Any]:
    """Manner and deadline of performance (Art 59(4), Art 67 ¶3) — where to pay, from
    configuration (``common.payment``) — and the surcharge standard the party must be told
    (Art 72 ¶1(1); 行政强制法 Art 45)."""
    return {
        "limit_days": statute.PAYMENT_LIMIT_DAYS,
        "payment_notice": common.payment_notice(),
        "surcharge_notice": (
            "到期不缴纳罚款的，本机关可以每日按罚款数额的百分之三加处罚款，"
            "加处罚款的数额不超出罚款的数额（《中华人民共和国行政处罚法》第七十二条第一款第一项）。"
        )
        if fine
        else "",
    }


def _review_document(case: Case, statement_id: int) -> Any:
    """The newest 陈述申辩复核意见书 written for a statement (not corrected since)."""
    from zhifa.documents.models import Document

    rows = Document.objects.filter(
        case=case, kind=DocumentKind.STATEMENT_REVIEW, corrections__isnull=True
    ).order_by("-id")
    for doc in rows:
        if (doc.context.get("review") or {}).get("statement_id") == statement_id:
            return doc
    return None


def statement_reviews(case: Case) -> list[dict[str, Any]]:
    """Each statement and defence with the bureau's review of it (Art 45: heard, re-examined,
    adopted where established): whether it was adopted and why — from the statement's own
    record, else from its 陈述申辩复核意见书. ``reviewed`` is False when neither says."""
    rows = []
    for s in Statement.objects.filter(case=case).order_by("id"):
        adopted, reasons, source = s.adopted, lines(s.response), ""
        if adopted is None:
            doc = _review_document(case, s.pk)
            if doc is not None:
                review = doc.context["review"]
                adopted, reasons, source = review["adopted"], review["reasons_lines"], doc.number
        rows.append(
            {
                "id": s.pk,
                "received_on": cn_date(s.received_on),
                "content_lines": lines(s.content),
                "adopted": adopted,
                "reasons_lines": reasons,
                "review_number": source,
                "reviewed": adopted is not None and (adopted or bool(reasons)),
            }
        )
    return rows


def require_reviewed(statements: list[dict[str, Any]]) -> None:
    """A penalty decision states, for every statement, whether it was adopted and — if not —
    why (Art 45); without that record the decision cannot be written (Art 62)."""
    missing = [s["received_on"] for s in statements if not s["reviewed"]]
    if missing:
        raise DomainError(
            "statement_not_reviewed",
            f"陈述申辩复核：当事人于{'、'.join(missing)}提出的陈述申辩尚未记录是否采纳及理由，"
            "请先制作陈述申辩复核意见书 (行政处罚法第45条)",
            field="statements",
        )


def procedure_block(case: Case) -> dict[str, Any]:
    notice = case.notices.order_by("-id").first()
    hearing = Hearing.objects.filter(case=case, held_on__isnull=False).order_by("-id").first()
    review = LegalReview.objects.filter(case=case, decided_on__isnull=False).order_by("-id")
    passed = review.first()
    return {
        "notice_served_on": cn_date(notice.served_on) if notice else "",
        "statement_waived_on": cn_date(notice.statement_waived_on) if notice else "",
        # Art 44, 63: the right to a hearing is stated whenever the notice offered it
        "hearing_offered": bool(notice and notice.hearing_offered),
        "statements": statement_reviews(case),
        "hearing_held_on": cn_date(hearing.held_on) if hearing else "",
        "hearing_absent": bool(hearing and hearing.party_absent),
        "legal_review_on": cn_date(passed.decided_on) if passed else "",
    }


def penalty_decision(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """行政处罚决定书 — every item of Art 59: (1) the party's name and address; (2) the facts
    and evidence; (3) the penalty and its basis; (4) manner and deadline of performance; (5) the
    route and time limit for review and litigation; (6) the deciding agency and date; the seal."""
    row = common.pick(
        decisions_for(case, DocumentKind.PENALTY_DECISION), extra, "decision", "处罚决定"
    )
    proposal = common.latest_proposal(case)
    procedure = procedure_block(case)
    require_reviewed(procedure["statements"])  # 行政处罚法 Art 45
    return {
        "decision": common.decision(row),
        "proposal": proposal_block(proposal) if proposal else None,
        "evidence": common.evidence(case),
        "procedure": procedure,
        "performance": performance(row.fine),
        "payment": common.payment(row.number, row.fine),
    }


def no_penalty_decision(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """不予行政处罚决定书 (Arts 33, 57 ¶1(2)–(3)): the reason, and the education given."""
    rows = decisions_for(case, DocumentKind.NO_PENALTY_DECISION)
    row = common.pick(rows, extra, "decision", "不予处罚决定")
    proposal = common.latest_proposal(case)
    return {
        "decision": common.decision(row),
        "proposal": proposal_block(proposal) if proposal else None,
        "evidence": common.evidence(case),
        "procedure": procedure_block(case),
    }


def _spot_times(case: Case, row: Decision, payload: dict[str, Any], event: Any) -> dict[str, str]:
    """When the act happened and when the decision was made on the spot (Art 52 ¶2: the time of
    the violation) — the times the officer recorded, not when the form reached the server."""
    act_at = payload.get("act_at")
    decided_at = payload.get("decided_at")
    return {
        "act_time": cn_datetime(datetime.fromisoformat(act_at))
        if act_at
        else cn_date(case.act_on or row.decided_on),
        "decided_time": cn_datetime(datetime.fromisoformat(decided_at))
        if decided_at
        else (cn_datetime(event.occurred_at) if event else cn_date(row.decided_on)),
    }


def on_the_spot_decision(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """当场行政处罚决定书 (Art 52 ¶2): the violation, penalty and basis, fine, time, place, the
    route and time limit for review (review first: 行政复议法 Art 23) and the agency; signed by
    the officers; the party's refusal to sign is noted (Art 52 ¶1)."""
    rows = decisions_for(case, DocumentKind.ON_THE_SPOT_DECISION)
    row = common.pick(rows, extra, "decision", "当场处罚决定")
    event = common.event_of(case, "decide_on_the_spot")
    payload = event.payload if event else {}
    return {
        "decision": common.decision(row),
        "spot": {
            **_spot_times(case, row, payload, event),
            "place": case.place,
            "facts": without_lead(payload.get("facts") or case.facts),
            "party_signed": payload.get("party_signed", True),
        },
        "performance": performance(row.fine),
        "payment": common.payment(row.number, row.fine),
        "review_first": True,
    }


def service_address(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """送达地址确认书: the address and contacts for service; electronic service only with the
    party's consent and signed confirmation (Art 61 ¶2)."""
    p = case.party
    return {
        "service_address": {
            "address": extra.get("address") or (p.address if p else ""),
            "phone": extra.get("phone") or (p.phone if p else ""),
            "email": extra.get("email", ""),
            "recipient": extra.get("recipient") or (p.name if p else ""),
            "electronic": bool(extra.get("electronic")),
        }
    }


def _served_document(case: Case, extra: dict[str, Any]) -> Any:
    from zhifa.documents.models import Document

    rows = Document.objects.filter(case=case, kind__in=list(SERVED_KINDS))
    return common.pick(rows, extra, "document", "已制发的需送达文书")


def _service_facts(case: Case, kind: str) -> tuple[date | None, str]:
    """When and how the document reached the party, as the record knows it."""
    if kind == DocumentKind.ON_THE_SPOT_DECISION:
        return case.decided_on, "当场交付"
    if kind in DECISION_KINDS:
        event = common.event_of(case, "record_service")
        mode = event.payload.get("mode_label", "") if event else ""
        return case.served_on, mode
    if kind == DocumentKind.ENFORCEMENT_REMINDER:
        reminder = Reminder.objects.filter(case=case).order_by("-id").first()
        return (reminder.served_on if reminder else None), "直接送达"
    return None, ""


def service_receipt(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """送达回证: the document served, the recipient, the mode, the date, and the signatures (or
    the refusal and the witness, 民事诉讼法 Art 89)."""
    doc = _served_document(case, extra)
    served_on, mode = _service_facts(case, doc.kind)
    if extra.get("served_on"):
        served_on = date.fromisoformat(extra["served_on"])
    mode = SERVICE_MODES.get(extra.get("mode", ""), mode)
    return {
        "served": {
            "document_id": doc.pk,
            "title": zh(doc.get_kind_display()),
            "number": doc.number,
            "issued_on": cn_date(doc.issued_on),
        },
        "service": {
            "recipient": extra.get("recipient") or (case.party.name if case.party else ""),
            "mode": mode,
            "served_on": cn_date(served_on),
            "place": extra.get("place") or (case.party.address if case.party else ""),
            "note": extra.get("note", ""),
        },
    }
