"""Blocks every document shares: the bureau, the case, the party (its real data: documents are
addressed to the party; public pages never show them), the violation, the officers with their
certificate numbers, the evidence. Each returns JSON-native values."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings

from zhifa.cases.choices import HandlerRole
from zhifa.cases.models import Case, CaseEvent, Decision, EvidenceFile, Proposal
from zhifa.documents.formatting import cn_date, cn_due, lines, money, sentence, zh
from zhifa.law.choices import PenaltyKind
from zhifa.org.choices import CertificateStatus
from zhifa.org.models import Officer
from zhifa.parties.models import Party

# Kinds of event whose files are the documents themselves, not evidence.
DOCUMENT_EVENTS = frozenset({"issue_document"})


def payment_notice() -> str:
    """How to pay (行政处罚法 Art 67 ¶3): the bank or e-payment channel of the local 非税收入
    system; configurable with ``ZHIFA_PAYMENT_NOTICE``."""
    return str(settings.ZHIFA_PAYMENT_NOTICE)


def bureau() -> dict[str, Any]:
    return {
        "name": settings.ZHIFA_BUREAU_NAME,
        "short": settings.ZHIFA_BUREAU_SHORT,
        "uscc": getattr(settings, "ZHIFA_BUREAU_USCC", ""),
        "review_body": settings.ZHIFA_REVIEW_BODY,
        "court": settings.ZHIFA_COURT,
    }


def party(row: Party | None) -> dict[str, Any]:
    if row is None:
        return {"name": "", "address": "", "id_number": ""}
    return {
        "kind": row.kind,
        "kind_label": row.get_kind_display(),
        "is_person": row.is_person,
        "name": row.name,
        "id_type_label": row.get_id_type_display(),
        "id_number": row.id_number,
        "address": row.address,
        "phone": row.phone,
        "legal_representative": row.legal_representative,
        "representative_label": "经营者" if row.kind == "sole_trader" else "法定代表人（负责人）",
    }


def case_block(case: Case) -> dict[str, Any]:
    item = case.violation_item
    return {
        "number": case.number,
        "procedure": case.procedure,
        "procedure_label": case.get_procedure_display(),
        "source_label": case.get_source_display(),
        "cause": item.name if item else "",
        "place": case.place,
        "facts": case.facts,
        "facts_lines": lines(case.facts),
        "facts_sentence": "".join(lines(case.facts)).rstrip("。；;.， "),
        "facts_text": sentence(case.facts),
        "act_on": cn_date(case.act_on),
        "found_on": cn_date(case.found_on),
        "filed_on": cn_date(case.filed_on),
        "decided_on": cn_date(case.decided_on),
        "served_on": cn_date(case.served_on),
        "payment_due": cn_due(case.payment_due),
        "street": case.street.name if case.street else "",
        "handling_unit": case.handling_unit.name,
    }


def violation(case: Case) -> dict[str, Any]:
    item = case.violation_item
    if item is None:
        return {"name": "", "violated_provision": "", "penalty_provision": ""}
    return {
        "code": item.code,
        "name": item.name,
        "violated_provision": item.violated_provision,
        "penalty_provision": item.penalty_provision,
    }


def certificate_number(officer: Officer) -> str:
    cert = (
        officer.certificates.filter(status=CertificateStatus.VALID).order_by("-issued_on").first()
        or officer.certificates.order_by("-issued_on").first()
    )
    return cert.number if cert else ""


def officer(row: Officer, role: str = "") -> dict[str, str]:
    return {"name": row.name, "certificate": certificate_number(row), "role": role}


def officers(case: Case) -> list[dict[str, str]]:
    """The active handlers (承办人), lead first, each with the certificate number that the
    document shows (行政处罚法 Arts 42, 55)."""
    rows = case.handlers.filter(recused_on__isnull=True).select_related("officer").order_by("id")
    ordered = sorted(rows, key=lambda h: h.role != HandlerRole.LEAD)  # 主办 first
    return [officer(h.officer, h.get_role_display()) for h in ordered]


def evidence(case: Case) -> list[dict[str, Any]]:
    """The evidence (行政处罚法 Art 46): files attached to the record, and the transcripts."""
    rows: list[dict[str, Any]] = []
    files = (
        EvidenceFile.objects.filter(case=case)
        .exclude(event__kind__in=DOCUMENT_EVENTS)
        .select_related("event")
        .order_by("event__seq", "id")
    )
    for f in files:
        rows.append(
            {
                "name": f.description or f.name,
                "kind_label": zh(f.get_kind_display()),
                "collected_on": cn_date(f.event.occurred_at),
                "file": f.name,
            }
        )
    for t in case.transcripts.all():
        who = "被询问人" if t.kind == "interview" else "在场人"
        rows.append(
            {
                "name": zh(t.get_kind_display())
                + (f"，{who}：{t.interviewee}" if t.interviewee else f"，地点：{t.place}"),
                "kind_label": "勘验笔录、现场笔录"
                if t.kind == "site_inspection"
                else "当事人的陈述",
                "collected_on": cn_date(t.started_at),
                "file": "",
            }
        )
    for i, row in enumerate(rows, start=1):
        row["no"] = i
    return rows


def event_of(case: Case, kind: str) -> CaseEvent | None:
    return CaseEvent.objects.filter(case=case, kind=kind).order_by("-seq").first()


def actor_name(event: CaseEvent | None) -> str:
    if event is None or event.actor is None:
        return ""
    return event.actor.display_name


def latest_proposal(case: Case) -> Proposal | None:
    return Proposal.objects.filter(case=case).order_by("-id").first()


def penalty_lines(kinds: list[str], fine: Any) -> list[str]:
    """The penalties as the decision states them, e.g. 罚款人民币伍仟元整(¥5,000.00)."""
    out = []
    for kind in kinds:
        if kind == PenaltyKind.FINE and fine is not None:
            amount = money(fine)
            assert amount is not None
            out.append(f"罚款{amount['text']}")
        elif kind == PenaltyKind.CORRECTION_ORDER:
            out.append("责令改正违法行为")
        elif kind == PenaltyKind.DEMOLITION:
            out.append("限期拆除违法建设")
        elif kind in PenaltyKind.values:
            out.append(zh(PenaltyKind(kind).label))
    return out


def decision(row: Decision) -> dict[str, Any]:
    kinds = list(row.penalty_kinds or [])
    return {
        "number": row.number,
        "decided_on": cn_date(row.decided_on),
        "decided_on_iso": row.decided_on.isoformat(),
        "decided_by": row.decided_by.display_name,
        "outcome": row.outcome,
        "outcome_label": row.get_outcome_display(),
        "penalty_kinds": kinds,
        "penalty_labels": [zh(PenaltyKind(k).label) for k in kinds if k in PenaltyKind.values],
        "penalty_lines": penalty_lines(kinds, row.fine),
        "fine": money(row.fine),
        "on_the_spot": row.on_the_spot,
        "collected_on_spot": row.collected_on_spot,
        "no_penalty_reason": zh(row.get_no_penalty_reason_display())
        if row.no_penalty_reason
        else "",
        "education_given": row.education_given,
        "transfer_to": row.transfer_to,
        "remedy_notice": row.remedy_notice,
        "replaces": row.replaces.number if row.replaces_id and row.replaces else "",
    }


def base(case: Case, kind_label: str, on: date) -> dict[str, Any]:
    return {
        "title": zh(kind_label),
        "bureau": bureau(),
        "case": case_block(case),
        "party": party(case.party),
        "violation": violation(case),
        "officers": officers(case),
        "today": cn_date(on),
        "today_iso": on.isoformat(),
    }


def pick(rows: Any, extra: dict[str, Any], key: str, label: str) -> Any:
    """The row named by ``extra[key]`` (an id), else the latest; refused when there is none."""
    from zhifa.core.errors import DomainError

    wanted = extra.get(key)
    row = rows.filter(pk=wanted).first() if wanted else rows.order_by("-id").first()
    if row is None:
        raise DomainError("no_source", f"本案尚无{label}，不能制作该文书")
    return row
