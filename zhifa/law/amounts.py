"""Pure helpers on fine figures, shared by the models, the import validator and ``fines``.

Nothing here touches the database: a "rule" is anything with ``party_kind``, ``rule``, ``min``
and ``max`` (a saved ``FineRule``, one being edited in the admin, or a row being imported).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured

from zhifa.core.config import local_rules
from zhifa.core.templatetags.zhifa import yuan
from zhifa.law.choices import FineRuleKind, PenaltyKind, RulePartyKind
from zhifa.parties.choices import PartyKind

YUAN_RULES = frozenset({FineRuleKind.FIXED, FineRuleKind.RANGE, FineRuleKind.TIERED})
FEN = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class RuleLike(Protocol):
    @property
    def party_kind(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def min(self) -> Decimal | None: ...
    @property
    def max(self) -> Decimal | None: ...
    @property
    def unit(self) -> str: ...


def sole_trader_as() -> str:
    """The party kind a 个体工商户 counts as where no rule names it: a natural person by default
    (民法典 Art 54), configurable as ``SOLE_TRADER_AS``."""
    value = local_rules().sole_trader_as
    if value not in (PartyKind.PERSON, PartyKind.ORGANISATION):
        raise ImproperlyConfigured(
            f"ZHIFA_SOLE_TRADER_AS={value!r} 无效：应为 person 或 organisation"
        )
    return value


def lookup_chain(party_kind: str) -> tuple[str, ...]:
    """The rule party kinds to try, in order: the exact kind, for a sole trader the kind it
    counts as, then ``any``."""
    if party_kind == RulePartyKind.ANY:
        return (RulePartyKind.ANY.value,)
    chain = [party_kind]
    if party_kind == PartyKind.SOLE_TRADER:
        chain.append(sole_trader_as())
    chain.append(RulePartyKind.ANY.value)
    return tuple(chain)


def resolve_rule[R: RuleLike](rules: Sequence[R], party_kind: str) -> R | None:
    by_kind = {r.party_kind: r for r in rules}
    for kind in lookup_chain(party_kind):
        if kind in by_kind:
            return by_kind[kind]
    return None


def party_label(party_kind: str) -> str:
    return (
        str(RulePartyKind(party_kind).label) if party_kind in RulePartyKind.values else party_kind
    )


def number(value: Decimal) -> str:
    """5.00 → "5", 7.50 → "7.5", 20000 → "20,000"."""
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value.normalize():,f}"


def describe_amounts(rule: str, low: Decimal | None, high: Decimal | None, unit: str) -> str:
    """A rule's (or band's) figures as a reader says them: "¥500–¥5,000", "不超过 ¥20,000",
    "工程造价的 5–10%", "不超过计罚基数的 1 倍", "不罚款"."""
    if rule == FineRuleKind.NONE or not high:
        return "不罚款"
    if rule in (FineRuleKind.FIXED, FineRuleKind.RANGE, FineRuleKind.TIERED):
        if not low:
            return f"不超过 {yuan(high)}"
        return yuan(high) if low == high else f"{yuan(low)}–{yuan(high)}"
    figures = None  # no minimum: "not more than"
    if low:
        figures = number(high) if low == high else f"{number(low)}–{number(high)}"
    if rule == FineRuleKind.PERCENT_OF_COST:
        return f"工程造价的 {figures}%" if figures else f"不超过工程造价的 {number(high)}%"
    if rule == FineRuleKind.MULTIPLE:
        return f"计罚基数的 {figures} 倍" if figures else f"不超过计罚基数的 {number(high)} 倍"
    return f"{figures} {unit}" if figures else f"不超过 {number(high)} {unit}"


def span(low: Decimal, high: Decimal) -> str:
    return yuan(high) if low == high else f"{yuan(low)}–{yuan(high)}"


Tiers = tuple[Decimal, Decimal, Decimal, Decimal]  # min, ordinary_max, serious_min, max


def tiers_of(
    low: Decimal | None,
    ordinary_max: Decimal | None,
    serious_min: Decimal | None,
    high: Decimal | None,
) -> Tiers | None:
    """The four figures of a tiered rule, or None while one is missing."""
    if low is None or ordinary_max is None or serious_min is None or high is None:
        return None
    return low, ordinary_max, serious_min, high


def describe_tiers(
    low: Decimal | None,
    ordinary_max: Decimal | None,
    serious_min: Decimal | None,
    high: Decimal | None,
) -> str:
    """A tiered rule as the regulation says it: "¥50；情节严重的 ¥200 (其间金额不适用)"."""
    tiers = tiers_of(low, ordinary_max, serious_min, high)
    if tiers is None:
        return describe_amounts(FineRuleKind.RANGE, low, high, "元")
    low, ordinary_max, serious_min, high = tiers
    gap = " (其间金额不适用)" if serious_min > ordinary_max else ""
    return f"{span(low, ordinary_max)}；情节严重的 {span(serious_min, high)}{gap}"


def tiers_shape_error(
    rule: str,
    low: Decimal | None,
    ordinary_max: Decimal | None,
    serious_min: Decimal | None,
    high: Decimal | None,
) -> tuple[str, str] | None:
    """(field, message) when a tiered rule's tiers do not fit, or a non-tiered one has tiers."""
    if rule != FineRuleKind.TIERED:
        if ordinary_max is not None or serious_min is not None:
            return "ordinary_max", "只有分档规则 (tiered) 填写 ordinary_max 和 serious_min"
        return None
    tiers = tiers_of(low, ordinary_max, serious_min, high)
    if tiers is None:
        missing = (
            "min" if low is None else "ordinary_max" if ordinary_max is None else "serious_min"
        )
        return missing, "分档规则须填写一般档 min–ordinary_max 和情节严重档 serious_min–max"
    low, ordinary_max, serious_min, high = tiers
    if not low <= ordinary_max <= serious_min <= high:
        return "serious_min", "分档金额须满足 min ≤ ordinary_max ≤ serious_min ≤ max"
    return None


