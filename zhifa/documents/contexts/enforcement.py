"""After service: 催告书 (行政强制法 Art 35), 强制执行申请书 (Art 55), 结案审批表, 卷内目录,
备考表."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.storage import default_storage

from zhifa.cases.choices import CaseStatus, Outcome, RemedyKind, RemedyResult
from zhifa.cases.models import Case, Decision, EvidenceFile, Remedy
from zhifa.cases.preconditions import closing_problem
from zhifa.documents.choices import DocumentKind as K
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


def upheld_remedies(case: Case) -> list[dict[str, Any]]:
    """The party's review or lawsuit that ended with the decision upheld (维持/驳回) or withdrawn:
    the 催告 then cites it instead of saying no remedy was sought (行政强制法 Art 35; 行政复议法
    Art 68; 行政诉讼法 Art 69)."""
    rows = Remedy.objects.filter(
        case=case,
        decided_on__isnull=False,
        result__in=[RemedyResult.UPHELD, RemedyResult.WITHDRAWN],
    ).order_by("applied_on", "id")
    return [
        {
            "kind": r.kind,
            "kind_label": r.get_kind_display(),
            "applied_on": cn_date(r.applied_on),
            "body": r.body,
            "decided_on": cn_date(r.decided_on),
            "result": r.result,
            "withdrawn": r.result == RemedyResult.WITHDRAWN,
            "act": "行政复议决定" if r.kind == RemedyKind.REVIEW else "行政判决",
            "reference": r.note.strip().splitlines()[0][:80] if r.note.strip() else "",
        }
        for r in rows
    ]


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
        "remedies": upheld_remedies(case),
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
    """结案审批表: how the case ended, and the head's 审批意见 given when closing it (the
    close step's event; "同意结案。" by default)."""
    decision = _current_decision(case)
    application = CourtApplication.objects.filter(case=case).order_by("-id").first()
    problem = closing_problem(case) if case.closed_on is None else None
    closed = common.event_of(case, "close") if case.closed_on else None
    return {
        "decision": common.decision(decision) if decision else None,
        "closing": {
            "reason": case.closing_reason or extra.get("reason") or _proposed_reason(case, problem),
            "closed_on": cn_date(case.closed_on),
            "opinion": approval_opinion(closed, "同意结案。"),
            "approved_by": common.actor_name(closed),
            "problem": problem or "",
            "paid": money(case.paid),
            "surcharge_paid": money(case.surcharge),
            "court": application.get_stage_display() if application else "",
            "court_case_number": application.court_case_number if application else "",
        },
    }


def approval_opinion(event: Any, default: str) -> str:
    """The head's 审批意见 of a close or archive event (its default for an event without
    one); none before the step is taken."""
    if event is None:
        return ""
    return str((event.payload or {}).get("opinion") or default)


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


PENDING = "文件待生成"
DISC = "电子文件（光盘）"
CORRECTION = "更正件"
FILE_KINDS = (K.FILE_INDEX, K.FILE_NOTE)


def file_rows(case: Case) -> list[dict[str, Any]]:
    """卷内目录 rows: every document of the file (its 文号, date and pages) and every evidence
    file, in order. A document not rendered yet (made by the same step, e.g. the 结案审批表
    just before) has ``pages`` None and its ``doc_id``: the page count comes from its render,
    which ``paginate`` reads when the index itself is rendered — after commit, outside the case
    lock (nothing is laid out inside the step's transaction)."""
    from zhifa.documents.models import Document

    rows: list[dict[str, Any]] = []
    documents = Document.objects.filter(case=case).exclude(kind__in=FILE_KINDS)
    for doc in documents.prefetch_related("renders").order_by("issued_at", "id"):
        rendered = doc.rendered()
        rows.append(
            {
                "doc_id": doc.pk,
                "number": doc.number,
                "title": zh(doc.get_kind_display()),
                "date": cn_date(doc.issued_on),
                "pages": rendered.pages if rendered is not None else None,
                "note": CORRECTION if doc.corrects_id else "",
            }
        )
    files = (
        EvidenceFile.objects.filter(case=case)
        .exclude(event__kind__in=common.DOCUMENT_EVENTS)
        .select_related("event")
        .order_by("event__seq", "id")
    )
    for ev in files:
        pages, label = _pages(ev), zh(ev.get_kind_display())
        rows.append(
            {
                "number": "",
                "title": f"{label}：{ev.description or label}",
                "date": cn_date(ev.event.occurred_at),
                "pages": pages,
                "note": "" if pages else DISC,
            }
        )
    return rows


