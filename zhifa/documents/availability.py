"""Which documents make sense for a case as it stands: each kind needs the step that produces
its content (a transcript for 笔录, a decision for 决定书, a 催告 for 催告书 …)."""

from __future__ import annotations

from collections.abc import Callable

from zhifa.cases.choices import CaseStatus, Outcome, Procedure, TranscriptKind
from zhifa.cases.models import (
    Case,
    CollectiveDiscussion,
    Decision,
    EvidencePreservation,
    Hearing,
    LegalReview,
    PriorNotice,
    Proposal,
    Statement,
    Transcript,
)
from zhifa.cases.preconditions import closing_problem
from zhifa.documents.choices import SERVED_KINDS
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document
from zhifa.performance.models import Reminder

Check = Callable[[Case], str | None]
CLOSED = frozenset({CaseStatus.CLOSED, CaseStatus.NOT_FILED, CaseStatus.WITHDRAWN})


def _needs(exists: Callable[[Case], bool], reason: str) -> Check:
    return lambda case: None if exists(case) else reason


def _filed(case: Case) -> str | None:
    if case.status in (CaseStatus.CLUE, CaseStatus.FILING_PENDING, CaseStatus.NOT_FILED):
        return "尚未立案"
    return None


def _filing(case: Case) -> str | None:
    if case.procedure != Procedure.GENERAL:
        return "简易程序案件无立案审批"
    if case.status == CaseStatus.CLUE:
        return "尚未提请立案"
    return None


def _decision(kind: str) -> Check:
    def check(case: Case) -> str | None:
        rows = Decision.objects.filter(case=case)
        if kind == K.ON_THE_SPOT_DECISION:
            rows = rows.filter(on_the_spot=True)
        elif kind == K.NO_PENALTY_DECISION:
            rows = rows.filter(outcome=Outcome.NO_PENALTY)
        else:
            rows = rows.filter(outcome=Outcome.PENALTY, on_the_spot=False)
        numbers = set(rows.values_list("number", flat=True))
        if not numbers:
            return "尚未作出相应的决定"
        if not numbers - set(
            Document.objects.filter(number__in=numbers).values_list("number", flat=True)
        ):
            return "决定书已制发 (如需更正，请在已制发的文书上选择「更正」)"
        return None

    return check


def _closing(case: Case) -> str | None:
    if case.decided_on is None and case.outcome == "":
        return "尚未作出决定"
    if case.closed_on is not None:
        return None
    return closing_problem(case)


def _application(case: Case) -> str | None:
    if case.status not in (CaseStatus.REMINDED, CaseStatus.COURT):
        return "尚未催告，或案件不处于申请强制执行阶段"
    return None


CHECKS: dict[str, Check] = {
    K.FILING_APPROVAL: _filing,
    K.SITE_INSPECTION: _needs(
        lambda c: Transcript.objects.filter(case=c, kind=TranscriptKind.SITE_INSPECTION).exists(),
        "尚无现场检查(勘验)笔录",
    ),
    K.INTERVIEW: _needs(
        lambda c: Transcript.objects.filter(case=c, kind=TranscriptKind.INTERVIEW).exists(),
        "尚无询问笔录",
    ),
    K.PRESERVATION_NOTICE: _needs(
        lambda c: EvidencePreservation.objects.filter(case=c, approved_on__isnull=False).exists(),
        "尚无经批准的先行登记保存",
    ),
    K.PRESERVATION_DECISION: _needs(
        lambda c: EvidencePreservation.objects.filter(case=c, decided_on__isnull=False).exists(),
        "先行登记保存尚未作出处理决定",
    ),
    K.CORRECTION_ORDER: lambda c: None if c.procedure == Procedure.SIMPLE else _filed(c),
    K.INVESTIGATION_REPORT: _needs(
        lambda c: Proposal.objects.filter(case=c).exists(), "尚无调查终结报告"
    ),
    K.PRIOR_NOTICE: _needs(lambda c: PriorNotice.objects.filter(case=c).exists(), "尚未事先告知"),
    K.STATEMENT_RECORD: _needs(
        lambda c: Statement.objects.filter(case=c).exists(), "当事人尚未提出陈述申辩"
    ),
    K.STATEMENT_REVIEW: _needs(
        lambda c: Statement.objects.filter(case=c).exists(), "当事人尚未提出陈述申辩"
    ),
    K.HEARING_RIGHTS: _needs(
        lambda c: PriorNotice.objects.filter(case=c, hearing_offered=True).exists(),
        "本案不适用听证或尚未告知",
    ),
    K.HEARING_NOTICE: _needs(
        lambda c: Hearing.objects.filter(case=c, scheduled_on__isnull=False).exists(),
        "尚未安排听证",
    ),
    K.HEARING_RECORD: _needs(
        lambda c: Hearing.objects.filter(case=c, held_on__isnull=False).exists(), "尚未举行听证"
    ),
    K.HEARING_REPORT: _needs(
        lambda c: Hearing.objects.filter(case=c, held_on__isnull=False).exists(), "尚未举行听证"
    ),
    K.LEGAL_REVIEW: _needs(
        lambda c: LegalReview.objects.filter(case=c, decided_on__isnull=False).exists(),
        "尚无法制审核意见",
    ),
    K.DISCUSSION_RECORD: _needs(
        lambda c: CollectiveDiscussion.objects.filter(case=c).exists(), "尚未集体讨论"
    ),
    K.PENALTY_DECISION: _decision(K.PENALTY_DECISION),
    K.NO_PENALTY_DECISION: _decision(K.NO_PENALTY_DECISION),
    K.ON_THE_SPOT_DECISION: _decision(K.ON_THE_SPOT_DECISION),
    K.SERVICE_ADDRESS: lambda c: None if c.party_id else "尚未确定当事人",
    K.SERVICE_RECEIPT: _needs(
        lambda c: Document.objects.filter(case=c, kind__in=list(SERVED_KINDS)).exists(),
        "尚无已制发的需送达文书",
    ),
    K.ENFORCEMENT_REMINDER: _needs(
        lambda c: Reminder.objects.filter(case=c).exists(), "尚未催告 (先登记催告)"
    ),
    K.ENFORCEMENT_APPLICATION: _application,
    K.CLOSING_APPROVAL: _closing,
    K.FILE_INDEX: lambda c: None if c.status != CaseStatus.CLUE else "线索尚未立案",
    K.FILE_NOTE: lambda c: None if c.status in CLOSED else "案件尚未结案 (备考表在归档时制作)",
}


def unavailable_reason(case: Case, kind: str) -> str | None:
    """Why ``kind`` cannot be issued for ``case`` now (None: it can)."""
    if case.status == CaseStatus.ARCHIVED:
        return "案件已归档"
    return CHECKS[kind](case)


def available_kinds(case: Case) -> list[str]:
    """The kinds the case page offers under 制作文书, in the order of the procedure."""
    if case.status == CaseStatus.ARCHIVED:
        return []
    return [kind for kind in K.values if CHECKS[kind](case) is None]
