"""Amounts in figures and in the uppercase financial form, and dates, as documents write them."""

from datetime import date
from decimal import Decimal

import pytest

from zhifa.documents.formatting import cn_date, figures, money, rmb_upper, zh


@pytest.mark.parametrize(
    ("amount", "upper"),
    [
        ("0", "零元整"),
        ("0.05", "伍分"),
        ("0.5", "伍角"),
        ("10", "壹拾元整"),
        ("50", "伍拾元整"),
        ("200", "贰佰元整"),
        ("1010", "壹仟零壹拾元整"),
        ("5000", "伍仟元整"),
        ("10005", "壹万零伍元整"),
        ("15000", "壹万伍仟元整"),
        ("20000", "贰万元整"),
        ("150000", "壹拾伍万元整"),
        ("100000000", "壹亿元整"),
        ("100000005", "壹亿零伍元整"),
        ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        ("12.05", "壹拾贰元零伍分"),
        ("3000.5", "叁仟元伍角"),
    ],
)
def test_it_writes_amounts_in_uppercase(amount, upper):
    assert rmb_upper(Decimal(amount)) == upper


def test_it_writes_figures_to_the_fen_and_both_together():
    assert figures(Decimal("150000")) == "150,000.00"
    fifty = money(Decimal("50"))
    assert fifty is not None
    assert fifty["text"] == "人民币伍拾元整（¥50.00）"
    assert money(None) is None


def test_it_writes_dates_and_our_labels_the_chinese_way():
    assert cn_date(date(2026, 3, 16)) == "2026年3月16日"
    assert cn_date("2026-10-09") == "2026年10月9日"
    assert zh("现场检查(勘验)笔录") == "现场检查（勘验）笔录"