def paginate(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Page ranges of the rows, and the total. A document still without a page count takes it
    from its A4 render; one whose render has not succeeded counts 0 pages, noted 文件待生成
    (the 备考表 says so too)."""
    from zhifa.documents.models import DocumentRender

    unknown = [r["doc_id"] for r in rows if r.get("pages") is None and r.get("doc_id")]
    known = dict(
        DocumentRender.objects.filter(
            document_id__in=unknown, layout="a4", status="rendered"
        ).values_list("document_id", "pages")
    )
    out: list[dict[str, Any]] = []
    page = 1
    for i, row in enumerate(rows, start=1):
        row = dict(row, no=i)
        if row.get("pages") is None:
            n = known.get(int(row.get("doc_id") or 0))
            row["pages"] = n or 0
            if n is None:
                row["note"] = row.get("note") or PENDING
        n = row["pages"]
        row["range"] = "" if n == 0 else (f"{page}" if n == 1 else f"{page}-{page + n - 1}")
        page += n
        out.append(row)
    return out, page - 1


def listed_documents(context: dict[str, Any]) -> list[int]:
    """The documents a 卷内目录 or 备考表 counts whose pages were not known when it was
    reserved: the renderer renders them first."""
    block = context.get("index") or context.get("note") or {}
    rows = block.get("rows", [])
    return [r["doc_id"] for r in rows if r.get("pages") is None and r.get("doc_id")]


def complete(context: dict[str, Any]) -> dict[str, Any]:
    """The frozen context of a 卷内目录 / 备考表 with its page numbers: the rows as frozen, the
    ranges and totals from the listed documents' renders (immutable once made)."""
    if "index" in context:
        rows, total = paginate(context["index"]["rows"])
        return {**context, "index": {**context["index"], "rows": rows, "total_pages": total}}
    if "note" in context:
        note = context["note"]
        rows, total = paginate(note["rows"])
        lines = list(note.get("given_lines", []))
        corrected = [r["number"] for r in rows if r["note"] == CORRECTION]
        if corrected:
            lines.append(f"卷内{'、'.join(corrected)}为更正件，原文书同卷保存。")
        disc = sum(1 for r in rows if r["note"] == DISC)
        if disc:
            lines.append(f"视听资料、电子数据{disc}件以光盘（电子文件）形式保存，未计页数。")
        pending = [r["number"] for r in rows if r["note"] == PENDING]
        if pending:
            lines.append(f"{'、'.join(pending)}的文件尚待生成，页数未计入。")
        counted = {"items": len(rows), "total_pages": total, "lines": lines}
        return {**context, "note": {**note, **counted}}
    return context


def file_index(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """卷内目录: every document of the file with its number, date and pages, and every evidence
    file, in order (the index and the 备考表 themselves are not numbered pages)."""
    return {"index": {"rows": file_rows(case)}}  # paginated when rendered (``complete``)


def file_note(case: Case, on: date, extra: dict[str, Any]) -> dict[str, Any]:
    """备考表: the file's closing note — how many items and pages it holds, who compiled and
    archived it and when, and what a reader should know (corrections, files kept on disc,
    documents still to be rendered)."""
    archived = common.event_of(case, "archive")
    lead = common.officers(case)[:1]
    given = [line for line in str(extra.get("notes") or "").splitlines() if line.strip()]
    return {  # counted when rendered (``complete``)
        "note": {
            "rows": file_rows(case),
            "given_lines": given,
            "compiled_by": lead[0]["name"] if lead else "",
            "archived_by": common.actor_name(archived),
            "archived_on": cn_date(case.archived_on),
            "opinion": approval_opinion(archived if case.archived_on else None, "同意归档。"),
        }
    }
