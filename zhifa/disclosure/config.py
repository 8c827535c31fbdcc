"""Typed access to the disclosure settings (``settings.ZHIFA_DISCLOSURE``, from the environment).

Read on each call, so tests can override the setting. Values outside what the rules allow are
refused with ImproperlyConfigured rather than silently clamped."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from zhifa.disclosure.choices import Severity
from zhifa.law import statute
from zhifa.law.choices import BandLevel

# 《信用修复管理办法》 (in force 2026-04-01; rules.md §4.5, ◐ W11): the display period of each
# severity, in months from the decision — (shortest allowed maximum, longest allowed maximum).
DISPLAY_BOUNDS: dict[str, tuple[int, int]] = {
    Severity.MINOR: (0, statute.CREDIT_DISPLAY_MINOR_MAX_MONTHS),
    Severity.GENERAL: (
        statute.CREDIT_DISPLAY_GENERAL_MIN_MONTHS,
        statute.CREDIT_DISPLAY_GENERAL_MAX_MONTHS,
    ),
    Severity.SERIOUS: (
        statute.CREDIT_DISPLAY_SERIOUS_MIN_MONTHS,
        statute.CREDIT_DISPLAY_SERIOUS_MAX_MONTHS,
    ),
}
# The minimum display period before a repair may be asked for (same source).
REPAIR_MIN_BOUNDS: dict[str, int] = {
    Severity.MINOR: 0,
    Severity.GENERAL: statute.CREDIT_DISPLAY_GENERAL_MIN_MONTHS,
    Severity.SERIOUS: statute.CREDIT_DISPLAY_SERIOUS_MIN_MONTHS,
}


@dataclass(frozen=True)
class DisclosureRules:
    publish_working_days: int
    wait_for_service: bool
    severity_by_level: dict[str, str]
    simple_severity: str
    display_months: dict[str, int]
    repair_min_months: dict[str, int]
    repeat_violation_months: int

    def publishes(self, severity: str) -> bool:
        """Minor penalties are not published unless a display period is configured for them."""
        return self.display_months[severity] > 0


def _pairs(name: str, raw: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for part in raw.split(","):
        key, sep, value = part.strip().partition(":")
        if not sep:
            raise ImproperlyConfigured(f"{name}={raw!r}：应为「键:值」并以逗号分隔")
        pairs[key.strip()] = value.strip()
    return pairs


def _months(name: str, raw: str) -> dict[str, int]:
    values = _pairs(name, raw)
    if set(values) != set(Severity.values):
        raise ImproperlyConfigured(f"{name}：须依次给出 minor、general、serious 三档")
    try:
        return {k: int(v) for k, v in values.items()}
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r}：月数须为整数") from exc


def _check(rules: DisclosureRules) -> None:
    for severity, (low, high) in DISPLAY_BOUNDS.items():
        months = rules.display_months[severity]
        if severity == Severity.MINOR and months == 0:
            continue
        if not low <= months <= high:
            raise ImproperlyConfigured(
                f"ZHIFA_DISCLOSURE_DISPLAY_MONTHS：{Severity(severity).label}处罚信息的公示期"
                f"应在 {low}–{high} 个月之间 (信用修复管理办法)，现为 {months}"
            )
        least = REPAIR_MIN_BOUNDS[severity]
        repair = rules.repair_min_months[severity]
        if not least <= repair <= months:
            raise ImproperlyConfigured(
                f"ZHIFA_CREDIT_REPAIR_MIN_MONTHS：{Severity(severity).label}处罚信息最短公示期"
                f"应不少于 {least} 个月且不超过公示期 {months} 个月，现为 {repair}"
            )
    for level, mapped in rules.severity_by_level.items():
        if level not in BandLevel.values or mapped not in Severity.values:
            raise ImproperlyConfigured(
                f"ZHIFA_DISCLOSURE_SEVERITY_BY_LEVEL：「{level}:{mapped}」无效 (裁量阶次 "
                "minor/general/heavier/serious 对应 minor/general/serious)"
            )
    if rules.simple_severity not in Severity.values:
        raise ImproperlyConfigured(
            "ZHIFA_DISCLOSURE_SIMPLE_SEVERITY 应为 minor、general 或 serious"
        )


def disclosure_rules() -> DisclosureRules:
    r: dict[str, Any] = settings.ZHIFA_DISCLOSURE
    rules = DisclosureRules(
        publish_working_days=int(r["PUBLISH_WORKING_DAYS"]),
        wait_for_service=bool(r["WAIT_FOR_SERVICE"]),
        severity_by_level=_pairs("ZHIFA_DISCLOSURE_SEVERITY_BY_LEVEL", r["SEVERITY_BY_LEVEL"]),
        simple_severity=str(r["SIMPLE_SEVERITY"]),
        display_months=_months("ZHIFA_DISCLOSURE_DISPLAY_MONTHS", r["DISPLAY_MONTHS"]),
        repair_min_months=_months("ZHIFA_CREDIT_REPAIR_MIN_MONTHS", r["REPAIR_MIN_MONTHS"]),
        repeat_violation_months=int(r["REPEAT_VIOLATION_MONTHS"]),
    )
    _check(rules)
    return rules


@dataclass(frozen=True)
class PortalSettings:
    host: str
    rate_limit_per_minute: int


def portal_settings() -> PortalSettings:
    return PortalSettings(
        host=settings.ZHIFA_PUBLIC_HOST.strip().lower(),
        rate_limit_per_minute=int(settings.ZHIFA_PUBLIC_RATE_LIMIT),
    )
