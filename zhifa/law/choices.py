from django.db import models

from zhifa.parties.choices import PartyKind

NATIONAL = "national"  # ViolationItem.jurisdiction of a national law or regulation


class Category(models.TextChoices):
    """Areas of the bureau's work (the 2022 report: 市容秩序、建筑垃圾、燃气安全、道路桥梁、
    违建、养犬、垃圾分类)."""

    CITY_APPEARANCE = "city_appearance", "市容环卫"
    CONSTRUCTION_WASTE = "construction_waste", "建筑垃圾"
    SOLID_WASTE = "solid_waste", "固体废物"
    GAS = "gas", "燃气"
    ROADS = "roads", "市政道路"
    PLANNING = "planning", "城乡规划(违法建设)"
    DOGS = "dogs", "养犬"
    GARBAGE_SORTING = "garbage_sorting", "垃圾分类"
    OTHER = "other", "其他"


class PenaltyKind(models.TextChoices):
    """行政处罚法 Art 9 (2021) penalty kinds a 城管 bureau may impose, plus the two non-penalty
    measures that accompany them (Art 28 责令改正; 限期拆除). 行政拘留 is a police power and is
    omitted. Art 9: (1) 警告、通报批评 (2) 罚款、没收违法所得、没收非法财物 (3) 暂扣许可证件、
    降低资质等级、吊销许可证件 (4) 限制开展生产经营活动、责令停产停业、责令关闭、限制从业."""

    WARNING = "warning", "警告"
    PUBLIC_CRITICISM = "public_criticism", "通报批评"
    FINE = "fine", "罚款"
    CONFISCATE_GAINS = "confiscate_gains", "没收违法所得"
    CONFISCATE_PROPERTY = "confiscate_property", "没收非法财物"
    SUSPEND_PERMIT = "suspend_permit", "暂扣许可证件"
    LOWER_QUALIFICATION = "lower_qualification", "降低资质等级"
    REVOKE_PERMIT = "revoke_permit", "吊销许可证件"
    RESTRICT_BUSINESS = "restrict_business", "限制开展生产经营活动"
    ORDER_CLOSURE = "order_closure", "责令停产停业"
    ORDER_SHUTDOWN = "order_shutdown", "责令关闭"
    RESTRICT_PRACTICE = "restrict_practice", "限制从业"
    CORRECTION_ORDER = "correction_order", "责令改正(非处罚措施)"
    DEMOLITION = "demolition", "限期拆除(非处罚措施)"


# Measures that are not administrative penalties: they never decide the procedure.
NON_PENALTY_MEASURES = frozenset({PenaltyKind.CORRECTION_ORDER, PenaltyKind.DEMOLITION})
# The only penalties an on-the-spot decision may impose (行政处罚法 Art 51).
SIMPLE_PROCEDURE_PENALTIES = frozenset({PenaltyKind.WARNING, PenaltyKind.FINE})
CONFISCATIONS = frozenset({PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY})
# Penalties for which a hearing must always be offered (行政处罚法 Art 63 ¶1 (3) 降低资质等级、
# 吊销许可证件; (4) 责令停产停业、责令关闭、限制从业; (5) other heavier penalties — 暂扣许可证件
# and 限制开展生产经营活动, which bar the activity as (4) does).
HEARING_PENALTIES = frozenset(
    {
        PenaltyKind.REVOKE_PERMIT,
        PenaltyKind.ORDER_CLOSURE,
        PenaltyKind.SUSPEND_PERMIT,
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.ORDER_SHUTDOWN,
        PenaltyKind.RESTRICT_PRACTICE,
        PenaltyKind.RESTRICT_BUSINESS,
    }
)


class LegalStatus(models.TextChoices):
    """The verification mark of rules.md, carried into the catalog."""

    VERIFIED = "verified", "已核对原文"  # ✅
    SECONDARY = "secondary", "仅核对二手来源"  # ◐
    UNVERIFIED = "unverified", "未核实"  # ❌


class RulePartyKind(models.TextChoices):
    """Whom a fine rule or band applies to: one party kind, or everyone (``any``)."""

    ANY = "any", "不区分当事人"
    PERSON = PartyKind.PERSON.value, PartyKind.PERSON.label
    ORGANISATION = PartyKind.ORGANISATION.value, PartyKind.ORGANISATION.label
    SOLE_TRADER = PartyKind.SOLE_TRADER.value, PartyKind.SOLE_TRADER.label


class FineRuleKind(models.TextChoices):
    """How the statutory fine is expressed. ``min``/``max`` are in ``unit``: yuan for fixed and
    range, yuan per unit for per_unit, percent for percent_of_cost, a multiple for multiple."""

    FIXED = "fixed", "固定金额"
    RANGE = "range", "幅度"
    PER_UNIT = "per_unit", "按单位计"
    PERCENT_OF_COST = "percent_of_cost", "工程造价百分比"
    MULTIPLE = "multiple", "倍数"
    # Two tiers in yuan: the ordinary one [min, ordinary_max] and, only on a finding that the
    # case is serious (情节严重), [serious_min, max] — amounts between them are not lawful
    # (e.g. "可以处50元罚款，情节严重的处200元罚款").
    TIERED = "tiered", "分档 (一般/情节严重)"
    NONE = "none", "不罚款"


# Rules whose amounts in yuan depend on a base (a quantity, the construction cost, the gains).
BASED_RULES = frozenset(
    {FineRuleKind.PER_UNIT, FineRuleKind.PERCENT_OF_COST, FineRuleKind.MULTIPLE}
)
DEFAULT_UNITS: dict[str, str] = {
    FineRuleKind.FIXED: "元",
    FineRuleKind.RANGE: "元",
    FineRuleKind.TIERED: "元",
    FineRuleKind.PERCENT_OF_COST: "%",
    FineRuleKind.MULTIPLE: "倍",
    FineRuleKind.NONE: "",
}


class BandLevel(models.TextChoices):
    """裁量基准 levels, mildest first (行政处罚法 Art 34)."""

    MINOR = "minor", "轻微"
    GENERAL = "general", "一般"
    HEAVIER = "heavier", "较重"
    SERIOUS = "serious", "严重"


LEVEL_ORDER = {level: i for i, level in enumerate(BandLevel.values)}
PARTY_ORDER = {kind: i for i, kind in enumerate(RulePartyKind.values)}
