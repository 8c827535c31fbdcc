"""Documents of filing and investigation: 立案审批表, 笔录, 先行登记保存, 责令改正, 调查终结报告."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhifa.cases.choices import TranscriptKind
from zhifa.cases.models import Case, EvidencePreservation, Proposal, Transcript
from zhifa.documents.contexts import common
from zhifa.documents.formatting import (
    cn_date,
    cn_datetime,
    cn_due,
    lines,
    money,
    sentence,
    without_lead,
    zh,
)
from zhifa.law.choices import BandLevel, PenaltyKind


def filing_approval(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """立案审批表 (行政处罚法 Art 54): the clue, the proposed handlers and the head's approval."""
    requested = common.event_of(case, "request_filing")
    approved = common.event_of(case, "approve_filing")
    return {
        "filing": {
            "requested_on": cn_date(requested.occurred_at) if requested else "",
            "requested_by": common.actor_name(requested),
            "handler_opinion": extra.get("handler_opinion")
            or "经初步核实，当事人涉嫌违法，符合立案条件，建议立案调查。",
            "approved": case.filed_on is not None,
            "approved_on": cn_date(case.filed_on),
            "approved_by": common.actor_name(approved),
            "leader_opinion": ((approved.payload or {}).get("opinion") or "同意立案。")
            if approved
            else "",
        }
    }


def _transcript(case: Case, kind: str, extra: dict[str, Any]) -> dict[str, Any]:
    rows = Transcript.objects.filter(case=case, kind=kind)
    row = common.pick(rows, extra, "transcript", TranscriptKind(kind).label)
    return {
        "transcript": {
            "id": row.pk,
            "kind_label": zh(row.get_kind_display()),
            "started_at": cn_datetime(row.started_at),
            "ended_at": cn_datetime(row.ended_at),
            "place": row.place,
            "interviewee": row.interviewee,
            "content_lines": lines(row.content),
            "party_signed": row.party_signed,
            "refusal_note": row.refusal_note,
        }
    }


def site_inspection(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    return _transcript(case, TranscriptKind.SITE_INSPECTION, extra)


def interview(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    return _transcript(case, TranscriptKind.INTERVIEW, extra)


def _preservation(row: EvidencePreservation) -> dict[str, Any]:
    return {
        "id": row.pk,
        "items": lines(row.items),
        "requested_on": cn_date(row.requested_on),
        "approved_on": cn_date(row.approved_on),
        "approved_by": row.approved_by.display_name if row.approved_by else "",
        "decision_due": cn_due(row.decision_due),
        "decided_on": cn_date(row.decided_on),
        "decision": row.decision,
    }


def preservation_notice(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """证据先行登记保存通知书 (Art 56): approved by the head; decided within 7 working days."""
    rows = EvidencePreservation.objects.filter(case=case, approved_on__isnull=False)
    return {
        "preservation": _preservation(
            common.pick(rows, extra, "preservation", "经批准的先行登记保存")
        )
    }


def preservation_decision(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    rows = EvidencePreservation.objects.filter(case=case, decided_on__isnull=False)
    row = common.pick(rows, extra, "preservation", "先行登记保存处理决定")
    return {"preservation": _preservation(row)}


def correction_order(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """责令(限期)改正通知书 (行政处罚法 Art 28 ¶1): what to correct and by when — as the
    责令改正 step recorded it (its event), or as entered when issued by hand."""
    ordered = common.event_of(case, "order_correction")
    payload = ordered.payload if ordered else {}
    deadline = extra.get("deadline") or payload.get("due_on") or ""
    requirement = extra.get("requirement") or payload.get("content") or ""
    return {
        "correction": {
            "requirement": requirement or "立即停止违法行为，并依法改正、恢复原状",
            "deadline": cn_date(deadline) if deadline else "",
            "immediate": not deadline,
        }
    }


def proposal_block(row: Proposal) -> dict[str, Any]:
    kinds = list(row.penalty_kinds or [])
    level = row.discretion_level
    return {
        "submitted_on": cn_date(row.submitted_on),
        "author": row.author.display_name,
        "findings_lines": lines(row.findings),
        "findings": sentence(row.findings),
        "findings_body": without_lead(row.findings),
        "outcome_label": row.get_outcome_display(),
        "no_penalty_reason": zh(row.get_no_penalty_reason_display())
        if row.no_penalty_reason
        else "",
        "transfer_to": row.transfer_to,
        "penalty_labels": [zh(PenaltyKind(k).label) for k in kinds if k in PenaltyKind.values],
        "penalty_lines": common.penalty_lines(kinds, row.fine),
        "fine": money(row.fine),
        "discretion_level": BandLevel(level).label if level in BandLevel.values else "",
        "out_of_band": row.out_of_band,
        "out_of_band_reason": row.out_of_band_reason,
    }


def investigation_report(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """案件调查终结报告: the facts established, the evidence and the proposed handling."""
    row = common.pick(Proposal.objects.filter(case=case), extra, "proposal", "调查终结报告")
    return {"proposal": proposal_block(row), "evidence": common.evidence(case)}
