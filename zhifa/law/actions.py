"""Every write to the catalog goes through here. The import is the write path: it upserts by
code in one transaction, replacing an item's fines and bands, and leaves items the file does not
name alone. The records it gets are already validated (``catalog_io.validator``); the database
constraints are the last guard."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from zhifa.law.catalog_io.records import ImportResult, ItemData, from_model
from zhifa.law.models import DiscretionBand, FineRule, ViolationItem


def import_catalog(records: Sequence[ItemData]) -> ImportResult:
    """Upsert ``records`` by code. An item whose record is unchanged is not touched, so running
    the same import twice writes nothing the second time. Rows are written in bulk: a few
    queries whatever the size of the catalog."""
    result = ImportResult()
    with transaction.atomic():
        existing = {
            item.code: item
            for item in ViolationItem.objects.select_for_update()
            .filter(code__in=[r.code for r in records])
            .prefetch_related("fine_rules", "discretion_bands")
        }
        written: list[tuple[ViolationItem, ItemData]] = []
        new: list[tuple[ViolationItem, ItemData]] = []
        for record in records:
            item = existing.get(record.code)
            if item is None:
                new.append((ViolationItem(**record.field_values()), record))
                result.created.append(record.code)
            elif from_model(item) == record:
                result.unchanged.append(record.code)
            else:
                values = record.field_values()
                for name, value in values.items():
                    setattr(item, name, value)
                item.save(update_fields=[*values, "updated_at"])
                written.append((item, record))
                result.updated.append(record.code)
        # The replaced fines and bands go first, so the unique constraints never see both.
        replaced = [item for item, _ in written]
        FineRule.objects.filter(item__in=replaced).delete()
        DiscretionBand.objects.filter(item__in=replaced).delete()
        ViolationItem.objects.bulk_create([item for item, _ in new])
        _write_rules([*written, *new])
    return result


def _write_rules(pairs: list[tuple[ViolationItem, ItemData]]) -> None:
    FineRule.objects.bulk_create(
        FineRule(
            item=item,
            party_kind=f.party_kind,
            rule=f.rule,
            min=f.min,
            max=f.max,
            unit=f.unit,
            note=f.note,
            ordinary_max=f.ordinary_max,
            serious_min=f.serious_min,
        )
        for item, record in pairs
        for f in record.fines
    )
    DiscretionBand.objects.bulk_create(
        DiscretionBand(
            item=item, party_kind=b.party_kind, level=b.level, min=b.min, max=b.max, facts=b.facts
        )
        for item, record in pairs
        for b in record.discretion_bands
    )
