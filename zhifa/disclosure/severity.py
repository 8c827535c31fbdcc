"""How serious a penalty is for credit purposes, and the dates that follow from it.

《信用修复管理办法》 (adopted 2025-11-19, in force 2026-04-01; rules.md §4.5, ◐ W11): minor
penalties are in principle not published (at most 3 months where the regulator thinks it
necessary); general ones are shown at least 3 months and at most 1 year; serious ones at least 1
year and at most 3 years; the period runs from the decision; a repair may be asked for after
the minimum period. The 城管 sector's classification list was not found (rules.md §10 item 5), so
severity follows the case's discretion level (裁量阶次) through a configurable mapping:
minor→minor, general→general, heavier→general, serious→serious; an on-the-spot decision (no
discretion report) is ``ZHIFA_DISCLOSURE_SIMPLE_SEVERITY`` (general)."""

from __future__ import annotations

from datetime import date

from zhifa.calendar.periods import add_months_plain
from zhifa.cases.choices import Procedure
from zhifa.cases.models import Case, Proposal
from zhifa.disclosure.choices import Severity
from zhifa.disclosure.config import DisclosureRules


def discretion_level(case: Case) -> str:
    """The level of the latest investigation report (the one the decision followed)."""
    level = (
        Proposal.objects.filter(case=case)
        .order_by("-id")
        .values_list("discretion_level", flat=True)
        .first()
    )
    return level or ""


def severity_of(case: Case, rules: DisclosureRules, *, level: str | None = None) -> str:
    if case.procedure == Procedure.SIMPLE:
        return rules.simple_severity
    level = discretion_level(case) if level is None else level
    return rules.severity_by_level.get(level, Severity.GENERAL)


def display_until(decided_on: date, severity: str, rules: DisclosureRules) -> date:
    """The last day of display: the maximum period, as a validity period (民法典 Art 202, the
    corresponding day; not moved off a rest day — the display simply ends)."""
    return add_months_plain(decided_on, rules.display_months[severity])


def repair_from(decided_on: date, severity: str, rules: DisclosureRules) -> date:
    """The first day a credit repair may be asked for: after the minimum display period."""
    return add_months_plain(decided_on, rules.repair_min_months[severity])
