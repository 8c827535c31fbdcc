"""Display periods and severities are configuration, within the bounds of 《信用修复管理办法》
(rules.md §4.5): values outside them are refused at start, not silently clamped."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from zhifa.disclosure.config import disclosure_rules


def test_the_defaults_follow_the_rules_in_force_from_2026_04_01():
    rules = disclosure_rules()
    assert rules.publish_working_days == 7
    assert rules.display_months == {"minor": 0, "general": 12, "serious": 36}
    assert rules.repair_min_months == {"minor": 0, "general": 3, "serious": 12}
    assert rules.severity_by_level["heavier"] == "general"
    assert not rules.publishes("minor")


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("DISPLAY_MONTHS", "minor:4,general:12,serious:36", "0–3"),
        ("DISPLAY_MONTHS", "minor:0,general:13,serious:36", "3–12"),
        ("DISPLAY_MONTHS", "minor:0,general:12,serious:6", "12–36"),
        ("DISPLAY_MONTHS", "general:12,serious:36", "三档"),
        ("REPAIR_MIN_MONTHS", "minor:0,general:1,serious:12", "不少于 3"),
        ("SEVERITY_BY_LEVEL", "minor:none", "无效"),
        ("SIMPLE_SEVERITY", "light", "SIMPLE_SEVERITY"),
    ],
)
def test_it_refuses_values_outside_the_rules(settings, key, value, message):
    settings.ZHIFA_DISCLOSURE = settings.ZHIFA_DISCLOSURE | {key: value}
    with pytest.raises(ImproperlyConfigured, match=message):
        disclosure_rules()
