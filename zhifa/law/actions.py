"""Every write to the catalog goes through here. The import is the write path: it upserts by
code in one transaction, replacing an item's fines and bands, and leaves items the file does not
name alone. The records it gets are already validated (``catalog_io.validator``); the database
constraints are the last guard. Django admin writes one item with ``save_item`` (checked by the
models' ``clean()`` and the admin's formsets first) and deletes one with ``delete_item`` — the
system administrator's (三员分立, ADR 0013), with its ``ADMIN_CHANGE`` row in the same
transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from zhifa.core.deletion import delete_unless_referenced
from zhifa.core.errors import InvalidInput, NotAllowed
from zhifa.law.catalog_io.records import ImportResult, ItemData, from_model
from zhifa.law.models import DiscretionBand, FineRule, ViolationItem
from zhifa.security.access import is_system_admin


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


def _require_administrator(actor: Any) -> None:
    """The system administrator keeps the catalogue; None is the operator's console."""
    if actor is None or actor.is_superuser or is_system_admin(actor):
        return
    raise NotAllowed("not_system_admin", "只有系统管理员可以维护权责清单")


def save_item(record: ItemData, *, actor: Any, item: ViolationItem | None = None) -> ViolationItem:
    """One item as the admin submitted it, with its fines and bands (replaced, as the import
    replaces them): a new item when ``item`` is None, else ``item`` (its code may change)."""
    _require_administrator(actor)
    with transaction.atomic():
        if item is None:
            target = ViolationItem(**record.field_values())
        else:
            target = ViolationItem.objects.select_for_update().get(pk=item.pk)
            for name, value in record.field_values().items():
                setattr(target, name, value)
        try:
            with transaction.atomic():
                target.save()
        except IntegrityError as exc:
            raise InvalidInput("duplicate", f"编号 {record.code} 已存在", field="code") from exc
        FineRule.objects.filter(item=target).delete()
        DiscretionBand.objects.filter(item=target).delete()
        _write_rules([(target, record)])
    return target


def delete_item(item: ViolationItem, *, actor: Any) -> None:
    """Only an item no case refers to; the others are made inactive (启用 unticked)."""
    _require_administrator(actor)
    delete_unless_referenced(item, what="违法事项")


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
