"""Which documents make sense for a case as it stands: each kind needs the step that produces
its content (a transcript for 笔录, a decision for 决定书, a 催告 for 催告书 …)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from zhifa.cases.choices import CaseStatus, Outcome, Procedure, TranscriptKind
from zhifa.cases.facts import Facts
from zhifa.cases.models import Case
from zhifa.cases.preconditions import closing_problem
from zhifa.documents.choices import SERVED_KINDS
from zhifa.documents.choices import DocumentKind as K

# Each check reads the case's rows through ``Facts.rows`` (the case page's, loaded once for
# the page; else a fresh ``Facts`` loading only what the check reads).
Check = Callable[[Facts], str | None]
CLOSED = frozenset({CaseStatus.CLOSED, CaseStatus.NOT_FILED, CaseStatus.WITHDRAWN})


def _needs(exists: Callable[[Facts], bool], reason: str) -> Check:
    return lambda f: None if exists(f) else reason


def _any(relation: str, test: Callable[[Any], bool] = lambda row: True) -> Callable[[Facts], bool]:
    """The case has a row of ``relation`` passing ``test``."""
    return lambda f: any(test(row) for row in f.rows(relation))


def _filed(case: Case) -> str | None:
    if case.status in (CaseStatus.CLUE, CaseStatus.FILING_PENDING, CaseStatus.NOT_FILED):
        return "尚未立案"
    return None


def _filing(f: Facts) -> str | None:
    if f.case.procedure != Procedure.GENERAL:
        return "简易程序案件无立案审批"
    if f.case.status == CaseStatus.CLUE:
        return "尚未提请立案"
    return None


def _decision(kind: str) -> Check:
    def check(f: Facts) -> str | None:
        if kind == K.ON_THE_SPOT_DECISION:
            rows = [d for d in f.rows("decisions") if d.on_the_spot]
        elif kind == K.NO_PENALTY_DECISION:
            rows = [d for d in f.rows("decisions") if d.outcome == Outcome.NO_PENALTY]
        else:
            rows = [
                d for d in f.rows("decisions") if d.outcome == Outcome.PENALTY and not d.on_the_spot
            ]
        numbers = {d.number for d in rows}
        if not numbers:
            return "尚未作出相应的决定"
        # a decision's document carries its number (and belongs to its case)
        if not numbers - {doc.number for doc in f.rows("documents")}:
            return "决定书已制发 (如需更正，请在已制发的文书上选择「更正」)"
        return None

    return check


def _closing(f: Facts) -> str | None:
    case = f.case
    if case.decided_on is None and case.outcome == "":
        return "尚未作出决定"
    if case.closed_on is not None:
        return None
    return closing_problem(case, f)


def _application(f: Facts) -> str | None:
    if f.case.status not in (CaseStatus.REMINDED, CaseStatus.COURT):
        return "尚未催告，或案件不处于申请强制执行阶段"
    return None


def _transcript(kind: str) -> Callable[[Facts], bool]:
    return _any("transcripts", lambda t: t.kind == kind)


CHECKS: dict[str, Check] = {
    K.FILING_APPROVAL: _filing,
    K.SITE_INSPECTION: _needs(
        _transcript(TranscriptKind.SITE_INSPECTION), "尚无现场检查(勘验)笔录"
    ),
    K.INTERVIEW: _needs(_transcript(TranscriptKind.INTERVIEW), "尚无询问笔录"),
    K.PRESERVATION_NOTICE: _needs(
        _any("preservations", lambda p: p.approved_on is not None),
        "尚无经批准的先行登记保存",
    ),
    K.PRESERVATION_DECISION: _needs(
        _any("preservations", lambda p: p.decided_on is not None),
        "先行登记保存尚未作出处理决定",
    ),
    K.CORRECTION_ORDER: lambda f: None if f.case.procedure == Procedure.SIMPLE else _filed(f.case),
    K.INVESTIGATION_REPORT: _needs(_any("proposals"), "尚无调查终结报告"),
    K.PRIOR_NOTICE: _needs(lambda f: bool(f.notices), "尚未事先告知"),
    K.STATEMENT_RECORD: _needs(lambda f: bool(f.statements), "当事人尚未提出陈述申辩"),
    K.STATEMENT_REVIEW: _needs(lambda f: bool(f.statements), "当事人尚未提出陈述申辩"),
    K.HEARING_RIGHTS: _needs(
        lambda f: any(n.hearing_offered for n in f.notices), "本案不适用听证或尚未告知"
    ),
    K.HEARING_NOTICE: _needs(
        lambda f: any(h.scheduled_on for n in f.notices for h in n.hearings.all()),
        "尚未安排听证",
    ),
    K.HEARING_RECORD: _needs(
        lambda f: any(h.held_on for n in f.notices for h in n.hearings.all()), "尚未举行听证"
    ),
    K.HEARING_REPORT: _needs(
        lambda f: any(h.held_on for n in f.notices for h in n.hearings.all()), "尚未举行听证"
    ),
    K.LEGAL_REVIEW: _needs(
        _any("reviews", lambda r: r.decided_on is not None),
        "尚无法制审核意见",
    ),
    K.DISCUSSION_RECORD: _needs(_any("discussions"), "尚未集体讨论"),
    K.PENALTY_DECISION: _decision(K.PENALTY_DECISION),
    K.NO_PENALTY_DECISION: _decision(K.NO_PENALTY_DECISION),
    K.ON_THE_SPOT_DECISION: _decision(K.ON_THE_SPOT_DECISION),
    K.SERVICE_ADDRESS: lambda f: None if f.case.party_id else "尚未确定当事人",
    K.SERVICE_RECEIPT: _needs(
        _any("documents", lambda d: d.kind in SERVED_KINDS),
        "尚无已制发的需送达文书",
    ),
    K.ENFORCEMENT_REMINDER: _needs(_any("reminders"), "尚未催告 (先登记催告)"),
    K.ENFORCEMENT_APPLICATION: _application,
    K.CLOSING_APPROVAL: _closing,
    K.FILE_INDEX: lambda f: None if f.case.status != CaseStatus.CLUE else "线索尚未立案",
    K.FILE_NOTE: lambda f: None if f.case.status in CLOSED else "案件尚未结案 (备考表在归档时制作)",
}


def _facts(case: Case, facts: Facts | None) -> Facts:
    return facts if facts is not None else Facts(case, timezone.localdate())


def unavailable_reason(case: Case, kind: str, facts: Facts | None = None) -> str | None:
    """Why ``kind`` cannot be issued for ``case`` now (None: it can)."""
    if case.status == CaseStatus.ARCHIVED:
        return "案件已归档"
    return CHECKS[kind](_facts(case, facts))


def reasons(case: Case, facts: Facts | None = None) -> dict[str, str | None]:
    """Every kind, in the order of the procedure, with why it cannot be issued now (None: it
    can) — each check asked once, on one load of the case's rows."""
    f = _facts(case, facts)
    return {kind: unavailable_reason(case, kind, f) for kind in K.values}


def available_kinds(case: Case, facts: Facts | None = None) -> list[str]:
    """The kinds the case page offers under 制作文书, in the order of the procedure."""
    if case.status == CaseStatus.ARCHIVED:
        return []
    return [kind for kind, reason in reasons(case, facts).items() if reason is None]
