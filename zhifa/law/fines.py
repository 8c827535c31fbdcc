"""Fines from the catalog, and the procedure they lead to. Later issues call these:

- ``fine_range`` — the statutory range (or a discretion band) in yuan;
- ``check_fine`` — refuse a fine outside the statutory range, flag one outside its band;
- ``simple_procedure_eligibility`` — 行政处罚法 Art 51 (on-the-spot decision);
- ``on_spot_collection_allowed`` — Art 68 (collecting the fine on the spot);
- ``hearing_required`` — Art 63 (the party must be told of the right to a hearing).

Functions read ``item.fine_rules.all()`` and ``item.discretion_bands.all()``, so a caller that
loops over items prefetches them and pays no query per item.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from zhifa.core.config import local_rules
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.core.templatetags.zhifa import yuan
from zhifa.law import statute
from zhifa.law.amounts import (
    ZERO,
    band_outside_rule,
    describe_amounts,
    lookup_chain,
    party_label,
    resolve_rule,
    sole_trader_as,
    span,
    tiers_of,
    to_yuan,
)
from zhifa.law.choices import (
    BASED_RULES,
    CONFISCATIONS,
    HEARING_PENALTIES,
    NON_PENALTY_MEASURES,
    SIMPLE_PROCEDURE_PENALTIES,
    BandLevel,
    FineRuleKind,
    PenaltyKind,
)
from zhifa.law.models import DiscretionBand, FineRule, ViolationItem
from zhifa.org.certificates import Eligibility
from zhifa.parties.choices import PartyKind

BASE_NAMES: dict[str, str] = {
    FineRuleKind.PER_UNIT: "计罚数量 (如面积、数量)",
    FineRuleKind.PERCENT_OF_COST: "工程造价 (元)",
    FineRuleKind.MULTIPLE: "计罚基数 (违法所得或工程造价，元)",
}


@dataclass(frozen=True)
class FineRange:
    """A range of fines in yuan. ``catalog_min``/``catalog_max`` are the figures as the catalog
    states them, in ``unit`` (a percentage, a multiple, yuan per unit, or yuan)."""

    minimum: Decimal
    maximum: Decimal
    rule: str
    unit: str
    source: str
    party_kind: str  # the party kind of the rule applied (after the fallback)
    level: str | None = None
    catalog_min: Decimal | None = None
    catalog_max: Decimal | None = None

    def contains(self, amount: Decimal) -> bool:
        return self.minimum <= amount <= self.maximum

    @property
    def description(self) -> str:
        return describe_amounts(FineRuleKind.RANGE, self.minimum, self.maximum, "元")


@dataclass(frozen=True)
class FineCheck:
    """``ok``: within the statutory range (a fine outside it must be refused). ``within_band``:
    None without a level; False flags the fine for legal review (法制审核)."""

    ok: bool
    within_band: bool | None
    code: str
    message: str
    statutory: FineRange
    band: FineRange | None = None

    @property
    def needs_legal_review(self) -> bool:
        return self.ok and self.within_band is False


def _party_kind(value: str) -> str:
    if value not in PartyKind.values:
        raise InvalidInput(
            "invalid_party_kind",
            f"当事人类别「{value}」无效，应为 person、organisation 或 sole_trader",
            field="party_kind",
        )
    return value


def _level(value: str) -> str:
    if value not in BandLevel.values:
        raise InvalidInput(
            "invalid_level",
            f"裁量阶次「{value}」无效，应为 minor、general、heavier 或 serious",
            field="level",
        )
    return value


def _money(value: Decimal | int | str | None, field: str) -> Decimal | None:
    if value is None:
        return None
    try:
        amount = Decimal(str(value) if isinstance(value, float) else value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidInput("invalid_amount", f"「{value}」不是有效的数字", field=field) from exc
    if not amount.is_finite():
        raise InvalidInput("invalid_amount", f"「{value}」不是有效的数字", field=field)
    if amount < 0:
        raise InvalidInput("invalid_amount", "金额或基数不能为负数", field=field)
    return amount


def fine_rule_for(item: ViolationItem, party_kind: str) -> FineRule:
    """The statutory rule for ``party_kind``: the exact kind, then (个体工商户) the kind it counts
    as — a natural person by default (民法典 Art 54; ``SOLE_TRADER_AS``) — then ``any``."""
    rule = resolve_rule(list(item.fine_rules.all()), _party_kind(party_kind))
    if rule is None:
        raise DomainError(
            "fine_rule_missing",
            f"权责清单事项「{item.code} {item.name}」没有适用于{party_label(party_kind)}的罚款规则",
            field="party_kind",
        )
    return rule


def has_bands(item: ViolationItem, party_kind: str) -> bool:
    """Whether the item has discretion bands for the rule ``party_kind`` resolves to."""
    rules = list(item.fine_rules.all())
    rule = resolve_rule(rules, _party_kind(party_kind))
    return any(
        resolve_rule(rules, kind) == rule and band.party_kind == kind
        for band in item.discretion_bands.all()
        for kind in lookup_chain(party_kind)
    )


def is_serious_tier(item: ViolationItem, party_kind: str, amount: Decimal) -> bool:
    """A tiered rule's amount that only a finding of seriousness allows (above the ordinary
    tier, in the serious one)."""
    rule = fine_rule_for(item, party_kind)
    tiers = tiers_of(rule.min, rule.ordinary_max, rule.serious_min, rule.max)
    if rule.rule != FineRuleKind.TIERED or tiers is None:
        return False
    _, ordinary_max, serious_min, high = tiers
    return ordinary_max < amount and serious_min <= amount <= high


def band_holding(item: ViolationItem, party_kind: str, amount: Decimal) -> str | None:
    """The lowest discretion level whose band (in yuan, so a rule not counted on a base) holds
    ``amount``, or None."""
    rule = fine_rule_for(item, party_kind)
    if rule.rule in BASED_RULES:
        return None
    for level in BandLevel.values:  # minor → serious
        try:
            band = _band_for(item, rule, party_kind, level)
        except DomainError:
            continue
        if band.min <= amount <= band.max:
            return level
    return None


def _band_for(item: ViolationItem, rule: FineRule, party_kind: str, level: str) -> DiscretionBand:
    """The band of ``level`` for the same rule: a band is only used with the rule its own party
    kind resolves to, so a band is never read in another rule's unit."""
    rules = list(item.fine_rules.all())
    bands = {(b.party_kind, b.level): b for b in item.discretion_bands.all()}
    for kind in lookup_chain(party_kind):
        band = bands.get((kind, level))
        if band is not None and resolve_rule(rules, kind) == rule:
            return band
    raise DomainError(
        "band_missing",
        f"权责清单事项「{item.code} {item.name}」没有{party_label(party_kind)}"
        f"「{BandLevel(level).label}」裁量基准",
        field="level",
    )


