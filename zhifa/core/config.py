"""Typed access to the bureau's local rules (settings.ZHIFA_LOCAL_RULES, from the environment).

Read on each call, so tests can override the setting."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings


@dataclass(frozen=True)
class LocalRules:
    hearing_threshold_person: Decimal
    hearing_threshold_org: Decimal
    training_min_hours: Decimal
    cert_expiry_warning_days: int
    cert_annual_check_enforced: bool
    cert_annual_check_months: int
    makeup_days_are_working_days: bool
    calendar_uncovered_year: str
    sole_trader_as: str
    statement_period_working_days: int
    decision_limit_days: int
    decision_extension_max_days: int
    legal_review_all_general: bool
    collective_discussion_min_attendees: int
    simple_filing_working_days: int
    deadline_warning_days: int
    court_window_warning_days: tuple[int, ...] = (30, 10)


def local_rules() -> LocalRules:
    r: dict[str, Any] = settings.ZHIFA_LOCAL_RULES
    return LocalRules(
        hearing_threshold_person=Decimal(r["HEARING_THRESHOLD_PERSON"]),
        hearing_threshold_org=Decimal(r["HEARING_THRESHOLD_ORG"]),
        training_min_hours=Decimal(r["TRAINING_MIN_HOURS"]),
        cert_expiry_warning_days=int(r["CERT_EXPIRY_WARNING_DAYS"]),
        cert_annual_check_enforced=bool(r["CERT_ANNUAL_CHECK_ENFORCED"]),
        cert_annual_check_months=int(r["CERT_ANNUAL_CHECK_MONTHS"]),
        makeup_days_are_working_days=bool(r["MAKEUP_DAYS_ARE_WORKING_DAYS"]),
        calendar_uncovered_year=str(r["CALENDAR_UNCOVERED_YEAR"]),
        sole_trader_as=str(r["SOLE_TRADER_AS"]),
        statement_period_working_days=int(r["STATEMENT_PERIOD_WORKING_DAYS"]),
        decision_limit_days=int(r["DECISION_LIMIT_DAYS"]),
        decision_extension_max_days=int(r["DECISION_EXTENSION_MAX_DAYS"]),
        legal_review_all_general=bool(r["LEGAL_REVIEW_ALL_GENERAL"]),
        collective_discussion_min_attendees=int(r["COLLECTIVE_DISCUSSION_MIN_ATTENDEES"]),
        simple_filing_working_days=int(r["SIMPLE_FILING_WORKING_DAYS"]),
        deadline_warning_days=int(r["DEADLINE_WARNING_DAYS"]),
        court_window_warning_days=tuple(
            sorted((int(d) for d in r.get("COURT_WINDOW_WARNING_DAYS", (30, 10))), reverse=True)
        ),
    )
