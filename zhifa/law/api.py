"""/api/v1/catalog/: the catalog of powers, fine ranges and the simple-procedure check.

Amounts are decimals in yuan (JSON strings, exact). Errors are ``{code, message, field}``: 404
for an unknown code, 422 for a bad parameter (or a missing base), 409 when the catalog has no
rule or band for the party kind.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from zhifa.law import fines, selectors, summaries
from zhifa.law.choices import BandLevel, Category
from zhifa.law.models import FineRule, ViolationItem
from zhifa.parties.choices import PartyKind

router = Router(tags=["权责清单"])


class FineRuleOut(Schema):
    party_kind: str
    rule: str
    min: Decimal | None
    max: Decimal | None
    unit: str
    note: str
    description: str


class BandOut(Schema):
    level: str
    party_kind: str
    min: Decimal
    max: Decimal
    facts: str
    description: str


class ItemSummaryOut(Schema):
    code: str
    name: str
    category: str
    category_label: str
    penalty_provision: str
    legal_status: str
    jurisdiction: str
    local_default: bool
    hearing_applies: bool
    active: bool
    fines: list[FineRuleOut]


class ItemOut(ItemSummaryOut):
    violated_provision: str
    penalty_kinds: list[str]
    basis_note: str
    discretion_bands: list[BandOut]


class FineRangeOut(Schema):
    item: str
    party_kind: str
    rule_party_kind: str
    level: str | None
    rule: str
    unit: str
    minimum: Decimal
    maximum: Decimal
    catalog_min: Decimal | None
    catalog_max: Decimal | None
    source: str


class SimpleProcedureOut(Schema):
    item: str
    party_kind: str
    amount: Decimal | None
    limit: Decimal
    ok: bool
    code: str
    message: str


class FineCheckOut(Schema):
    item: str
    party_kind: str
    amount: Decimal
    ok: bool
    within_band: bool | None
    needs_legal_review: bool
    code: str
    message: str
    statutory: FineRangeOut
    band: FineRangeOut | None


def _fine(rule: FineRule) -> dict:
    return {
        "party_kind": rule.party_kind,
        "rule": rule.rule,
        "min": rule.min,
        "max": rule.max,
        "unit": rule.unit,
        "note": rule.note,
        "description": rule.describe(),
    }


def _summary(item: ViolationItem) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "category": item.category,
        "category_label": item.get_category_display(),
        "penalty_provision": item.penalty_provision,
        "legal_status": item.legal_status,
        "jurisdiction": item.jurisdiction,
        "local_default": item.local_default,
        "hearing_applies": item.hearing_applies,
        "active": item.active,
        "fines": [_fine(r) for r in item.sorted_fine_rules()],
    }


def _range(code: str, party_kind: str, r: fines.FineRange) -> dict:
    return {
        "item": code,
        "party_kind": party_kind,
        "rule_party_kind": r.party_kind,
        "level": r.level,
        "rule": r.rule,
        "unit": r.unit,
        "minimum": r.minimum,
        "maximum": r.maximum,
        "catalog_min": r.catalog_min,
        "catalog_max": r.catalog_max,
        "source": r.source,
    }


@router.get("/", response=list[ItemSummaryOut], summary="权责清单事项")
def items(
    request: HttpRequest,
    category: Category | None = None,
    q: str = "",
    include_inactive: bool = False,
) -> list[dict]:
    rows = selectors.catalog_items(
        category=category.value if category else "",
        q=q.strip()[:100],
        include_inactive=include_inactive,
    )
    return [_summary(item) for item in rows]


@router.get("/{code}", response=ItemOut, summary="事项详情 (含罚款规则与裁量基准)")
def item(request: HttpRequest, code: str) -> dict:
    obj = selectors.item_by_code(code)
    bands = [
        {
            "level": band.level,
            "party_kind": band.party_kind,
            "min": band.min,
            "max": band.max,
            "facts": band.facts,
            "description": description,
        }
        for band, description in summaries.bands_described(obj)
    ]
    return {
        **_summary(obj),
        "violated_provision": obj.violated_provision,
        "penalty_kinds": obj.penalty_kinds,
        "basis_note": obj.basis_note,
        "discretion_bands": bands,
    }


@router.get("/{code}/fine-range", response=FineRangeOut, summary="罚款幅度 (法定或裁量基准)")
def fine_range(
    request: HttpRequest,
    code: str,
    party_kind: PartyKind,
    level: BandLevel | None = None,
    base: Decimal | None = None,
) -> dict:
    obj = selectors.item_by_code(code)
    r = fines.fine_range(obj, party_kind.value, level.value if level else None, base=base)
    return _range(obj.code, party_kind.value, r)


@router.get(
    "/{code}/simple-procedure",
    response=SimpleProcedureOut,
    summary="能否适用简易程序 (行政处罚法第五十一条)",
)
def simple_procedure(
    request: HttpRequest,
    code: str,
    party_kind: PartyKind,
    amount: Decimal | None = None,
    level: BandLevel | None = None,
    base: Decimal | None = None,
) -> dict:
    obj = selectors.item_by_code(code)
    result = fines.simple_procedure_eligibility(
        obj, party_kind.value, level=level.value if level else None, amount=amount, base=base
    )
    return {
        "item": obj.code,
        "party_kind": party_kind.value,
        "amount": amount,
        "limit": fines.simple_procedure_limit(party_kind.value),
        "ok": result.ok,
        "code": result.code,
        "message": result.message,
    }


@router.get(
    "/{code}/check-fine", response=FineCheckOut, summary="核对罚款是否在法定幅度和裁量基准内"
)
def check_fine(
    request: HttpRequest,
    code: str,
    party_kind: PartyKind,
    amount: Decimal,
    level: BandLevel | None = None,
    base: Decimal | None = None,
) -> dict:
    obj = selectors.item_by_code(code)
    result = fines.check_fine(
        obj, party_kind.value, amount, level=level.value if level else None, base=base
    )
    return {
        "item": obj.code,
        "party_kind": party_kind.value,
        "amount": amount,
        "ok": result.ok,
        "within_band": result.within_band,
        "needs_legal_review": result.needs_legal_review,
        "code": result.code,
        "message": result.message,
        "statutory": _range(obj.code, party_kind.value, result.statutory),
        "band": _range(obj.code, party_kind.value, result.band) if result.band else None,
    }
