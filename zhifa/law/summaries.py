"""What the catalog says about an item, ready for the pages and the API: per party kind the
statutory fine and the procedures it can lead to, and each band's range in words."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from zhifa.core.errors import DomainError
from zhifa.law.amounts import describe_amounts, party_label, resolve_rule
from zhifa.law.fines import (
    fine_rule_for,
    hearing_possible,
    hearing_threshold,
    simple_procedure_eligibility,
)
from zhifa.law.models import DiscretionBand, ViolationItem
from zhifa.org.certificates import Eligibility
from zhifa.parties.choices import PartyKind


@dataclass(frozen=True)
class PartyProcedure:
    """What the catalog says for one party kind: the statutory fine and the procedures."""

    party_kind: str
    label: str
    statutory: str
    rule_party_kind: str
    rule_label: str
    simple: Eligibility
    hearing: bool
    threshold: Decimal


def procedure_summary(item: ViolationItem) -> list[PartyProcedure]:
    """One row per party kind that has a rule (the item page's "程序适用" table)."""
    rows = []
    for kind in PartyKind.values:
        try:
            rule = fine_rule_for(item, kind)
        except DomainError:
            continue
        rows.append(
            PartyProcedure(
                party_kind=kind,
                label=party_label(kind),
                statutory=describe_amounts(rule.rule, rule.min, rule.max, rule.unit),
                rule_party_kind=rule.party_kind,
                rule_label=party_label(rule.party_kind),
                simple=simple_procedure_eligibility(item, kind),
                hearing=hearing_possible(item, kind),
                threshold=hearing_threshold(kind),
            )
        )
    return rows


def bands_described(item: ViolationItem) -> list[tuple[DiscretionBand, str]]:
    """The item's bands in order, each with its range in words (in its rule's unit)."""
    rules = list(item.fine_rules.all())
    rows = []
    for band in item.sorted_bands():
        rule = resolve_rule(rules, band.party_kind)
        text = describe_amounts(rule.rule, band.min, band.max, rule.unit) if rule else "—"
        rows.append((band, text))
    return rows