def _check_base(rule: FineRule, base: Decimal | None) -> None:
    if rule.rule in BASED_RULES and base is None:
        raise InvalidInput(
            "base_required",
            f"该事项按{FineRuleKind(rule.rule).label}计算罚款，须提供{BASE_NAMES[rule.rule]}",
            field="base",
        )


def fine_range(
    item: ViolationItem,
    party_kind: str,
    level: str | None = None,
    *,
    base: Decimal | int | str | None = None,
) -> FineRange:
    """The statutory fine range for ``party_kind``, or with ``level`` that discretion band's
    range (always inside the statutory one). ``base`` — the quantity, the construction cost or
    the illegal gains — is required for per-unit, percent-of-cost and multiple rules."""
    rule = fine_rule_for(item, party_kind)
    amount_base = _money(base, "base")
    _check_base(rule, amount_base)
    statutory_text = rule.describe()
    source = f"{item.penalty_provision}：{statutory_text}"
    low, high = rule.min, rule.max
    if level is not None:
        band = _band_for(item, rule, party_kind, _level(level))
        problem = band_outside_rule(band.party_kind, band.min, band.max, [rule])
        if problem:  # the import and the admin refuse this; a hand-edited database may not
            raise DomainError(
                "band_outside_range",
                f"「{item.code}」的{band.get_level_display()}裁量基准有误：{problem}，"
                "请法制科核对权责清单",
            )
        low, high = band.min, band.max
        band_text = describe_amounts(rule.rule, low, high, rule.unit)
        source += f"；裁量基准「{band.get_level_display()}」：{band_text}"
    return FineRange(
        minimum=to_yuan(rule.rule, low, amount_base),
        maximum=to_yuan(rule.rule, high, amount_base),
        rule=rule.rule,
        unit=rule.unit,
        source=source,
        party_kind=rule.party_kind,
        level=level,
        catalog_min=low,
        catalog_max=high,
    )


