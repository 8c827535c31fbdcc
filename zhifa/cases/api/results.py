"""A step's row with the updated case summary beside it, so a client has both the row's id
and the case's new ``version``."""

from __future__ import annotations

from ninja import Schema

from zhifa.cases.api.schemas import (
    CaseSummaryOut,
    DecisionOut,
    DiscussionOut,
    EventOut,
    HearingOut,
    LegalReviewOut,
    NoticeOut,
    PreservationOut,
    ProposalOut,
    RemedyOut,
    StatementOut,
    TranscriptOut,
)


class ProposalResult(ProposalOut):
    case: CaseSummaryOut


class NoticeResult(NoticeOut):
    case: CaseSummaryOut


class StatementResult(StatementOut):
    case: CaseSummaryOut


class HearingResult(HearingOut):
    case: CaseSummaryOut


class LegalReviewResult(LegalReviewOut):
    case: CaseSummaryOut


class DiscussionResult(DiscussionOut):
    case: CaseSummaryOut


class DecisionResult(DecisionOut):
    case: CaseSummaryOut


class PreservationResult(PreservationOut):
    case: CaseSummaryOut


class TranscriptResult(TranscriptOut):
    case: CaseSummaryOut


class EvidenceResult(Schema):
    event: EventOut
    case: CaseSummaryOut


class RemedyResult(RemedyOut):
    case: CaseSummaryOut
