"""The catalog as plain data: what the JSON and XLSX files hold, what the import writes and
what the export reads. Records are in canonical order (party kind, then level), so two catalogs
are the same exactly when their records are equal."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zhifa.core.errors import InvalidInput
from zhifa.law.choices import LEVEL_ORDER, PARTY_ORDER
from zhifa.law.models import ViolationItem

ITEM_FIELDS = (
    "code",
    "name",
    "category",
    "violated_provision",
    "penalty_provision",
    "penalty_kinds",
    "jurisdiction",
    "local_default",
    "basis_note",
    "legal_status",
    "hearing_applies",
    "active",
    "sort_order",
)
FINE_FIELDS = ("party_kind", "rule", "min", "max", "unit", "note", "ordinary_max", "serious_min")
BAND_FIELDS = ("level", "party_kind", "min", "max", "facts")


@dataclass(frozen=True)
class FineData:
    party_kind: str
    rule: str
    min: Decimal | None
    max: Decimal | None
    unit: str
    note: str = ""
    ordinary_max: Decimal | None = None  # tiered only: the ordinary tier's top
    serious_min: Decimal | None = None  # tiered only: the serious tier's bottom


@dataclass(frozen=True)
class BandData:
    level: str
    party_kind: str
    min: Decimal
    max: Decimal
    facts: str


@dataclass(frozen=True)
class ItemData:
    code: str
    name: str
    category: str
    violated_provision: str
    penalty_provision: str
    penalty_kinds: tuple[str, ...]
    jurisdiction: str
    local_default: bool
    basis_note: str
    legal_status: str
    hearing_applies: bool
    active: bool
    sort_order: int
    fines: tuple[FineData, ...]
    discretion_bands: tuple[BandData, ...]

    def field_values(self) -> dict[str, Any]:
        """The item's own columns (without fines and bands), as the model takes them."""
        values = {name: getattr(self, name) for name in ITEM_FIELDS}
        values["penalty_kinds"] = list(self.penalty_kinds)
        return values


def canonical_fines(fines: list[FineData] | tuple[FineData, ...]) -> tuple[FineData, ...]:
    return tuple(sorted(fines, key=lambda f: PARTY_ORDER.get(f.party_kind, 99)))


def canonical_bands(bands: list[BandData] | tuple[BandData, ...]) -> tuple[BandData, ...]:
    return tuple(
        sorted(
            bands,
            key=lambda b: (PARTY_ORDER.get(b.party_kind, 99), LEVEL_ORDER.get(b.level, 99)),
        )
    )


def from_model(item: ViolationItem) -> ItemData:
    """The record of a saved item (prefetch ``fine_rules`` and ``discretion_bands``)."""
    return ItemData(
        code=item.code,
        name=item.name,
        category=item.category,
        violated_provision=item.violated_provision,
        penalty_provision=item.penalty_provision,
        penalty_kinds=tuple(item.penalty_kinds),
        jurisdiction=item.jurisdiction,
        local_default=item.local_default,
        basis_note=item.basis_note,
        legal_status=item.legal_status,
        hearing_applies=item.hearing_applies,
        active=item.active,
        sort_order=item.sort_order,
        fines=canonical_fines(
            [
                FineData(
                    r.party_kind,
                    r.rule,
                    r.min,
                    r.max,
                    r.unit,
                    r.note,
                    r.ordinary_max,
                    r.serious_min,
                )
                for r in item.fine_rules.all()
            ]
        ),
        discretion_bands=canonical_bands(
            [
                BandData(b.level, b.party_kind, b.min, b.max, b.facts)
                for b in item.discretion_bands.all()
            ]
        ),
    )


def decimal_text(value: Decimal | None) -> str | None:
    """Amounts in files: "500", "7.5"; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return str(int(value))
    return str(value.normalize())


@dataclass(frozen=True)
class Issue:
    """One bad value: where (sheet and row, or item number), the field path and why."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return (
            f"{self.where} {self.field}: {self.message}"
            if self.field
            else (f"{self.where}: {self.message}")
        )


class CatalogImportError(InvalidInput):
    """The file has bad rows; nothing was imported. ``issues`` lists every one."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        lines = "\n".join(str(i) for i in issues)
        super().__init__(
            "catalog_invalid", f"权责清单文件有 {len(issues)} 处错误，未导入任何数据：\n{lines}"
        )


@dataclass
class ImportResult:
    """The codes an import created, updated, or found unchanged."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Items in the file."""
        return len(self.created) + len(self.updated) + len(self.unchanged)

    def summary(self) -> str:
        return (
            f"新增 {len(self.created)} 项，更新 {len(self.updated)} 项，"
            f"未变 {len(self.unchanged)} 项"
        )