def _tier_problem(rule: FineRule, fine: Decimal, serious: bool, source: str) -> tuple[str, str]:
    """(code, message) when ``fine`` is not in the tier the finding allows, else ("", "").
    A tiered rule (分档): the ordinary tier unless the case is found serious (情节严重); then
    the serious tier only; amounts between the tiers are not lawful (其间金额不适用)."""
    tiers = tiers_of(rule.min, rule.ordinary_max, rule.serious_min, rule.max)
    if tiers is None:  # the model's constraint prevents this
        return "", ""
    low, ordinary_max, serious_min, high = tiers
    in_ordinary = low <= fine <= ordinary_max
    in_serious = serious_min <= fine <= high
    if serious and not in_serious:
        return (
            "serious_tier",
            f"已认定情节严重，罚款应为情节严重档 {span(serious_min, high)}，"
            f"不能处 {yuan(fine)}（{source}）",
        )
    if not serious and not in_ordinary:
        if in_serious:
            return (
                "seriousness_not_found",
                f"罚款 {yuan(fine)} 属于情节严重档：须认定情节严重并写明事实和理由，"
                f"否则应处 {span(low, ordinary_max)}（{source}）",
            )
        return "between_tiers", f"罚款 {yuan(fine)} 不在法定档次内（{source}）"
    return "", ""


def check_fine(
    item: ViolationItem,
    party_kind: str,
    amount: Decimal | int | str,
    *,
    level: str | None = None,
    base: Decimal | int | str | None = None,
    serious: bool = False,
) -> FineCheck:
    """Whether ``amount`` (yuan) lies in the statutory range — for a tiered rule, in the tier
    the finding of seriousness (``serious``) allows — and in the band of ``level``."""
    fine = _money(amount, "amount")
    assert fine is not None
    statutory = fine_range(item, party_kind, base=base)
    band = fine_range(item, party_kind, level, base=base) if level else None
    rule = fine_rule_for(item, party_kind)
    if rule.rule == FineRuleKind.TIERED and statutory.contains(fine):
        code, message = _tier_problem(rule, fine, serious, statutory.source)
        if code:
            return FineCheck(False, None, code, message, statutory, band)
    if statutory.rule == FineRuleKind.NONE and fine > 0:
        code, message = "no_fine", f"「{item.name}」对{party_label(party_kind)}不设罚款"
        return FineCheck(False, None, code, f"{message}（{statutory.source}）", statutory, band)
    if fine < statutory.minimum:
        message = f"罚款 {yuan(fine)} 低于法定最低额 {yuan(statutory.minimum)}"
        return FineCheck(
            False, None, "below_minimum", f"{message}（{statutory.source}）", statutory, band
        )
    if fine > statutory.maximum:
        message = f"罚款 {yuan(fine)} 超过法定最高额 {yuan(statutory.maximum)}"
        return FineCheck(
            False, None, "above_maximum", f"{message}（{statutory.source}）", statutory, band
        )
    if band is None:
        return FineCheck(True, None, "ok", "罚款在法定幅度内", statutory)
    if not band.contains(fine):
        label = BandLevel(band.level).label if band.level else ""
        message = (
            f"罚款 {yuan(fine)} 在法定幅度内，但不在「{label}」裁量基准 {band.description} 之内，"
            "须说明理由并经法制审核"
        )
        return FineCheck(True, False, "out_of_band", message, statutory, band)
    return FineCheck(True, True, "ok", "罚款在法定幅度和裁量基准内", statutory, band)