def to_yuan(rule: str, figure: Decimal | None, base: Decimal | None) -> Decimal:
    """A catalog figure in yuan. Based rules multiply the base (already checked present)."""
    value = figure or ZERO
    if rule == FineRuleKind.NONE:
        return ZERO
    if rule in YUAN_RULES:
        return value
    assert base is not None
    value = base * value
    if rule == FineRuleKind.PERCENT_OF_COST:
        value = value / HUNDRED
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


def rule_shape_error(
    rule: str, low: Decimal | None, high: Decimal | None, unit: str
) -> tuple[str, str] | None:
    """(field, message) when the figures do not fit the kind of rule, else None."""
    if rule not in FineRuleKind.values:
        return "rule", f"罚款方式「{rule}」无效，应为 {', '.join(FineRuleKind.values)}"
    for field, value in (("min", low), ("max", high)):
        if value is not None and value < 0:
            return field, "金额不能为负数"
    if rule in (FineRuleKind.NONE, FineRuleKind.FIXED):
        return _single_amount_error(rule, low, high)
    if high is None:
        return "max", f"{FineRuleKind(rule).label}的规则须填写上限"
    if low is not None and low > high:
        return "max", "上限不能小于下限"
    if rule == FineRuleKind.PER_UNIT and not unit.strip():
        return "unit", "按单位计的罚款须写明单位，例如 元/平方米"
    if rule == FineRuleKind.PERCENT_OF_COST and high > HUNDRED:
        return "max", "工程造价百分比不能超过 100"
    return None


def _single_amount_error(
    rule: str, low: Decimal | None, high: Decimal | None
) -> tuple[str, str] | None:
    if rule == FineRuleKind.NONE:
        if low is not None or high is not None:
            return "min", "不罚款的规则不填写金额"
        return None
    if low is None or high is None:
        return "min", "固定金额须同时填写下限和上限 (两者相同)"
    if low != high:
        return "max", "固定金额的下限和上限必须相同"
    return None


def band_outside_rule(
    party_kind: str, low: Decimal | None, high: Decimal | None, rules: Sequence[RuleLike]
) -> str | None:
    """Why a band does not lie within the statutory rule for its party kind, or None."""
    rule = resolve_rule(rules, party_kind)
    if rule is None:
        return f"没有适用于「{party_label(party_kind)}」的罚款规则，不能设定裁量基准"
    if low is None or high is None:
        return None  # reported as a missing figure by the caller
    floor = rule.min or ZERO
    ceiling = rule.max or ZERO
    if low < floor or high > ceiling:
        band = describe_amounts(rule.rule, low, high, rule.unit)
        statutory = describe_amounts(rule.rule, rule.min, rule.max, rule.unit)
        return f"裁量幅度「{band}」超出法定幅度「{statutory}」"
    ordinary_max = getattr(rule, "ordinary_max", None)
    serious_min = getattr(rule, "serious_min", None)
    if (  # a band of a tiered rule lies within one tier
        rule.rule == FineRuleKind.TIERED
        and ordinary_max is not None
        and serious_min is not None
        and not (high <= ordinary_max or low >= serious_min)
    ):
        band = describe_amounts(rule.rule, low, high, rule.unit)
        tiers = describe_tiers(rule.min, ordinary_max, serious_min, rule.max)
        return f"裁量幅度「{band}」不在同一档内 (法定分档：{tiers})"
    return None


def penalty_kinds_error(kinds: Sequence[str], rules: Sequence[RuleLike]) -> str | None:
    """A fine rule with amounts and the penalty kind "fine" go together."""
    fining = any(r.rule != FineRuleKind.NONE for r in rules)
    if fining and PenaltyKind.FINE not in kinds:
        return "有罚款规则，处罚种类却不含罚款 (fine)"
    if rules and not fining and PenaltyKind.FINE in kinds:
        return "处罚种类含罚款 (fine)，但没有一条规则设定罚款数额"
    return None
