"""What the case file must hold of service before the case is closed or archived: for every
document addressed to the party (``SERVED_KINDS``: the decision, the prior notice, the 催告书…)
a completed service and its 送达回证 (民事诉讼法 Art 87; 行政处罚法 Art 61). Registered in
``workflow.CLOSING_CHECKS`` and ``workflow.ARCHIVING_CHECKS`` from ``DeliveryConfig.ready()``."""

from __future__ import annotations

from zhifa.cases.facts import Facts, Problem, register_join, register_rows
from zhifa.delivery.choices import ServiceStatus
from zhifa.delivery.models import Service
from zhifa.delivery.selectors import SERVICE_RELATED, service_order, service_rows
from zhifa.documents.choices import SERVED_KINDS, DocumentKind
from zhifa.documents.models import Document

RULE = "民事诉讼法第八十七条、行政处罚法第六十一条"

# 行政处罚法 Art 52 ¶2: the on-the-spot decision is handed to the party on the spot and the
# party signs (or the refusal is noted) on the decision itself — that signed copy is its proof
# of service; no separate 送达回证 is made.
HANDED_ON_THE_SPOT = frozenset({DocumentKind.ON_THE_SPOT_DECISION})


def missing_service(
    case_id: int,
    *,
    documents: list[Document] | None = None,
    services: list[Service] | None = None,
) -> list[str]:
    """Each document of the case still in force and addressed to the party that has no
    completed service, or no 送达回证 for it — one line each, in the order issued.
    ``documents``/``services``: all the case's, when already loaded (``Facts.rows``)."""
    kinds = SERVED_KINDS - HANDED_ON_THE_SPOT
    if documents is None:
        documents = list(
            Document.objects.filter(case_id=case_id, kind__in=kinds, corrections__isnull=True)
            .order_by("issued_on", "id")
            .only("id", "kind", "number")
        )
    else:
        corrected = {d.corrects_id for d in documents if d.corrects_id}
        documents = sorted(
            (d for d in documents if d.kind in kinds and d.pk not in corrected),
            key=lambda d: (d.issued_on, d.pk),
        )
    if services is None:
        services = list(
            Service.objects.filter(
                case_id=case_id, status=ServiceStatus.SERVED, document__in=documents
            ).only("document_id", "receipt_id")
        )
    ids = {d.pk for d in documents}
    served = {
        s.document_id: s
        for s in services
        if s.status == ServiceStatus.SERVED and s.document_id in ids
    }
    missing = []
    for doc in documents:
        service = served.get(doc.pk)
        title = f"《{doc.get_kind_display()}》{doc.number}"
        if service is None:
            missing.append(f"{title}尚未送达")
        elif service.receipt_id is None:
            missing.append(f"{title}已送达，尚未制作送达回证")
    return missing


def file_service_problems(f: Facts) -> list[Problem]:
    """The closing and archiving precondition: nothing served without its proof in the file."""
    missing = f.memo(
        "delivery_missing_service",
        lambda: missing_service(
            f.case.pk, documents=f.rows("documents"), services=f.rows("services")
        ),
    )
    if not missing:
        return []
    return [
        Problem(
            "service_receipt_missing",
            f"案卷缺少送达回证：{'；'.join(missing)} ({RULE})",
        )
    ]


NOTICE_RULE = "行政处罚法第四十四条、第六十二条"


def notice_service_problems(f: Facts) -> list[Problem]:
    """The decision's precondition: the prior notice has reached the party. The periods to
    state, defend and ask for a hearing run from its service (Arts 44, 64(1)); a decision
    before it would deny them (Art 62)."""
    if f.notice is None or f.notice.served_on is None or f.decision_outcome() != "penalty":
        return []  # no notice, or never served: the case's own check says so (guards)

    def unserved() -> str | None:
        docs = f.rows("documents")
        corrected = {d.corrects_id for d in docs if d.corrects_id}
        notices = [d for d in docs if d.kind == DocumentKind.PRIOR_NOTICE and d.pk not in corrected]
        doc = max(notices, key=lambda d: d.pk, default=None)
        if doc is None:
            return "《行政处罚事先告知书》尚未制作"
        services = f.rows("services")
        if any(s.document_id == doc.pk and s.status == ServiceStatus.SERVED for s in services):
            return None
        return f"《行政处罚事先告知书》{doc.number}尚未送达当事人"

    missing = f.memo("delivery_notice_unserved", unserved)
    if missing is None:
        return []
    return [
        Problem(
            "notice_not_served",
            f"{missing}，陈述申辩和听证申请期限自送达之日起计算，"
            f"送达前不得作出处罚决定 ({NOTICE_RULE})",
        )
    ]


register_rows("services", lambda rows, f: service_rows(rows))
# read with the documents (a service is of one of the case's documents): one query for both
register_join("documents", "services", *SERVICE_RELATED, rows="services", order=service_order)
