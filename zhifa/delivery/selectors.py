"""Reads: the consent in force, a case's documents and their services, the documents a party
sees on its page, the service deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.models import Service, ServiceAccess, ServiceConsent
from zhifa.documents.choices import SERVED_KINDS
from zhifa.documents.models import Document
from zhifa.parties.models import Party


def consent_for(party: Party | None, case: Case | None) -> ServiceConsent | None:
    """The confirmation in force for ``case``: the case's own, else the party's general one."""
    if party is None:
        return None
    rows = ServiceConsent.objects.filter(party=party, superseded_at__isnull=True).select_related(
        "document"
    )
    if case is not None:
        own = rows.filter(case=case).order_by("-id").first()
        if own is not None:
            return own
    return rows.filter(case__isnull=True).order_by("-id").first()


def documents_to_serve(case: Case) -> list[Document]:
    """The case's documents addressed to the party, in force (not corrected), oldest first."""
    return list(
        Document.objects.filter(case=case, kind__in=list(SERVED_KINDS), corrections__isnull=True)
        .order_by("issued_at", "id")
        .distinct()
    )


@dataclass
class DocumentServices:
    document: Document
    services: list[Service] = field(default_factory=list)

    @property
    def served(self) -> Service | None:
        return next((s for s in self.services if s.status == ServiceStatus.SERVED), None)

    @property
    def pending(self) -> list[Service]:
        return [s for s in self.services if s.status == ServiceStatus.PENDING]

    @property
    def pending_modes(self) -> set[str]:
        """Modes already under way (electronic, postal, public notice: one at a time)."""
        return {s.mode for s in self.pending}


def services_by_document(case: Case) -> list[DocumentServices]:
    rows = (
        Service.objects.filter(case=case)
        .select_related("document", "signature", "consent", "receipt", "started_by")
        .order_by("started_at", "id")
    )
    grouped: dict[int, DocumentServices] = {
        d.pk: DocumentServices(d) for d in documents_to_serve(case)
    }
    for service in rows:
        entry = grouped.setdefault(service.document_id, DocumentServices(service.document))
        entry.services.append(service)
    return list(grouped.values())


@dataclass(frozen=True)
class ServiceDue:
    """送达决定书 (行政处罚法 Art 61: 7 working days after the decision), from the case clocks."""

    due_on: date
    met_on: date | None
    started_on: date
    provisional: bool

    def overdue(self, today: date) -> bool:
        return self.met_on is None and today > self.due_on


def service_due(case: Case) -> ServiceDue | None:
    row = (
        CaseDeadline.objects.filter(case=case, kind=DeadlineKind.SERVICE, cancelled=False)
        .order_by("-id")
        .first()
    )
    if row is None:
        return None
    return ServiceDue(row.due_on, row.met_on, row.started_on, row.provisional)


def party_documents(case_id: int, party_id: int) -> QuerySet[Document]:
    """What the party's page shows: documents served on the party in this case, and those being
    served electronically (opening one completes its service)."""
    services = Service.objects.filter(case_id=case_id, party_id=party_id).filter(
        Q(status=ServiceStatus.SERVED)
        | Q(status=ServiceStatus.PENDING, mode=ServiceMode.ELECTRONIC)
    )
    return Document.objects.filter(pk__in=services.values("document_id")).order_by(
        "issued_at", "id"
    )


def recent_accesses(case: Case, limit: int = 50) -> list[ServiceAccess]:
    return list(ServiceAccess.objects.filter(case=case).order_by("-at", "-id")[:limit])
