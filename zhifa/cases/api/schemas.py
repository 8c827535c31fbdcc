"""Response shapes of the case API. Dates are ISO strings, amounts decimal strings in yuan.
The rows a step writes are returned with the updated case summary beside them (``results``)."""

from __future__ import annotations

import functools
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

from django.apps import apps
from django.core.exceptions import AppRegistryNotReady
from ninja import ModelSchema, Schema
from pydantic import create_model

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
from zhifa.cases.presenters import DETAIL_PARTS


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
    # true: more rows match than ``count`` (the count stops at ZHIFA_COUNT_CAP; narrow the filter)
    count_capped: bool = False
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
            "serious_facts",
        ]


class NoticeOut(ModelSchema):
    intended_kinds: list[str]

    class Meta:
        model = PriorNotice
        fields = [
            "id",
            "notified_on",
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


class CheckOut(Schema):
    item: str
    label: str
    result: str
    result_label: str
    note: str


class LegalReviewOut(Schema):
    id: int
    submitted_on: date
    reasons: list[str]
    decided_on: date | None
    outcome: str
    opinion: str
    checklist: list[CheckOut]
    reviewer: str | None


class DiscussionOut(ModelSchema):
    attendees: list[str]
    attendee_ids: list[int]

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
        fields = [
            "id",
            "kind",
            "applied_on",
            "body",
            "result",
            "decided_on",
            "result_received_on",
            "ruling",
            "new_fine",
            "note",
        ]


class CaseDetailBase(CaseSummaryOut):
    """The case's own fields of ``CaseDetailOut`` (other apps add theirs: ``case_detail_out``)."""

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
    remedies: list[RemedyOut]


@functools.cache
def case_detail_out() -> type[Schema]:
    """``CaseDetailOut``: ``CaseDetailBase`` and the fields other apps add to it
    (``presenters.DETAIL_PARTS``, registered from their ``ready()`` — so it is built once the
    apps are ready, when the API's routers are imported)."""
    if not apps.ready:
        raise AppRegistryNotReady("CaseDetailOut is built once every app's ready() has run")
    fields: dict[str, Any] = {
        name: (annotation, ...) for part in DETAIL_PARTS for name, annotation in part.fields.items()
    }
    return cast(type[Schema], create_model("CaseDetailOut", __base__=CaseDetailBase, **fields))


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
    count_capped: bool = False  # as CasePageOut
    page: int
    pages: int
    page_size: int
    items: list[DeadlineRowOut]
