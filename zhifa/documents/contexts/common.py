"""Blocks every document shares: the bureau, the case, the party (its real data: documents are
addressed to the party; public pages never show them), the violation, the officers with their
certificate numbers, the evidence. Each returns JSON-native values."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.conf import settings

from zhifa.cases.choices import EvidenceKind, HandlerRole
from zhifa.cases.models import Case, CaseDeadline, CaseEvent, Decision, Proposal
from zhifa.documents.formatting import cn_date, cn_due, lines, money, sentence, without_lead, zh
from zhifa.law.choices import NON_PENALTY_MEASURES, BandLevel, PenaltyKind
from zhifa.org.choices import CertificateStatus
from zhifa.org.models import Officer
from zhifa.parties.models import Party

# Kinds of event whose files are the documents themselves, not evidence.
DOCUMENT_EVENTS = frozenset({"issue_document", "document_rendered"})


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
        "facts_body": without_lead(case.facts),
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


EVIDENCE_EVENTS = frozenset({"add_evidence", "correct_evidence"})


def _superseded(case: Case) -> set[int]:
    """Events a later event corrects or voids: their evidence is no longer the case's."""
    return set(
        CaseEvent.objects.filter(case=case, corrects__isnull=False).values_list(
            "corrects_id", flat=True
        )
    )


def evidence(case: Case) -> list[dict[str, Any]]:
    """The evidence (行政处罚法 Art 46) as a decision lists it: each item by its kind, what it is
    and when it was collected — never by a file's name. One item per evidence entry of the
    record (its files counted), then the transcripts (勘验笔录、现场笔录 / 当事人的陈述)."""
    gone = _superseded(case)
    events = (
        CaseEvent.objects.filter(case=case)
        .exclude(kind__in=DOCUMENT_EVENTS)
        .exclude(pk__in=gone)
        .prefetch_related("evidence")
        .order_by("seq")
    )
    rows: list[dict[str, Any]] = []
    for event in events:
        files = list(event.evidence.all())
        if not files and event.kind not in EVIDENCE_EVENTS:
            continue
        payload = event.payload or {}
        kinds = [f.kind for f in files] or [payload.get("kind", "")]
        for kind in dict.fromkeys(kinds):
            of_kind = [f for f in files if f.kind == kind]
            described = next((f.description for f in of_kind if f.description), "")
            label = EvidenceKind(kind).label if kind in EvidenceKind.values else "证据"
            rows.append(
                {
                    "kind_label": zh(label),
                    "name": described or payload.get("description") or zh(label),
                    "collected_on": cn_date(event.occurred_at),
                    "files": len(of_kind),
                }
            )
    for t in case.transcripts.filter(voided__isnull=True).order_by("started_at", "id"):
        who = "被询问人" if t.kind == "interview" else "在场人"
        rows.append(
            {
                "name": zh(t.get_kind_display())
                + (f"（{who}：{t.interviewee}）" if t.interviewee else f"（地点：{t.place}）"),
                "kind_label": "勘验笔录、现场笔录"
                if t.kind == "site_inspection"
                else "当事人的陈述",
                "collected_on": cn_date(t.started_at),
                "files": 0,
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
    """The administrative penalties (Art 9) as a decision states them, e.g.
    罚款人民币伍仟元整（¥5,000.00）. 责令改正 and 限期拆除 are not penalties (Art 28): they are
    stated apart (``measure_lines``) with their deadline."""
    out = []
    for kind in kinds:
        if kind in NON_PENALTY_MEASURES:
            continue
        if kind == PenaltyKind.FINE and fine is not None:
            amount = money(fine)
            assert amount is not None
            out.append(f"罚款{amount['text']}")
        elif kind in PenaltyKind.values:
            out.append(zh(PenaltyKind(kind).label))
    return out


def correction_due(case: Case) -> date | None:
    """The correction deadline the bureau set (责令改正, Art 28 ¶1): the order's clock."""
    row = (
        CaseDeadline.objects.filter(case=case, kind="correction")
        .order_by("-started_on", "-id")
        .first()
    )
    return row.due_on if row else None


def measure_lines(kinds: list[str], due: date | None) -> list[str]:
    """责令改正 / 限期拆除 with their deadline — stated apart from the penalties (Art 28)."""
    by = f"于{cn_date(due)}前" if due else "立即"
    out = []
    if PenaltyKind.CORRECTION_ORDER in kinds:
        out.append(f"责令当事人{by}改正违法行为")
    if PenaltyKind.DEMOLITION in kinds:
        out.append(f"责令当事人{by}自行拆除违法建设")
    return out


def payment(number: str, fine: Any) -> dict[str, Any]:
    """Where and how to pay (行政处罚法 Art 67: the deciding bureau does not collect; the party
    pays the designated bank or through e-payment): the payee, its bank and account, and the
    缴款码 link, all from configuration (README) — empty when not configured, never invented."""
    template = str(settings.ZHIFA_PAYMENT_CODE_URL)
    code_url = ""
    if template and fine is not None:
        code_url = template.format(number=quote(number), amount=str(fine))
    return {
        "notice": payment_notice(),
        "payee_name": str(settings.ZHIFA_PAYEE_NAME),
        "payee_bank": str(settings.ZHIFA_PAYEE_BANK),
        "payee_account": str(settings.ZHIFA_PAYEE_ACCOUNT),
        "code_url": code_url,
    }


# 行政处罚法: the article each ground of 不予行政处罚 stands on, and what the decision orders
# beside it (the guardian's duty, Arts 30 and 31).
NO_PENALTY_BASIS: dict[str, tuple[str, str]] = {
    "minor": ("第三十三条第一款、第五十七条第一款第二项", ""),
    "first_minor": ("第三十三条第一款、第五十七条第一款第二项", ""),
    "no_fault": ("第三十三条第二款、第五十七条第一款第二项", ""),
    "facts_not_established": ("第五十七条第一款第三项", ""),
    "under_age": ("第三十条、第五十七条第一款第二项", "责令其监护人加以管教"),
    "mental_incapacity": ("第三十一条、第五十七条第一款第二项", "责令其监护人严加看管和治疗"),
}


def no_penalty_basis(reason: str) -> dict[str, str]:
    article, guardian = NO_PENALTY_BASIS.get(reason, ("第五十七条第一款", ""))
    return {"no_penalty_article": article, "guardian_order": guardian}


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
        "measure_lines": measure_lines(kinds, correction_due(row.case)),
        "fine": money(row.fine),
        "on_the_spot": row.on_the_spot,
        "collected_on_spot": row.collected_on_spot,
        "no_penalty_reason": zh(row.get_no_penalty_reason_display())
        if row.no_penalty_reason
        else "",
        "education_given": row.education_given,
        **no_penalty_basis(row.no_penalty_reason),
        "transfer_to": row.transfer_to,
        "remedy_notice": row.remedy_notice,
        "replaces": row.replaces.number if row.replaces_id and row.replaces else "",
        # 分档: the finding that the case is serious, where the serious tier was applied
        "serious_lines": lines(row.serious_facts),
        "discretion_label": zh(BandLevel(row.discretion_level).label)
        if row.discretion_level in BandLevel.values
        else "",
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