def _counts_as(party_kind: str) -> str:
    kind = _party_kind(party_kind)
    return sole_trader_as() if kind == PartyKind.SOLE_TRADER else kind


def simple_procedure_limit(party_kind: str) -> Decimal:
    """行政处罚法 Art 51: ¥200 for a citizen, ¥3,000 for an organisation (inclusive). A sole
    trader counts as configured (natural person by default, 民法典 Art 54)."""
    if _counts_as(party_kind) == PartyKind.ORGANISATION:
        return statute.SIMPLE_MAX_FINE_ORG
    return statute.SIMPLE_MAX_FINE_PERSON


def _intended_penalties(item: ViolationItem, penalty_kinds: Collection[str] | None) -> list[str]:
    if penalty_kinds is None:
        return [k for k in item.penalty_kinds if k not in NON_PENALTY_MEASURES]
    missing = [k for k in penalty_kinds if k not in item.penalty_kinds]
    if missing:
        labels = "、".join(PenaltyKind(k).label if k in PenaltyKind.values else k for k in missing)
        raise InvalidInput(
            "penalty_kind_not_in_catalog",
            f"「{item.name}」的处罚种类不包括{labels}",
            field="penalty_kinds",
        )
    return [k for k in penalty_kinds if k not in NON_PENALTY_MEASURES]


def simple_procedure_eligibility(
    item: ViolationItem,
    party_kind: str,
    *,
    level: str | None = None,
    amount: Decimal | int | str | None = None,
    base: Decimal | int | str | None = None,
    penalty_kinds: Collection[str] | None = None,
    serious: bool = False,
) -> Eligibility:
    """May this case be decided on the spot (行政处罚法 Art 51)? Only a warning or a fine up to
    the limit. ``penalty_kinds`` are the penalties intended (default: all the item's penalties;
    an item that may also confiscate or revoke is then refused). With ``amount``: that fine
    (0 or None with a warning: the warning alone). Without: whether it is possible at all."""
    limit = simple_procedure_limit(party_kind)
    kinds = _intended_penalties(item, penalty_kinds)
    beyond = [k for k in kinds if k not in SIMPLE_PROCEDURE_PENALTIES]
    if beyond:
        labels = "、".join(PenaltyKind(k).label for k in beyond)
        return Eligibility(
            False,
            "penalty_kind_not_simple",
            f"处罚种类包括{labels}：简易程序只能给予警告或罚款 (行政处罚法第五十一条)，"
            "应适用普通程序",
        )
    warning = PenaltyKind.WARNING in kinds
    fine_allowed = PenaltyKind.FINE in kinds
    who = party_label(party_kind)
    fine = _money(amount, "amount")
    if not fine:
        if warning:
            return Eligibility(True, "ok", "可以当场给予警告 (行政处罚法第五十一条)")
        if fine is not None or not fine_allowed:
            return Eligibility(False, "no_simple_penalty", "该事项不能给予警告，不适用简易程序")
        return _possible_fine(item, party_kind, level, limit)
    if not fine_allowed:
        return Eligibility(False, "no_fine", f"「{item.name}」不能处以罚款")
    check = check_fine(item, party_kind, fine, level=level, base=base, serious=serious)
    if not check.ok:
        return Eligibility(False, check.code, check.message)
    if check.within_band is False:
        return Eligibility(False, "out_of_band", check.message + "，不适用简易程序")
    if fine > limit:
        return Eligibility(
            False,
            "above_simple_limit",
            f"罚款 {yuan(fine)} 超过简易程序限额 {yuan(limit)} ({who}，行政处罚法第五十一条)，"
            "应适用普通程序",
        )
    return Eligibility(True, "ok", f"罚款 {yuan(fine)} 不超过 {yuan(limit)}，可以当场作出处罚决定")


