"""Raw rows → records, checking every value. Every bad value is reported (not just the first),
with its location, so one correction round fixes the file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from zhifa.law.amounts import (
    FEN,
    ZERO,
    band_outside_rule,
    penalty_kinds_error,
    resolve_rule,
    rule_shape_error,
    tiers_shape_error,
)
from zhifa.law.catalog_io.reader import Loc, RawItem, RawRow
from zhifa.law.catalog_io.records import (
    BandData,
    FineData,
    Issue,
    ItemData,
    canonical_bands,
    canonical_fines,
)
from zhifa.law.choices import (
    DEFAULT_UNITS,
    NATIONAL,
    BandLevel,
    Category,
    FineRuleKind,
    LegalStatus,
    PenaltyKind,
    RulePartyKind,
)
from zhifa.law.models import CODE_PATTERN

MAX_AMOUNT = Decimal(10) ** 12
TRUE_WORDS = {"true", "1", "是", "yes", "y"}
FALSE_WORDS = {"false", "0", "否", "no", "n"}
MISSING = object()


class _Fields:
    """Reads typed values out of one row, recording an issue for each bad one."""

    def __init__(self, loc: Loc, data: dict[str, Any], issues: list[Issue]) -> None:
        self.loc = loc
        self.data = data
        self.issues = issues
        self.start = len(issues)

    @property
    def ok(self) -> bool:
        return len(self.issues) == self.start

    def bad(self, name: str, message: str) -> None:
        self.issues.append(self.loc.issue(name, message))

    def _get(self, name: str) -> Any:
        value = self.data.get(name, MISSING)
        return MISSING if value is None or value == "" else value

    def text(
        self, name: str, *, required: bool = True, max_length: int = 0, default: str = ""
    ) -> str:
        value = self._get(name)
        if value is MISSING:
            if required:
                self.bad(name, "必填")
            return default
        if not isinstance(value, str):
            self.bad(name, "必须是文字")
            return default
        value = value.strip()
        if required and not value:
            self.bad(name, "必填")
        if max_length and len(value) > max_length:
            self.bad(name, f"不能超过 {max_length} 个字符")
        return value

    def choice(self, name: str, choices: type[Any], *, default: str | None = None) -> str:
        value = self._get(name)
        if value is MISSING and default is not None:
            return default
        if value is MISSING:
            self.bad(name, "必填")
            return ""
        if value not in choices.values:
            allowed = "、".join(f"{v}({label})" for v, label in choices.choices)
            self.bad(name, f"「{value}」无效，应为 {allowed}")
            return ""
        return str(value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self._get(name)
        if value is MISSING:
            return default
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        self.bad(name, f"「{value}」不是是/否 (true/false)")
        return default

    def integer(self, name: str, default: int) -> int:
        value = self._get(name)
        if value is MISSING:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.bad(name, "必须是整数")
            return default
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = Decimal(-1)
        if number != number.to_integral_value() or number < 0 or number > 2**31:
            self.bad(name, f"「{value}」不是有效的非负整数")
            return default
        return int(number)

    def amount(self, name: str, *, required: bool) -> Decimal | None:
        value = self._get(name)
        if value is MISSING:
            if required:
                self.bad(name, "必填")
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.bad(name, f"「{value}」不是数字")
            return None
        try:
            number = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation:
            self.bad(name, f"「{value}」不是数字 (不带 ¥ 和千位分隔符)")
            return None
        if not number.is_finite() or number < 0:
            self.bad(name, "不能为负数")
            return None
        if number >= MAX_AMOUNT:
            self.bad(name, "数额过大")
            return None
        if number != number.quantize(FEN):
            self.bad(name, "最多两位小数")
            return None
        return number.quantize(FEN)

    def kinds(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name, MISSING)
        if value is MISSING:
            self.bad(name, "必填 (可以是空列表)")
            return ()
        if not isinstance(value, list) or not all(isinstance(k, str) for k in value):
            self.bad(name, "必须是处罚种类的列表")
            return ()
        unknown = [k for k in value if k not in PenaltyKind.values]
        if unknown:
            allowed = "、".join(f"{v}({label})" for v, label in PenaltyKind.choices)
            self.bad(name, f"无效的处罚种类「{'、'.join(unknown)}」，应为 {allowed}")
        if len(set(value)) != len(value):
            self.bad(name, "处罚种类重复")
        return tuple(value)


def validate(raw_items: Iterable[RawItem]) -> tuple[list[ItemData], list[Issue]]:
    """Records for the rows, and every issue found (the records are only usable without)."""
    issues: list[Issue] = []
    records: list[ItemData] = []
    first_seen: dict[str, str] = {}
    for raw in raw_items:
        code = raw.data.get("code")
        if isinstance(code, str) and code.strip() in first_seen:
            message = f"编号「{code.strip()}」与{first_seen[code.strip()]}重复"
            issues.append(raw.loc.issue("code", message))
        elif isinstance(code, str):
            first_seen[code.strip()] = raw.loc.where
        record = _item(raw, issues)
        if record is not None:
            records.append(record)
    return records, issues


def _item(raw: RawItem, issues: list[Issue]) -> ItemData | None:
    f = _Fields(raw.loc, raw.data, issues)
    code = f.text("code", max_length=32)
    if code and not re.match(CODE_PATTERN, code):
        f.bad("code", "只能由字母、数字和 . _ - 组成，例如 SR-001")
    record = ItemData(
        code=code,
        name=f.text("name", max_length=200),
        category=f.choice("category", Category),
        violated_provision=f.text("violated_provision"),
        penalty_provision=f.text("penalty_provision"),
        penalty_kinds=f.kinds("penalty_kinds"),
        jurisdiction=f.text("jurisdiction", required=False, max_length=32) or NATIONAL,
        local_default=f.boolean("local_default", False),
        basis_note=f.text("basis_note", required=False),
        legal_status=f.choice("legal_status", LegalStatus, default=LegalStatus.UNVERIFIED),
        hearing_applies=f.boolean("hearing_applies", False),
        active=f.boolean("active", True),
        sort_order=f.integer("sort_order", 0),
        fines=(),
        discretion_bands=(),
    )
    fines = [fine for row in raw.fines if (fine := _fine(row, issues)) is not None]
    bands = [band for row in raw.bands if (band := _band(row, issues)) is not None]
    if not raw.fines:
        f.bad("fines", "至少须有一条罚款规则 (不罚款的写 rule=none)")
    fines_ok = len(fines) == len(raw.fines)
    if fines_ok:
        _check_fines(raw, fines, record.penalty_kinds, issues)
    if fines_ok and len(bands) == len(raw.bands):
        _check_bands(raw, fines, bands, issues)
    if not f.ok:
        return None  # any issue in the item, its fines or its bands
    return replace(record, fines=canonical_fines(fines), discretion_bands=canonical_bands(bands))


def _fine(row: RawRow, issues: list[Issue]) -> FineData | None:
    f = _Fields(row.loc, row.data, issues)
    party_kind = f.choice("party_kind", RulePartyKind, default=RulePartyKind.ANY)
    rule = f.choice("rule", FineRuleKind)
    low = f.amount("min", required=False)
    high = f.amount("max", required=False)
    unit = f.text("unit", required=False, max_length=20, default=DEFAULT_UNITS.get(rule, ""))
    note = f.text("note", required=False)
    ordinary_max = f.amount("ordinary_max", required=False)
    serious_min = f.amount("serious_min", required=False)
    if f.ok:
        error = rule_shape_error(rule, low, high, unit) or tiers_shape_error(
            rule, low, ordinary_max, serious_min, high
        )
        if error:
            f.bad(*error)
    data = FineData(party_kind, rule, low, high, unit, note, ordinary_max, serious_min)
    return data if f.ok else None


def _band(row: RawRow, issues: list[Issue]) -> BandData | None:
    f = _Fields(row.loc, row.data, issues)
    level = f.choice("level", BandLevel)
    party_kind = f.choice("party_kind", RulePartyKind, default=RulePartyKind.ANY)
    low = f.amount("min", required=True)
    high = f.amount("max", required=True)
    facts = f.text("facts")
    if low is not None and high is not None and low > high:
        f.bad("max", "上限不能小于下限")
    if not f.ok or low is None or high is None:
        return None
    return BandData(level, party_kind, low, high, facts)


def _check_fines(
    raw: RawItem, fines: list[FineData], kinds: tuple[str, ...], issues: list[Issue]
) -> None:
    seen: set[str] = set()
    for row, fine in zip(raw.fines, fines, strict=True):
        if fine.party_kind in seen:
            issues.append(row.loc.issue("party_kind", f"「{fine.party_kind}」的罚款规则重复"))
        seen.add(fine.party_kind)
    message = penalty_kinds_error(kinds, fines)
    if message:
        issues.append(raw.loc.issue("penalty_kinds", message))


def _check_bands(
    raw: RawItem, fines: list[FineData], bands: list[BandData], issues: list[Issue]
) -> None:
    seen: set[tuple[str, str]] = set()
    for row, band in zip(raw.bands, bands, strict=True):
        key = (band.party_kind, band.level)
        if key in seen:
            issues.append(
                row.loc.issue("level", f"「{band.party_kind}」的「{band.level}」裁量基准重复")
            )
        seen.add(key)
        message = band_outside_rule(band.party_kind, band.min, band.max, fines)
        if message:
            rule = resolve_rule(fines, band.party_kind)
            below = rule is not None and band.min < (rule.min or ZERO)
            issues.append(row.loc.issue("min" if below else "max", message))
