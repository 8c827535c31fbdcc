"""What the demo district's year of cases is made of: which violations, by whom, at which fines.

Proportions follow the bureau's annual report: on-the-spot decisions (简易程序) far outnumber
general-procedure cases; 市容环卫, 养犬 (dog faeces, ¥50) and 垃圾分类 (warnings, small fines) make
most on-the-spot decisions; 建筑垃圾, 燃气, 破路, 违建 and the larger 市容 items make the general
cases. Both the action path and the bulk path draw from these tables, with the fines checked
against the seed catalog (``zhifa.law.fines``) once, up front.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate

from zhifa.core.errors import DomainError
from zhifa.law import fines
from zhifa.law.choices import BASED_RULES, FineRuleKind, PenaltyKind
from zhifa.law.models import ViolationItem
from zhifa.parties.choices import PartyKind

PERSON, ORG, SOLE = (
    PartyKind.PERSON.value,
    PartyKind.ORGANISATION.value,
    PartyKind.SOLE_TRADER.value,
)


Span = tuple[Decimal, Decimal]


@dataclass(frozen=True)
class Mix:
    code: str
    weight: int
    kinds: tuple[str, ...]  # who commits it (drawn uniformly)
    facts: str  # "{place}" is filled in
    warning: bool = False  # on the spot: a warning only (the item has no fine)


SIMPLE: list[Mix] = [
    Mix("YQ-001", 24, (PERSON,), "携犬出户，未及时清除犬只在{place}排泄的粪便"),
    Mix("SR-001", 6, (PERSON,), "在{place}随地吐痰"),
    Mix("SR-002", 9, (PERSON,), "在{place}乱扔烟头、纸屑"),
    Mix("SR-003", 5, (PERSON, SOLE), "在{place}乱倒污水、垃圾"),
    Mix("SR-004", 2, (PERSON,), "在{place}焚烧树叶、垃圾"),
    Mix("SR-006", 4, (PERSON,), "在{place}电线杆上张贴小广告"),
    Mix("SR-007", 4, (PERSON,), "在{place}散发小广告"),
    Mix("SR-009", 2, (PERSON, SOLE), "在{place}临街阳台外吊挂有碍市容的物品", warning=True),
    Mix("SR-010", 3, (SOLE, ORG), "未履行{place}门前卫生责任区清扫保洁义务", warning=True),
    Mix("SR-011", 2, (ORG,), "运输散装货物未覆盖，在{place}造成遗撒", warning=True),
    Mix("SR-012", 2, (PERSON,), "在{place}道路护栏上晾晒衣物"),
    Mix("SR-017", 7, (ORG,), "在{place}超出门窗、外墙经营"),
    Mix("SR-015", 3, (ORG,), "在{place}擅自摆摊设点"),
    Mix("SR-013", 2, (ORG,), "{place}临街工地未设置护栏、围挡"),
    Mix("LJ-001", 9, (PERSON,), "在{place}未按规定分类投放生活垃圾，经劝阻拒不改正", warning=True),
    Mix("LJ-002", 5, (PERSON,), "再次在{place}未按规定分类投放生活垃圾"),
    Mix("LJ-003", 4, (ORG,), "在{place}未按规定分类投放生活垃圾 (单位)"),
    Mix("JZ-001", 2, (PERSON, ORG), "将装修垃圾混入{place}生活垃圾收集容器"),
    Mix("JZ-011", 1, (PERSON,), "在{place}随意倾倒少量建筑垃圾"),
    Mix("GF-001", 1, (PERSON,), "在{place}随意倾倒生活垃圾"),
    Mix("DL-001", 2, (PERSON, ORG), "擅自占用{place}人行道堆放物料"),
    Mix("RQ-016", 1, (PERSON,), "在{place}住宅内安装使用不符合气源要求的燃气灶具，逾期不改正"),
]

GENERAL: list[Mix] = [
    Mix("JZ-005", 6, (ORG,), "施工单位未及时清运{place}工地产生的建筑垃圾，造成环境污染"),
    Mix("JZ-007", 6, (ORG,), "渣土运输车辆沿{place}丢弃、遗撒建筑垃圾"),
    Mix("JZ-011", 4, (ORG,), "在{place}随意倾倒建筑垃圾"),
    Mix("JZ-009", 2, (ORG,), "施工单位未经核准在{place}处置建筑垃圾"),
    Mix("JZ-102", 1, (ORG,), "施工单位擅自在{place}倾倒施工过程中产生的建筑垃圾"),
    Mix(
        "RQ-018",
        4,
        (ORG, SOLE),
        "在{place}餐饮店内不具备安全条件的场所使用、储存瓶装液化气，逾期不改正",
    ),
    Mix("RQ-001", 2, (ORG, SOLE), "未取得燃气经营许可证在{place}从事瓶装燃气经营"),
    Mix("RQ-007", 2, (ORG,), "在{place}不具备安全条件的场所储存燃气"),
    Mix("RQ-020", 1, (ORG,), "在{place}燃气设施保护范围内动用明火作业"),
    Mix("RQ-002", 1, (ORG,), "燃气经营者在{place}不按照燃气经营许可证的规定从事经营"),
    Mix("DL-002", 7, (ORG, PERSON), "擅自挖掘{place}城市道路 (破路)"),
    Mix("DL-014", 2, (ORG,), "未按照批准的位置、面积占用{place}城市道路"),
    Mix("DL-011", 1, (ORG,), "挖掘{place}城市道路后未及时清理现场"),
    Mix("GH-001", 2, (ORG, PERSON), "未取得建设工程规划许可证在{place}建设"),
    Mix("GH-004", 2, (PERSON, SOLE), "未经批准在{place}进行临时建设"),
    Mix("GH-007", 1, (ORG,), "建设单位未在竣工验收后六个月内报送{place}项目竣工验收资料"),
    Mix("SR-013", 3, (ORG,), "{place}临街工地未设置围挡，未采取扬尘防治措施"),
    Mix("SR-017", 2, (SOLE, ORG), "在{place}店外经营，经责令改正拒不改正"),
    Mix("SR-015", 2, (PERSON, SOLE), "在{place}擅自摆摊设点，经劝阻拒不改正"),
    Mix("SR-008", 1, (ORG,), "组织人员在{place}张贴、散发小广告"),
    Mix("GF-001", 1, (ORG,), "在{place}随意倾倒生活垃圾"),
    Mix("LJ-004", 2, (ORG,), "再次未按规定在{place}分类投放生活垃圾 (单位)"),
    Mix("LJ-005", 2, (ORG,), "{place}生活垃圾分类管理责任人未履行管理责任"),
    Mix("LJ-007", 1, (ORG,), "{place}餐饮经营者主动向消费者提供一次性用品"),
]

LEVELS = (("minor", 20), ("general", 50), ("heavier", 22), ("serious", 8))
# Construction cost (违建: percent of cost) or the value of the works (multiple), in yuan.
BASES: dict[str, tuple[int, ...]] = {
    FineRuleKind.PERCENT_OF_COST: (180000, 360000, 650000, 1200000),
    FineRuleKind.MULTIPLE: (15000, 30000, 60000, 120000),
}
EXTRA_PENALTIES = {  # sometimes added to the fine (they make a hearing due, Art 63)
    "RQ-001": PenaltyKind.CONFISCATE_GAINS,
    "RQ-002": PenaltyKind.REVOKE_PERMIT,
    "SR-015": PenaltyKind.CONFISCATE_PROPERTY,
}


def weighted[T](rng: random.Random, pairs: list[tuple[T, int]] | tuple[tuple[T, int], ...]) -> T:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


class Dice[T]:
    """A weighted choice prepared once (``weighted`` rebuilds its lists on every call)."""

    def __init__(self, pairs: Sequence[tuple[T, int]]) -> None:
        self.faces = [p for p, _ in pairs]
        self.cumulative = list(accumulate(w for _, w in pairs))
        self.total = self.cumulative[-1]

    def roll(self, rng: random.Random) -> T:
        return self.faces[bisect_right(self.cumulative, rng.random() * self.total)]


def nice_amount(rng: random.Random, low: Decimal, high: Decimal) -> Decimal:
    """A round fine in [low, high] (never 0), as officers write them."""
    lo, hi = math.ceil(low), math.floor(high)
    span = hi - lo
    step = 1000 if span >= 5000 else 100 if span >= 500 else 50 if span >= 100 else 10
    first, last = -(-lo // step) * step, (hi // step) * step
    if first > last:
        return low if low > 0 else high
    value = first + step * rng.randint(0, (last - first) // step)
    return Decimal(value) if value > 0 else min(Decimal(step), high)


@dataclass(frozen=True)
class Fine:
    amount: Decimal | None
    kinds: list[str]
    level: str = ""
    base: Decimal | None = None


# The finding a tiered fine's serious tier needs (分档，情节严重的).
SERIOUS_FACTS = "经执法人员现场劝阻拒不改正，且在人流密集的重点区域实施，情节严重"


class FineBook:
    """The catalog's ranges for the demo items, computed once per (item, party, level, base)."""

    def __init__(self, items: dict[str, ViolationItem]) -> None:
        self.items = items
        self._ranges: dict[tuple[str, str, str | None, Decimal | None], Span | None] = {}
        self._limits = {kind: fines.simple_procedure_limit(kind) for kind in (PERSON, ORG, SOLE)}
        self._kind_lists: dict[tuple[str, ...], list[str]] = {}
        self._levels = Dice(LEVELS[:3])

    def rule(self, code: str, kind: str) -> str | None:
        try:
            return fines.fine_rule_for(self.items[code], kind).rule
        except DomainError:
            return None

    def range(
        self, code: str, kind: str, level: str | None, base: Decimal | None = None
    ) -> Span | None:
        key = (code, kind, level, base)
        if key not in self._ranges:
            try:
                r = fines.fine_range(self.items[code], kind, level, base=base)
                self._ranges[key] = (r.minimum, r.maximum)
            except DomainError:
                self._ranges[key] = None
        return self._ranges[key]

    def serious(self, code: str, kind: str, amount: Decimal | None) -> str:
        """The finding a tiered fine's serious tier needs (分档), or "" (the ordinary tier)."""
        if amount is None or not fines.is_serious_tier(self.items[code], kind, amount):
            return ""
        return SERIOUS_FACTS

    def _kinds(self, code: str, *extra: str) -> list[str]:
        """The item's non-penalty measures (责令改正, 限期拆除) with the penalties (one shared
        list per combination: payloads only read it)."""
        key = (code, *extra)
        if key not in self._kind_lists:
            item_kinds = self.items[code].penalty_kinds
            measures = [
                k for k in (PenaltyKind.CORRECTION_ORDER, PenaltyKind.DEMOLITION) if k in item_kinds
            ]
            self._kind_lists[key] = [*measures, *extra]
        return self._kind_lists[key]

    def simple(self, rng: random.Random, mix: Mix, kind: str) -> Fine | None:
        """An on-the-spot penalty: a warning, or a fine within the item's range and the Art 51
        limit (¥200 person / ¥3,000 organisation); None when the item cannot be decided on the
        spot for this party."""
        item_kinds = self.items[mix.code].penalty_kinds
        warns = PenaltyKind.WARNING in item_kinds
        if warns and (mix.warning or rng.random() < 0.12):
            return Fine(None, self._kinds(mix.code, PenaltyKind.WARNING))
        limit = self._limits[kind]
        for level in (self._levels.roll(rng), "minor", None):
            span = self.range(mix.code, kind, level)
            if span and span[0] <= limit and span[1] > 0:
                amount = nice_amount(rng, span[0], min(span[1], limit))
                return Fine(amount, self._kinds(mix.code, PenaltyKind.FINE))
        return None

    def general(self, rng: random.Random, mix: Mix, kind: str, level: str) -> Fine | None:
        rule = self.rule(mix.code, kind)
        if rule is None or rule == FineRuleKind.NONE:
            return None
        base = Decimal(rng.choice(BASES[rule])) if rule in BASED_RULES else None
        span = self.range(mix.code, kind, level, base)
        if span is None:  # no discretion band for this party: the statutory range, no level
            level, span = "", self.range(mix.code, kind, None, base)
        if span is None:
            return None
        extra = [PenaltyKind.FINE]
        if mix.code in EXTRA_PENALTIES and rng.random() < 0.4:
            extra.append(EXTRA_PENALTIES[mix.code])
        return Fine(nice_amount(rng, *span), self._kinds(mix.code, *extra), level, base)


def load_items() -> dict[str, ViolationItem]:
    codes = {m.code for m in SIMPLE + GENERAL}
    items = ViolationItem.objects.filter(code__in=codes).prefetch_related(
        "fine_rules", "discretion_bands"
    )
    found = {i.code: i for i in items}
    missing = codes - set(found)
    if missing:
        raise DomainError(
            "catalog_missing", f"权责清单缺少示范案件所需事项：{'、'.join(sorted(missing))}"
        )
    return found
