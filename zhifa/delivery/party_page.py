"""What the party's page shows, and nothing else: an explicit allow-list built here so personal
data cannot leak by accident (the party's own name is shown; its ID number, phone and address
masked). Dates come from the case and its actions, never recomputed here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings

from zhifa.cases.choices import CaseStatus, Outcome
from zhifa.cases.models import Case, Decision, Hearing, PriorNotice, Statement
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.models import PartyLink, Service
from zhifa.delivery.selectors import party_documents
from zhifa.law import statute
from zhifa.parties.masking import mask_address, mask_id_number
from zhifa.performance import selectors as performance


@dataclass(frozen=True)
class DocumentRow:
    id: int
    title: str
    number: str
    issued_on: date
    served_on: date | None
    mode_label: str
    awaiting: bool  # electronic service completes when the party opens it


@dataclass(frozen=True)
class StatementBox:
    due: date
    late: bool
    open: bool  # the case still takes statements (the notice stage)
    sent: list[tuple[date, bool]] = field(default_factory=list)  # (received on, late)


@dataclass(frozen=True)
class HearingBox:
    due: date | None
    can_request: bool
    requested_on: date | None


@dataclass(frozen=True)
class Owed:
    fine: Decimal
    served: bool
    payment_due: date | None
    unpaid_principal: Decimal = Decimal(0)
    surcharge: Decimal = Decimal(0)
    total: Decimal = Decimal(0)
    lines: list[str] = field(default_factory=list)
    capped: bool = False
    instructions: str = ""


@dataclass(frozen=True)
class PartyPage:
    bureau: str
    case_number: str
    status_label: str
    party_name: str
    id_masked: str
    address_masked: str
    contact_masked: str
    documents: list[DocumentRow]
    statement: StatementBox | None
    hearing: HearingBox | None
    owed: Owed | None
    remedy_notice: str


def documents_for(link: PartyLink) -> list[DocumentRow]:
    services = list(
        Service.objects.filter(case_id=link.case_id, party_id=link.party_id).exclude(
            status=ServiceStatus.FAILED
        )
    )
    rows = []
    for doc in party_documents(link.case_id, link.party_id):
        mine = [s for s in services if s.document_id == doc.pk]
        served = next((s for s in mine if s.status == ServiceStatus.SERVED), None)
        awaiting = served is None and any(s.mode == ServiceMode.ELECTRONIC for s in mine)
        rows.append(
            DocumentRow(
                id=doc.pk,
                title=doc.get_kind_display(),
                number=doc.number,
                issued_on=doc.issued_on,
                served_on=served.served_on if served else None,
                mode_label=served.get_mode_display() if served else "",
                awaiting=awaiting,
            )
        )
    return rows


def _statement(case: Case, notice: PriorNotice | None, today: date) -> StatementBox | None:
    if notice is None or notice.statement_due is None:
        return None  # not yet served: the periods have not begun (Arts 44, 64(1))
    sent = [
        (s.received_on, notice.late(s.received_on))
        for s in Statement.objects.filter(case=case, notice=notice).order_by("received_on", "id")
    ]
    is_open = case.status == CaseStatus.NOTIFIED and not notice.statement_waived_on
    if not is_open and not sent:
        return None
    return StatementBox(notice.statement_due, today > notice.statement_due, is_open, sent)


def _hearing(case: Case, notice: PriorNotice | None, today: date) -> HearingBox | None:
    if notice is None or not notice.hearing_offered:
        return None
    hearing = Hearing.objects.filter(notice=notice).order_by("-id").first()
    due = notice.hearing_request_due
    can = (
        hearing is None
        and case.status == CaseStatus.NOTIFIED
        and not notice.statement_waived_on
        and due is not None
        and today <= due
    )
    return HearingBox(due, can, hearing.requested_on if hearing else None)


def _owed(case: Case, today: date) -> Owed | None:
    if case.outcome != Outcome.PENALTY or not case.fine or case.decision_revoked:
        return None
    # The same text as on the decision (documents app; 行政处罚法 Art 67 ¶3).
    instructions = str(settings.ZHIFA_PAYMENT_NOTICE)
    if case.served_on is None:
        return Owed(case.fine, False, None, instructions=instructions)
    c = performance.balance(case, today)
    return Owed(
        fine=case.fine,
        served=True,
        payment_due=case.payment_due,
        unpaid_principal=c.unpaid_principal,
        surcharge=c.surcharge_owed,
        total=c.total_owed,
        lines=[line.describe() for line in c.lines],
        capped=c.capped,
        instructions=instructions,
    )


def build(link: PartyLink, today: date) -> PartyPage:
    case = Case.objects.select_related("party").get(pk=link.case_id)
    party = link.party
    notice = PriorNotice.objects.filter(case=case).order_by("-id").first()
    decision = Decision.objects.filter(case=case).order_by("-id").first()
    return PartyPage(
        bureau=settings.ZHIFA_BUREAU_NAME,
        case_number=case.number,
        status_label=case.get_status_display(),
        party_name=party.name,
        id_masked=mask_id_number(party.id_number),
        address_masked=mask_address(party.address),
        contact_masked=_contact(link),
        documents=documents_for(link),
        statement=_statement(case, notice, today),
        hearing=_hearing(case, notice, today),
        owed=_owed(case, today),
        remedy_notice=decision.remedy_notice if decision and case.served_on else "",
    )


def _contact(link: PartyLink) -> str:
    from zhifa.delivery.actions.electronic import mask_contact

    return mask_contact(link.channel, link.contact)


PAYMENT_ARTICLE = f"行政处罚法第六十七条：自收到决定书之日起{statute.PAYMENT_LIMIT_DAYS}日内缴纳"
