"""The standard fine of an item: the one amount the catalog states for the ordinary case, which
a form may offer in advance (the on-the-spot form fills it in; the officer sees and may change
it, and the action checks it as any other amount).

Only where the catalog leaves no choice of amount for the ordinary case: a fixed fine, the
ordinary tier of a tiered rule when it is one amount (「可以处50元罚款，情节严重的处200元罚款」 →
50), or else the mildest discretion band when it is one amount. Never the serious tier (it needs
a written finding, 情节严重), never a choice within a range, never above the Art 51 limit."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from zhifa.law import fines
from zhifa.law.amounts import lookup_chain, resolve_rule
from zhifa.law.choices import BandLevel, FineRuleKind, PenaltyKind
from zhifa.law.models import DiscretionBand, FineRule, ViolationItem
from zhifa.parties.choices import PartyKind


def _mildest_band(item: ViolationItem, rule: FineRule, party_kind: str) -> DiscretionBand | None:
    """The mildest band of the rule that applies (as ``fines.fine_range`` reads bands: a band
    only with the rule its own party kind resolves to), from the prefetched rows."""
    rules = list(item.fine_rules.all())
    bands = {(b.party_kind, b.level): b for b in item.discretion_bands.all()}
    for level in BandLevel.values:  # minor → serious
        for kind in lookup_chain(party_kind):
            band = bands.get((kind, level))
            if band is not None and resolve_rule(rules, kind) == rule:
                return band
    return None


def standard_fine(item: ViolationItem, party_kind: str) -> Decimal | None:
    """The standard fine of ``item`` for ``party_kind`` on the spot, or None (see the module)."""
    if PenaltyKind.FINE not in item.penalty_kinds:
        return None
    rule = resolve_rule(list(item.fine_rules.all()), party_kind)
    if rule is None:
        return None
    amount: Decimal | None = None
    if rule.rule == FineRuleKind.FIXED:
        amount = rule.min
    elif rule.rule == FineRuleKind.TIERED:
        amount = rule.min if rule.min == rule.ordinary_max else None
    elif rule.rule == FineRuleKind.RANGE:
        band = _mildest_band(item, rule, party_kind)
        amount = band.min if band and band.min == band.max else None
    if not amount or amount > fines.simple_procedure_limit(party_kind):
        return None
    return amount


def standard_fines(items: Iterable[ViolationItem]) -> dict[str, dict[str, str]]:
    """``{item pk: {party kind: amount}}`` of the items that have a standard fine for some party
    kind (for the page's script). ``items`` prefetch their fine rules and bands."""
    out: dict[str, dict[str, str]] = {}
    for item in items:
        by_kind = {}
        for kind in PartyKind.values:
            amount = standard_fine(item, kind)
            if amount is not None:
                by_kind[kind] = f"{amount:.2f}"
        if by_kind:
            out[str(item.pk)] = by_kind
    return out
