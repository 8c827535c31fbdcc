"""After service: 催告书 (行政强制法 Art 35), 强制执行申请书 (Art 55), 结案审批表, 卷内目录."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.storage import default_storage

from zhifa.cases.choices import CaseStatus, Outcome
from zhifa.cases.models import Case, Decision, EvidenceFile
from zhifa.cases.preconditions import closing_problem
from zhifa.documents.contexts import common
from zhifa.documents.contexts.investigation import proposal_block
from zhifa.documents.formatting import cn_date, cn_due, money, zh
from zhifa.law import statute
from zhifa.performance import selectors
from zhifa.performance.models import CourtApplication, Payment, Reminder


def _current_decision(case: Case) -> Decision | None:
    return (
        Decision.objects.filter(case=case, replaced_by__isnull=True)
        .select_related("decided_by", "replaces")
        .order_by("-id")
        .first()
    )


def owed(case: Case, on: date) -> dict[str, Any]:
    """What the party owes on ``on``, with the day-by-day surcharge computation (Arts 72–73)."""
    balance = selectors.balance(case, on)
    return {
        "as_of": cn_date(on),
        "fine": money(balance.fine),
        "principal_paid": money(balance.principal_paid),
        "surcharge_paid": money(balance.surcharge_paid),
        "unpaid_principal": money(balance.unpaid_principal),
        "surcharge_accrued": money(balance.surcharge_accrued),
        "surcharge_owed": money(balance.surcharge_owed),
        "total_owed": money(balance.total_owed),
        "overdue_days": balance.overdue_days,
        "capped": balance.capped,
        "lines": [line.describe() for line in balance.lines],
        "payments": [
            {
                "paid_on": cn_date(p.paid_on),
                "amount": money(p.amount),
                "principal": money(p.principal),
                "surcharge": money(p.surcharge),
                "channel": p.get_channel_display(),
                "reference": p.reference,
            }
            for p in Payment.objects.filter(case=case).order_by("paid_on", "id")
        ],
    }


def enforcement_reminder(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """催告书 (行政强制法 Art 35): the deadline, the manner, the exact amount including the
    surcharge and how to pay, and the right to state and defend (Art 36); after 10 working days
    the bureau may apply to the court (Art 54)."""
    reminder = common.pick(Reminder.objects.filter(case=case), extra, "reminder", "催告")
    decision = _current_decision(case)
    total = reminder.fine_owed + reminder.surcharge_owed
    return {
        "decision": common.decision(decision) if decision else None,
        "reminder": {
            "issued_on": cn_date(reminder.issued_on),
            "served_on": cn_date(reminder.served_on),
            "deadline": cn_due(reminder.wait_until),
            "wait_wd": statute.CUIGAO_WAIT_WD,
            "fine_owed": money(reminder.fine_owed),
            "surcharge_owed": money(reminder.surcharge_owed),
            "total": money(total),
            "payment_notice": common.payment_notice(),
        },
        "owed": owed(case, reminder.issued_on),
    }


def enforcement_application(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """强制执行申请书 (行政强制法 Art 55): signed by the head, sealed and dated, with the
    decision, the party's opinions and the 催告 record, and the state of performance."""
    reminder = common.pick(Reminder.objects.filter(case=case), {}, "reminder", "催告")
    application = CourtApplication.objects.filter(case=case).order_by("-id").first()
    decision = _current_decision(case)
    proposal = common.latest_proposal(case)
    end = selectors.statutory_period_end(case)
    window = selectors.court_window_end(case)
    return {
        "decision": common.decision(decision) if decision else None,
        "court": application.court if application else common.bureau()["court"],
        "proposal": proposal_block(proposal) if proposal else None,
        "reminder": {
            "issued_on": cn_date(reminder.issued_on),
            "served_on": cn_date(reminder.served_on),
            "deadline": cn_due(reminder.wait_until),
        },
        "statutory_end": cn_date(end),
        "window_end": cn_date(window),
        "owed": owed(case, on),
        "statements": [
            s.content
            for s in case.statements.order_by("id")  # 行政强制法 Art 55(3)
        ],
        "attachments": [
            "行政处罚决定书及送达回证",
            "催告书及送达回证",
            "当事人的陈述申辩材料",
            "履行情况说明（缴款及加处罚款计算）",
        ],
    }


def closing_approval(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """结案审批表: how the case ended, for the head's approval."""
    decision = _current_decision(case)
    application = CourtApplication.objects.filter(case=case).order_by("-id").first()
    problem = closing_problem(case) if case.closed_on is None else None
    return {
        "decision": common.decision(decision) if decision else None,
        "closing": {
            "reason": case.closing_reason or extra.get("reason") or _proposed_reason(case, problem),
            "closed_on": cn_date(case.closed_on),
            "problem": problem or "",
            "paid": money(case.paid),
            "surcharge_paid": money(case.surcharge),
            "court": application.get_stage_display() if application else "",
            "court_case_number": application.court_case_number if application else "",
        },
    }


def _proposed_reason(case: Case, problem: str | None) -> str:
    if problem:
        return ""
    if case.decision_revoked:
        return "处罚决定被撤销"
    if case.outcome == Outcome.TRANSFER:
        return "已移送有关机关"
    if case.outcome == Outcome.NO_PENALTY:
        return "不予行政处罚决定已送达"
    if case.status == CaseStatus.COURT:
        return "人民法院强制执行终结"
    return "行政处罚决定已履行完毕"


def _pages(ev: EvidenceFile) -> int:
    """Pages a file takes in the paper file: a PDF its page count, a photo one page; audio and
    video go on a disc (0 pages)."""
    if ev.content_type == "application/pdf" or ev.name.lower().endswith(".pdf"):
        from pypdf import PdfReader

        try:
            with default_storage.open(str(ev.file.name), "rb") as fh:
                return len(PdfReader(fh).pages)
        except Exception:  # an unreadable PDF is still one sheet in the file
            return 1
    return 1 if ev.content_type.startswith("image/") else 0


def file_index(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """卷内目录: every issued document and every evidence file, in order, with its pages."""
    from zhifa.documents.models import Document

    rows: list[dict[str, Any]] = []
    for doc in Document.objects.filter(case=case).order_by("issued_at", "id"):
        rows.append(
            {
                "number": doc.number,
                "title": zh(doc.get_kind_display()),
                "date": cn_date(doc.issued_on),
                "pages": doc.pages,
                "note": "更正件" if doc.corrects_id else "",
            }
        )
    files = (
        EvidenceFile.objects.filter(case=case)
        .exclude(event__kind__in=common.DOCUMENT_EVENTS)
        .select_related("event")
        .order_by("event__seq", "id")
    )
    for ev in files:
        pages = _pages(ev)
        rows.append(
            {
                "number": "",
                "title": f"{zh(ev.get_kind_display())}：{ev.description or ev.name}",
                "date": cn_date(ev.event.occurred_at),
                "pages": pages,
                "note": "" if pages else "电子文件（光盘）",
            }
        )
    page = 1
    for i, row in enumerate(rows, start=1):
        row["no"] = i
        n = row["pages"]
        row["range"] = "" if n == 0 else (f"{page}" if n == 1 else f"{page}-{page + n - 1}")
        page += n
    return {"index": {"rows": rows, "total_pages": page - 1}}
