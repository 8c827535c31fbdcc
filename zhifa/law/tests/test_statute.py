"""The statutory constants carry the numbers of rules.md §9, each traced to its article."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.law import statute


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SIMPLE_MAX_FINE_PERSON", Decimal(200)),  # 行政处罚法 Art 51
        ("SIMPLE_MAX_FINE_ORG", Decimal(3000)),  # Art 51
        ("ON_SPOT_COLLECT_MAX", Decimal(100)),  # Art 68
        ("MIN_OFFICERS", 2),  # Art 42
        ("LIMITATION_GENERAL_YEARS", 2),  # Art 36
        ("LIMITATION_EXTENDED_YEARS", 5),  # Art 36
        ("EVIDENCE_PRESERVATION_DECISION_WD", 7),  # Arts 56, 85
        ("DECISION_LIMIT_DAYS", 90),  # Art 60
        ("HEARING_REQUEST_WD", 5),  # Art 64
        ("HEARING_NOTICE_LEAD_WD", 7),  # Art 64
        ("SERVICE_LIMIT_WD", 7),  # Art 61
        ("PUBLIC_NOTICE_SERVICE_DEEMED_DAYS", 30),  # 民事诉讼法 Art 95
        ("PAYMENT_LIMIT_DAYS", 15),  # Art 67
        ("CASH_HANDOVER_WD", 2),  # Art 71
        ("SURCHARGE_RATE", Decimal("0.03")),  # Art 72
        ("SURCHARGE_CAP", Decimal(1)),  # Art 72; 行政强制法 Art 45
        ("DISCLOSURE_WITHDRAW_WD", 3),  # Art 48
        ("DISCLOSURE_PENALTY_WD", 7),  # ◐ 118号
        ("REVIEW_WINDOW_DAYS", 60),  # 行政复议法 Art 20
        ("LITIGATION_WINDOW_MONTHS", 6),  # 行政诉讼法 Art 46
        ("SUIT_AFTER_REVIEW_DAYS", 15),  # 行政诉讼法 Art 45
        ("CUIGAO_WAIT_WD", 10),  # 行政强制法 Arts 54, 69
        ("COURT_APPLICATION_WINDOW_MONTHS", 3),  # 行政强制法 Art 53
        ("SURCHARGE_BEFORE_ENFORCEMENT_DAYS", 30),  # 行政强制法 Art 46
        ("SEIZURE_LIMIT_DAYS", 30),  # 行政强制法 Art 25
        ("SEIZURE_EXTENSION_DAYS", 30),  # 行政强制法 Art 25
        ("RESPONDENT_ANSWER_REVIEW_WD", 10),  # 行政复议法 Art 48
        ("RESPONDENT_ANSWER_LITIGATION_DAYS", 15),  # 行政诉讼法 Art 67
        ("CREDIT_REPAIR_RULES_FROM", date(2026, 4, 1)),  # ◐ 信用修复管理办法
    ],
)
def test_it_carries_the_number_of_rules_md(name, value):
    assert getattr(statute, name) == value


def test_the_surcharge_reaches_its_cap_after_34_overdue_days():
    """rules.md §3: 33 × 3% = 99%, so the 34th day reaches the cap (Art 72)."""
    days = next(d for d in range(1, 100) if statute.SURCHARGE_RATE * d >= statute.SURCHARGE_CAP)
    assert days == 34
