from zhifa.cases.models.anchors import AnchorEntry, ChainAnchor
from zhifa.cases.models.case import Case, CaseHandler
from zhifa.cases.models.deadlines import CaseDeadline
from zhifa.cases.models.events import CaseEvent, EvidenceFile
from zhifa.cases.models.steps import (
    CollectiveDiscussion,
    Decision,
    EvidencePreservation,
    Hearing,
    LegalReview,
    PriorNotice,
    Proposal,
    Remedy,
    Statement,
    Transcript,
)

__all__ = [
    "AnchorEntry",
    "Case",
    "CaseDeadline",
    "CaseEvent",
    "CaseHandler",
    "ChainAnchor",
    "CollectiveDiscussion",
    "Decision",
    "EvidenceFile",
    "EvidencePreservation",
    "Hearing",
    "LegalReview",
    "PriorNotice",
    "Proposal",
    "Remedy",
    "Statement",
    "Transcript",
]
