"""Reads: the consent in force, a case's documents and their services, the documents a party
sees on its page, the service deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.delivery.choices import ServiceMode, ServiceStatus
from zhifa.delivery.models import Service, ServiceAccess, ServiceConsent
from zhifa.documents.choices import SERVED_KINDS
from zhifa.documents.models import Document
from zhifa.parties.models import Party


def consent_for(party: Party | None, case: Case | None) -> ServiceConsent | None:
    """The confirmation in force for ``case``: the case's own, else the party's general one
    (one query: the latest of each, the case's first)."""
    if party is None:
        return None
    rows = ServiceConsent.objects.filter(party=party, superseded_at__isnull=True).select_related(
        "document"
    )
    scope = Q(case__isnull=True) if case is None else Q(case=case) | Q(case__isnull=True)
    found = list(rows.filter(scope).order_by("-id"))
    own = next((c for c in found if case is not None and c.case_id == case.pk), None)
    return own or next((c for c in found if c.case_id is None), None)


def electronic_consent() -> Subquery:
    """For the case page's query (``facts.register_probe``): whether the confirmation in force
    for the case (``consent_for``: its own, else the party's general one) accepts electronic
    service — None when there is none."""
    rows = ServiceConsent.objects.filter(
        Q(case=OuterRef("pk")) | Q(case__isnull=True),
        party=OuterRef("party_id"),
        superseded_at__isnull=True,
    )
    latest = rows.order_by(F("case_id").desc(nulls_last=True), "-id")  # the case's own first
    return Subquery(latest.values("electronic")[:1])


def documents_to_serve(case: Case, documents: list[Document] | None = None) -> list[Document]:
    """The case's documents addressed to the party, in force (not corrected), oldest first.
    ``documents``: all the case's documents in that order, when already loaded."""
    if documents is not None:
        corrected = {d.corrects_id for d in documents if d.corrects_id}
        return [d for d in documents if d.kind in SERVED_KINDS and d.pk not in corrected]
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


# What is read with each service besides its document.
SERVICE_RELATED = ("signature", "consent", "receipt", "started_by")


def service_rows(rows: QuerySet[Service]) -> QuerySet[Service]:
    """A case's services as its pages show them, in the order they were started."""
    return rows.select_related("document", *SERVICE_RELATED).order_by("started_at", "id")


def service_order(service: Service) -> tuple[object, int]:
    """The order of ``service_rows``, for services read with their documents."""
    return (service.started_at, service.pk)


def services_by_document(
    case: Case,
    *,
    documents: list[Document] | None = None,
    services: list[Service] | None = None,
) -> list[DocumentServices]:
    """Each document to serve with its services (and those of documents served before a
    correction). ``documents``/``services``: the case's, when already loaded (``Facts``)."""
    rows = services if services is not None else service_rows(Service.objects.filter(case=case))
    grouped: dict[int, DocumentServices] = {
        d.pk: DocumentServices(d) for d in documents_to_serve(case, documents)
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


def service_due(case: Case, deadlines: list[CaseDeadline] | None = None) -> ServiceDue | None:
    """``deadlines``: the case's clocks, when already loaded (``Facts.rows``)."""
    if deadlines is None:
        row = (
            CaseDeadline.objects.filter(case=case, kind=DeadlineKind.SERVICE, cancelled=False)
            .order_by("-id")
            .first()
        )
    else:
        clocks = [d for d in deadlines if d.kind == DeadlineKind.SERVICE and not d.cancelled]
        row = max(clocks, key=lambda d: d.pk, default=None)
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
