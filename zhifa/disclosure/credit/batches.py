"""Which records a credit export sends, and the batch that remembers what was sent.

- new: a penalty decision of the requested date range not sent before (pending or published);
- update: a record sent before whose content digest has changed since (any date);
- withdrawal: a record sent before whose publication was withdrawn (changed, revoked, confirmed
  illegal — 行政处罚法 Art 48 ¶2), repaired (信用修复) or never shown, sent once as 撤销.
A record that fails validation is reported with its reasons and not sent (nor recorded), so the
next batch tries again once it is corrected."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery

from zhifa.disclosure.choices import ExportOperation, PublicationStatus
from zhifa.disclosure.credit import records
from zhifa.disclosure.models import CreditExportBatch, CreditExportRecord, Publication

S = PublicationStatus
SENDABLE = (S.PENDING, S.PUBLISHED)
ENDED = (S.WITHDRAWN, S.REPAIRED, S.SKIPPED)
REPAIRED_NOTE = "信用修复，提前停止公示"


@dataclass
class Plan:
    date_from: date
    date_to: date
    sent: list[tuple[str, records.CreditRecord]] = field(default_factory=list)  # (operation, …)
    rejected: list[records.CreditRecord] = field(default_factory=list)

    def count(self, operation: str) -> int:
        return sum(1 for op, _ in self.sent if op == operation)


def _candidates(date_from: date, date_to: date) -> QuerySet[Publication]:
    last = CreditExportRecord.objects.filter(publication=OuterRef("pk")).order_by("-id")
    in_range = Q(decided_on__gte=date_from, decided_on__lte=date_to, status__in=SENDABLE)
    return (
        Publication.objects.annotate(
            last_op=Subquery(last.values("operation")[:1]),
            last_digest=Subquery(last.values("digest")[:1]),
        )
        .filter(in_range | Q(last_op__isnull=False))
        .select_related("party", "decision")
        .order_by("decided_on", "id")
    )


def _operation(publication: Publication) -> tuple[str, str] | None:
    """(operation, note) for this publication, or None when nothing is to be sent."""
    last = getattr(publication, "last_op", None)
    if publication.status in ENDED:
        if last in (ExportOperation.ADD, ExportOperation.UPDATE):
            if publication.status == S.REPAIRED:
                return ExportOperation.WITHDRAW, REPAIRED_NOTE
            return ExportOperation.WITHDRAW, publication.withdraw_reason or publication.skip_reason
        return None
    if publication.status not in SENDABLE or last == ExportOperation.WITHDRAW:
        return None
    if last is None:
        return ExportOperation.ADD, ""
    return ExportOperation.UPDATE, "更正已报送的记录"


def plan(date_from: date, date_to: date) -> Plan:
    result = Plan(date_from, date_to)
    for publication in _candidates(date_from, date_to).iterator(chunk_size=1000):
        what = _operation(publication)
        if what is None:
            continue
        operation, note = what
        record = records.build(publication, ExportOperation(operation).label, note)
        if operation == ExportOperation.UPDATE and record.digest() == getattr(
            publication, "last_digest", None
        ):
            continue  # unchanged since it was sent
        if operation != ExportOperation.WITHDRAW and not record.valid:
            result.rejected.append(record)
            continue
        result.sent.append((operation, record))
    return result


def record_batch(result: Plan, *, fmt: str, out: str = "") -> CreditExportBatch:
    """Remember what was sent (with each record's digest), in one transaction."""
    with transaction.atomic():
        batch = CreditExportBatch.objects.create(
            date_from=result.date_from,
            date_to=result.date_to,
            format=fmt,
            added=result.count(ExportOperation.ADD),
            updated=result.count(ExportOperation.UPDATE),
            withdrawn=result.count(ExportOperation.WITHDRAW),
            rejected=len(result.rejected),
            out=out[:300],
        )
        CreditExportRecord.objects.bulk_create(
            [
                CreditExportRecord(
                    batch=batch,
                    publication_id=record.publication_id,
                    number=record.number,
                    operation=operation,
                    digest=record.digest(),
                )
                for operation, record in result.sent
            ],
            batch_size=1000,
        )
    return batch
