"""申请人民法院强制执行的材料 (行政强制法 Art 55) as one PDF, in the case record.

Contents, in order: a cover with the list and page numbers; (1) the 强制执行申请书; (2) the
行政处罚决定书 and its 送达回证; (3) the party's statements and the 催告书 with its 送达回证;
(4) a statement of performance: what was paid, what is owed, and the surcharge computation.
The issued documents go in as issued (their frozen PDFs, digests unchanged); the cover and the
two statements are rendered for the package."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from pypdf import PdfReader, PdfWriter

from zhifa.cases.actions._common import today
from zhifa.cases.models import Case, Decision, EvidenceFile
from zhifa.cases.record import Upload
from zhifa.cases.workflow import advance, lock_case
from zhifa.core.errors import DomainError
from zhifa.documents import render
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.contexts import common
from zhifa.documents.contexts.decision import procedure_block
from zhifa.documents.contexts.enforcement import owed
from zhifa.documents.formatting import cn_date, jsonable, lines
from zhifa.documents.models import CourtPackage, Document
from zhifa.org.models import User
from zhifa.performance.models import CourtApplication, ReminderStatement


def _current(case: Case, kind: str, **filters: Any) -> Document | None:
    """The newest document of ``kind`` that no later document corrects."""
    rows = Document.objects.filter(case=case, kind=kind, corrections__isnull=True, **filters)
    return rows.order_by("-issued_at", "-id").first()


def _receipt_for(case: Case, doc: Document | None) -> Document | None:
    if doc is None:
        return None
    for receipt in Document.objects.filter(
        case=case, kind=K.SERVICE_RECEIPT, corrections__isnull=True
    ).order_by("-id"):
        if receipt.context.get("served", {}).get("number") == doc.number:
            return receipt
    return None


def _decision_document(case: Case) -> Document | None:
    decision = Decision.objects.filter(case=case, replaced_by__isnull=True).order_by("-id").first()
    if decision is None:
        return None
    doc = Document.objects.filter(case=case, number=decision.number).first()
    while doc is not None and doc.corrections.exists():
        doc = doc.corrections.order_by("-id").first()
    return doc


def parts(case: Case) -> list[tuple[str, Document]]:
    """The issued documents the package needs (行政强制法 Art 55 (1)–(3)); refused when one
    is missing, naming it."""
    decision = _decision_document(case)
    reminder = _current(case, K.ENFORCEMENT_REMINDER)
    wanted = [
        ("强制执行申请书", _current(case, K.ENFORCEMENT_APPLICATION)),
        ("行政处罚决定书", decision),
        ("行政处罚决定书送达回证", _receipt_for(case, decision)),
        ("催告书", reminder),
        ("催告书送达回证", _receipt_for(case, reminder)),
    ]
    missing = [title for title, doc in wanted if doc is None]
    if missing:
        raise DomainError("package_incomplete", "请先制作：" + "、".join(missing))
    return [(title, doc) for title, doc in wanted if doc is not None]


def _read(doc: Document) -> bytes:
    with default_storage.open(str(doc.pdf.name), "rb") as fh:
        return fh.read()


def _page(template: str, context: dict[str, Any]) -> bytes:
    from django.template.loader import render_to_string

    return render.html_to_pdf(render_to_string(template, render.template_context(context)))


def _contents(sections: list[tuple[str, str, bytes, str]], first_page: int) -> list[dict[str, Any]]:
    contents, page = [], first_page
    for title, number, pdf, sha in sections:
        n = render.page_count(pdf)
        contents.append(
            {
                "title": title,
                "number": number,
                "pages": n,
                "range": f"{page}" if n == 1 else f"{page}-{page + n - 1}",
                "sha256": sha,
            }
        )
        page += n
    return contents


def assemble(case: Case, on: date) -> tuple[bytes, list[dict[str, Any]]]:
    """The package PDF and its list of contents (title, number, pages, page range, SHA-256)."""
    context = jsonable(common.base(case, "申请人民法院强制执行材料", on))
    decision = Decision.objects.filter(case=case, replaced_by__isnull=True).order_by("-id").first()
    context.update(
        jsonable(
            {
                "kind": "court_package",
                "document": {},
                "procedure": procedure_block(case),
                "owed": owed(case, on),
                "decision": common.decision(decision) if decision else None,
                # 行政强制法 Art 36: what the party said after the 催告 and its re-examination
                "reminder_statements": [
                    {
                        "received_on": cn_date(r.received_on),
                        "content_lines": lines(r.content),
                        "adopted": r.adopted,
                        "reasons_lines": lines(r.reasons),
                    }
                    for r in ReminderStatement.objects.filter(case=case).order_by(
                        "received_on", "id"
                    )
                ],
                "court": (
                    CourtApplication.objects.filter(case=case)
                    .order_by("-id")
                    .values_list("court", flat=True)
                    .first()
                    or common.bureau()["court"]
                ),
            }
        )
    )
    sections: list[tuple[str, str, bytes, str]] = []
    issued = parts(case)
    for title, doc in issued[:3]:
        sections.append((title, doc.number, _read(doc), doc.pdf_sha256))
    sections.append(
        ("当事人的陈述申辩材料", "", _page("documents/package/statements.html", context), "")
    )
    for title, doc in issued[3:]:
        sections.append((title, doc.number, _read(doc), doc.pdf_sha256))
    sections.append(("履行情况说明", "", _page("documents/package/performance.html", context), ""))
    cover_pages, contents, cover = 1, [], b""
    for _ in range(2):  # a second pass only if the cover itself runs over one page
        contents = _contents(sections, first_page=cover_pages + 1)
        cover = _page("documents/package/cover.html", {**context, "contents": contents})
        if render.page_count(cover) == cover_pages:
            break
        cover_pages = render.page_count(cover)
    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)))
    writer.add_outline_item(title="目录", page_number=0)
    start = len(writer.pages)
    for (title, _, pdf, _), entry in zip(sections, contents, strict=True):
        writer.append(PdfReader(io.BytesIO(pdf)))
        writer.add_outline_item(title=title, page_number=start)
        start += entry["pages"]
    writer.add_metadata({"/Title": f"申请人民法院强制执行材料 {case.number}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), contents


def build_court_package(case: Case, *, actor: User, on: date | None = None) -> bytes:
    """Assemble the package, record it (its PDF with SM3/SHA-256 as evidence of an
    ``issue_document`` event) and keep it as a ``CourtPackage`` row; returns the PDF."""
    day = today(on)
    with transaction.atomic():
        case = lock_case(case, "issue_document", actor=actor)
        pdf, contents = assemble(case, day)
        application = _current(case, K.ENFORCEMENT_APPLICATION)
        assert application is not None
        upload = Upload(
            io.BytesIO(pdf),
            f"强制执行申请材料-{case.number}.pdf",
            "documentary",
            description=f"申请人民法院强制执行材料 ({cn_date(day)})",
            content_type="application/pdf",
        )
        event = advance(
            case,
            "issue_document",
            actor=actor,
            evidence=[upload],
            payload={
                "court_package": True,
                "application": application.number,
                "built_on": day,
                "contents": contents,
            },
        )
        stored = EvidenceFile.objects.get(event=event)
        CourtPackage.objects.create(
            case=case,
            application=application,
            built_on=day,
            built_by=actor,
            contents=contents,
            pdf=stored.file.name,
            pdf_sm3=stored.sm3,
            pdf_sha256=stored.sha256,
            pdf_size=stored.size,
            pages=render.page_count(pdf),
            event=event,
        )
    return pdf
