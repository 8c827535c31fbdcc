"""Response shapes of the case API. Dates are ISO strings, amounts decimal strings in yuan.
The rows a step writes are returned with the updated case summary beside them (``results``)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import ModelSchema, Schema

from zhifa.cases.models import (
    CollectiveDiscussion,
    Decision,
    EvidencePreservation,
    PriorNotice,
    Proposal,
    Remedy,
    Statement,
    Transcript,
)
from zhifa.performance.models import CourtApplication, Payment, Reminder


class CaseSummaryOut(Schema):
    id: int
    number: str
    procedure: str
    procedure_label: str
    status: str
    status_label: str
    version: int
    source: str
    category: str
    category_label: str
    violation_code: str | None
    violation_name: str | None
    party_kind: str
    party_name: str | None  # masked for a viewer who may not see personal data
    street_id: int | None
    street_name: str | None
    found_on: date
    filed_on: date | None
    outcome: str
    decided_on: date | None
    fine: Decimal | None
    served_on: date | None
    payment_due: date | None
    payment_due_provisional: bool  # 暂定: next year's holiday schedule not entered yet
    paid: Decimal
    surcharge_paid: Decimal
    closed_on: date | None
    archived_on: date | None
    event_count: int


class CasePageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[CaseSummaryOut]


class PartyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    id_type: str
    id_number: str
    phone: str
    address: str
    legal_representative: str
    masked: bool


class HandlerOut(Schema):
    officer_id: int
    name: str
    role: str
    role_label: str
    assigned_on: date
    recused_on: date | None
    recusal_reason: str


class ProposalOut(ModelSchema):
    penalty_kinds: list[str]

    class Meta:
        model = Proposal
        fields = [
            "id",
            "submitted_on",
            "findings",
            "outcome",
            "no_penalty_reason",
            "transfer_to",
            "fine",
            "discretion_level",
            "base",
            "out_of_band",
            "out_of_band_reason",
        ]


class NoticeOut(ModelSchema):
    intended_kinds: list[str]

    class Meta:
        model = PriorNotice
        fields = [
            "id",
            "served_on",
            "intended_fine",
            "statement_due",
            "hearing_offered",
            "hearing_request_due",
            "statement_waived_on",
        ]


class StatementOut(ModelSchema):
    class Meta:
        model = Statement
        fields = ["id", "received_on", "content"]


class HearingOut(Schema):
    id: int
    requested_on: date
    notified_on: date | None
    scheduled_on: date | None
    place: str
    host_id: int | None
    host_name: str | None
    held_on: date | None
    party_absent: bool
    minutes: str


class LegalReviewOut(Schema):
    id: int
    submitted_on: date
    reasons: list[str]
    decided_on: date | None
    outcome: str
    opinion: str
    reviewer: str | None


class DiscussionOut(ModelSchema):
    attendees: list[str]

    class Meta:
        model = CollectiveDiscussion
        fields = ["id", "held_on", "conclusion", "agreed_outcome", "agreed_fine"]


class DecisionOut(ModelSchema):
    penalty_kinds: list[str]
    replaces_id: int | None

    class Meta:
        model = Decision
        fields = [
            "id",
            "number",
            "decided_on",
            "outcome",
            "fine",
            "no_penalty_reason",
            "transfer_to",
            "on_the_spot",
            "collected_on_spot",
            "education_given",
            "remedy_notice",
            "filed_with_bureau_on",
        ]


class PreservationOut(ModelSchema):
    class Meta:
        model = EvidencePreservation
        fields = [
            "id",
            "items",
            "requested_on",
            "approved_on",
            "decision_due",
            "decided_on",
            "decision",
        ]


class TranscriptOut(ModelSchema):
    class Meta:
        model = Transcript
        fields = [
            "id",
            "kind",
            "started_at",
            "ended_at",
            "place",
            "interviewee",
            "party_signed",
            "refusal_note",
        ]


class RemedyOut(ModelSchema):
    class Meta:
        model = Remedy
        fields = ["id", "kind", "applied_on", "body", "result", "decided_on", "new_fine", "note"]


class PaymentOut(ModelSchema):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount", "principal", "surcharge", "channel", "reference"]


class InstalmentOut(Schema):
    due_on: date
    amount: Decimal


class PlanOut(Schema):
    id: int
    kind: str
    status: str
    reason: str
    requested_on: date
    instalments: list[InstalmentOut]
    decided_on: date | None
    decision_note: str


class ReminderOut(ModelSchema):
    class Meta:
        model = Reminder
        fields = ["id", "issued_on", "served_on", "fine_owed", "surcharge_owed", "wait_until"]


class CourtOut(ModelSchema):
    class Meta:
        model = CourtApplication
        fields = [
            "id",
            "applied_on",
            "court",
            "window_ends_on",
            "stage",
            "court_case_number",
            "accepted_on",
            "ruled_on",
            "ended_on",
            "note",
        ]


class SurchargeLineOut(Schema):
    start: date
    end: date
    days: int
    principal: Decimal
    paused: bool
    amount: Decimal
    text: str


class OwedOut(Schema):
    """加处罚款 computed day by day (行政处罚法 Arts 72–73): 3% of the overdue fine a day,
    capped at the fine, not counted while review or litigation is pending."""

    as_of: date
    fine: Decimal
    principal_paid: Decimal
    unpaid_principal: Decimal
    surcharge_accrued: Decimal
    surcharge_paid: Decimal
    surcharge_owed: Decimal
    total_owed: Decimal
    overdue_days: int
    capped: bool
    lines: list[SurchargeLineOut]
    payment_due: date | None
    payment_due_provisional: bool
    court_window_ends: date | None


class CaseDetailOut(CaseSummaryOut):
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    facts: str
    act_on: date | None
    act_ended_on: date | None
    continuing: bool
    extended_limitation: bool
    handling_unit: str
    major_public_interest: bool
    complex_case: bool
    requires_legal_review: bool
    legal_review_done: bool
    requires_collective_discussion: bool
    collective_discussion_done: bool
    hearing_offered: bool
    hearing_held: bool
    decision_revoked: bool
    closing_reason: str
    chain_head_sm3: str
    chain_head_sha256: str
    party: PartyOut | None
    handlers: list[HandlerOut]
    proposal: ProposalOut | None
    notice: NoticeOut | None
    hearing: HearingOut | None
    legal_review: LegalReviewOut | None
    discussion: DiscussionOut | None
    decision: DecisionOut | None
    preservations: list[PreservationOut]
    payment_plans: list[PlanOut]
    payments: list[PaymentOut]
    remedies: list[RemedyOut]
    reminders: list[ReminderOut]
    court_applications: list[CourtOut]
    owed: OwedOut | None


class EvidenceFileOut(Schema):
    id: int
    name: str
    kind: str
    content_type: str
    size: int
    sm3: str
    sha256: str
    description: str
    url: str


class EventOut(Schema):
    seq: int
    kind: str
    actor_id: int | None
    actor: str | None
    occurred_at: datetime
    place: str
    latitude: Decimal | None
    longitude: Decimal | None
    payload: dict[str, Any]
    corrects_seq: int | None
    evidence: list[EvidenceFileOut]
    prev_sm3: str
    digest_sm3: str
    digest_sha256: str


class DeadlineOut(Schema):
    id: int
    kind: str
    kind_label: str
    started_on: date
    due_on: date
    provisional: bool
    met_on: date | None
    cancelled: bool
    state: str  # open / met / cancelled
    overdue: bool
    days_left: int | None


class DeadlineRowOut(DeadlineOut):
    case_id: int
    case_number: str
    case_status: str
    violation_name: str | None


class DeadlinePageOut(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    items: list[DeadlineRowOut]
