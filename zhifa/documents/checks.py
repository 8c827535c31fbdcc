"""Preconditions the documents app adds to case steps (``workflow.STEP_CHECKS``) and to 结案
and 归档 (``workflow.CLOSING_CHECKS`` / ``ARCHIVING_CHECKS``): the file holds every document
the steps taken had to make."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from zhifa.cases.facts import Facts, Problem, register_join, register_rows
from zhifa.cases.models import CaseEvent
from zhifa.documents.choices import DocumentKind
from zhifa.documents.contexts.decision import statement_reviews
from zhifa.documents.models import Document

FILE_RULE = "行政处罚法第四十七条，案卷应当包含各环节依法制作的文书"


def statements_reviewed(f: Facts) -> list[Problem]:
    """行政处罚法 Art 45: the penalty decision states, for every statement, whether it was
    adopted and why not — so each must have been re-examined first (the step 复核陈述申辩, or
    a 陈述申辩复核意见书 made by hand). Without it the decision is refused, not issued without
    its document."""
    if f.decision_outcome() != "penalty" or not f.statements:
        return []
    missing = [s["received_on"] for s in statement_reviews(f.case) if not s["reviewed"]]
    if not missing:
        return []
    return [
        Problem(
            "statement_not_reviewed",
            f"当事人于{'、'.join(missing)}提出的陈述申辩尚未复核(是否采纳及理由)，"
            "请先办理「复核陈述申辩」 (行政处罚法第45条)",
            field="statements",
        )
    ]


def missing_documents(
    case_id: int, *, events: list[CaseEvent] | None = None, docs: list[Document] | None = None
) -> list[str]:
    """Each document a step taken on the case had to make (its ``documents``) that the file
    does not hold in force — one line each, in the order of the steps. A document superseded
    by a correction counts through the correction; a step whose event was itself corrected
    counts through the correcting event. ``events`` (all, in order) and ``docs``: the case's,
    when already loaded (``Facts.rows``)."""
    from zhifa.cases.workflow import STEPS

    by_event = {step.event_kind: step for step in STEPS.values() if step.documents}
    if events is None:
        corrected = set(
            CaseEvent.objects.filter(case_id=case_id, corrects__isnull=False).values_list(
                "corrects_id", flat=True
            )
        )
        events = list(
            CaseEvent.objects.filter(case_id=case_id, kind__in=list(by_event))
            .select_related("case")
            .only("id", "kind", "payload", "corrects_id", "case")
            .order_by("seq")
        )
    else:
        corrected = {e.corrects_id for e in events if e.corrects_id}
        events = [e for e in events if e.kind in by_event]
    if docs is None:
        docs = list(
            Document.objects.filter(case_id=case_id).only("id", "kind", "event_id", "corrects_id")
        )
    superseded = {d.corrects_id for d in docs if d.corrects_id}
    in_force = {d.pk: d for d in docs if d.pk not in superseded}
    made: dict[tuple[int | None, str], list[Document]] = {}
    for doc in docs:
        made.setdefault((doc.event_id, doc.kind), []).append(doc)

    def holds(event_id: int, kind: str) -> bool:
        todo = list(made.get((event_id, kind), []))
        while todo:  # follow corrections to the document now in force
            doc = todo.pop()
            if doc.pk in in_force:
                return True
            todo += [d for d in docs if d.corrects_id == doc.pk]
        return False

    missing = []
    for event in events:
        if event.pk in corrected:
            continue
        step = by_event[event.kind]
        for kind in step.documents_for(event.case, event):
            if not holds(event.pk, kind):
                label = DocumentKind(kind).label if kind in DocumentKind.values else kind
                missing.append(f"「{step.label}」应当制作的《{label}》")
    return missing


def reissue_needed(
    case_id: int, *, events: list[CaseEvent] | None = None, docs: list[Document] | None = None
) -> list[Document]:
    """The documents in force that cite an entry voided since they were made (作废错误记录):
    the 笔录 the entry made itself, and those made after the entry that list the evidence
    (调查终结报告, 事先告知书, 决定书…). Re-issuing one (a correction) clears its flag.
    ``events`` (all) and ``docs``: the case's, when already loaded (``Facts.rows``)."""
    if events is None:
        voids = list(
            CaseEvent.objects.filter(case_id=case_id, kind="void_entry")
            .select_related("corrects")
            .only("id", "occurred_at", "corrects__id", "corrects__occurred_at")
        )
        entries = {v.corrects_id: v.corrects for v in voids}
    else:
        voids = [e for e in events if e.kind == "void_entry"]
        entries = {e.pk: e for e in events}
    if not voids:
        return []
    if docs is None:
        docs = list(
            Document.objects.filter(case_id=case_id).only(
                "id", "kind", "number", "event_id", "corrects_id", "issued_at", "context"
            )
        )
    superseded = {d.corrects_id for d in docs if d.corrects_id}
    flagged = []
    for doc in docs:
        if doc.pk in superseded:
            continue
        for void in voids:
            entry = entries.get(void.corrects_id)
            if entry is None or doc.issued_at >= void.occurred_at:
                continue  # made after the void: it no longer lists the entry
            if doc.event_id == entry.pk or (
                doc.issued_at >= entry.occurred_at and "evidence" in (doc.context or {})
            ):
                flagged.append(doc)
                break
    return flagged


def file_documents_problems(f: Facts) -> list[Problem]:
    """The closing and archiving precondition: nothing the steps had to make is missing, and
    nothing in force cites a voided entry."""
    missing = f.memo("documents_missing", lambda: missing_documents(f.case.pk, **loaded(f)))
    stale = f.memo("documents_reissue", lambda: reissue_needed(f.case.pk, **loaded(f)))
    problems = []
    if missing:
        problems.append(
            Problem(
                "document_missing",
                f"案卷缺少文书：{'；'.join(missing)}，请在「文书」页补制 ({FILE_RULE})",
            )
        )
    if stale:
        titles = "；".join(f"《{d.get_kind_display()}》{d.number}" for d in stale)
        problems.append(
            Problem(
                "document_cites_voided_entry",
                f"以下文书引用了已作废的记录，应当重新制作：{titles} ({FILE_RULE})",
            )
        )
    return problems


def loaded(f: Facts) -> dict[str, list[Any]]:
    """The case's events and documents as ``missing_documents``/``reissue_needed`` take them."""
    return {"events": f.rows("events"), "docs": f.rows("documents")}


def _documents(rows: QuerySet[Document], f: Facts) -> QuerySet[Document]:
    return rows.select_related("corrects", "issued_by").order_by("issued_at", "id")


register_rows("documents", _documents)
# each document with its renders, in one query (``Document.render_state``)
register_join("documents", "renders")