def _possible_fine(
    item: ViolationItem, party_kind: str, level: str | None, limit: Decimal
) -> Eligibility:
    """Without an amount: possible when the lowest lawful fine does not exceed the limit. For a
    based rule without a base only a rule without a minimum can be said to fit."""
    rule = fine_rule_for(item, party_kind)
    if rule.rule == FineRuleKind.NONE:
        return Eligibility(False, "no_simple_penalty", "该事项不设罚款，也不能给予警告")
    if rule.rule in BASED_RULES:
        low = rule.min
        if level is not None:
            low = _band_for(item, rule, party_kind, _level(level)).min
        if low:
            return Eligibility(
                False, "minimum_unknown", f"罚款按{BASE_NAMES[rule.rule]}计算，下限不为零"
            )
        return Eligibility(True, "ok", f"计算出的罚款不超过 {yuan(limit)} 时可以适用简易程序")
    minimum = fine_range(item, party_kind, level).minimum
    if minimum > limit:
        return Eligibility(
            False,
            "minimum_above_limit",
            f"最低罚款 {yuan(minimum)} 超过简易程序限额 {yuan(limit)} "
            f"({party_label(party_kind)}，行政处罚法第五十一条)",
        )
    return Eligibility(True, "ok", f"罚款不超过 {yuan(limit)} 时可以适用简易程序")


def on_spot_collection_allowed(
    amount: Decimal | int | str, *, hard_to_collect_later: bool = False
) -> bool:
    """行政处罚法 Art 68: a simple-procedure fine may be collected on the spot when it is at most
    ¥100, or when collecting it later would be hard."""
    fine = _money(amount, "amount")
    assert fine is not None
    return hard_to_collect_later or fine <= statute.ON_SPOT_COLLECT_MAX


def hearing_threshold(party_kind: str) -> Decimal:
    """行政处罚法 Art 63 "较大数额": local configuration (default Beijing 住建 ◐)."""
    rules = local_rules()
    if _counts_as(party_kind) == PartyKind.ORGANISATION:
        return rules.hearing_threshold_org
    return rules.hearing_threshold_person


def hearing_required(
    party_kind: str,
    *,
    amount: Decimal | int | str | None = None,
    penalty_kinds: Collection[str] = (),
    confiscation_value: Decimal | int | str | None = None,
) -> bool:
    """行政处罚法 Art 63: a hearing must be offered before a fine above the configured threshold
    (strictly above), before revoking or suspending a permit or ordering closure, and before
    confiscating a large value — the same threshold is used; an unknown value counts as large,
    since offering a hearing is always lawful and omitting a required one is not (Art 62)."""
    threshold = hearing_threshold(party_kind)
    if any(k in HEARING_PENALTIES for k in penalty_kinds):
        return True
    fine = _money(amount, "amount")
    if fine is not None and fine > threshold:
        return True
    if any(k in CONFISCATIONS for k in penalty_kinds):
        value = _money(confiscation_value, "confiscation_value")
        return value is None or value > threshold
    return False


def hearing_possible(item: ViolationItem, party_kind: str) -> bool:
    """Whether a case of this item against ``party_kind`` may reach a hearing: the highest
    lawful fine exceeds the threshold (always, for a rule counted on a base), or the item's
    penalties include a revocation, suspension, closure or confiscation."""
    rule = fine_rule_for(item, party_kind)
    if any(k in HEARING_PENALTIES or k in CONFISCATIONS for k in item.penalty_kinds):
        return True
    if rule.rule in BASED_RULES:
        return True
    return hearing_required(party_kind, amount=rule.max or ZERO)
