"""How amounts and dates are written in enforcement documents: figures with the fen, the
uppercase financial form (人民币大写, as on receipts and in decisions), and 2026年3月16日."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone

FEN = Decimal("0.01")
DIGITS = "零壹贰叁肆伍陆柒捌玖"
GROUP_UNITS = ("", "万", "亿", "万亿")
PLACES = ((1000, "仟"), (100, "佰"), (10, "拾"), (1, ""))


def _group_upper(group: int) -> str:
    """1 … 9999 in uppercase, with one 零 for each run of inner zeros."""
    text, zero = "", False
    for place, unit in PLACES:
        digit = group // place % 10
        if digit == 0:
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + unit
    return text


def _integer_upper(n: int) -> str:
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    text, zero_pending = "", False
    for i in reversed(range(len(groups))):
        group = groups[i]
        if group == 0:
            zero_pending = bool(text)
            continue
        if text and (zero_pending or group < 1000):
            text += "零"
        text += _group_upper(group) + GROUP_UNITS[i]
        zero_pending = False
    return text


def rmb_upper(amount: Decimal | int | str) -> str:
    """人民币大写: 5000 → 伍仟元整; 10005.5 → 壹万零伍元伍角; 0.05 → 伍分."""
    value = Decimal(str(amount)).quantize(FEN, rounding=ROUND_HALF_UP)
    if value < 0:
        return "负" + rmb_upper(-value)
    fen_total = int(value * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    text = _integer_upper(yuan) + "元" if yuan else ""
    if jiao:
        text += DIGITS[jiao] + "角"
    elif fen and yuan:
        text += "零"
    if fen:
        text += DIGITS[fen] + "分"
    if not jiao and not fen:
        text += "整"
    return text


def figures(amount: Decimal | int | str) -> str:
    """5000 → 5,000.00 (always to the fen, as on a payment notice)."""
    return f"{Decimal(str(amount)).quantize(FEN, rounding=ROUND_HALF_UP):,.2f}"


def money(amount: Decimal | int | str | None) -> dict[str, str] | None:
    """An amount as documents write it: figures, uppercase, and both together."""
    if amount is None:
        return None
    fig, upper = figures(amount), rmb_upper(amount)
    return {
        "value": str(Decimal(str(amount)).quantize(FEN)),
        "figures": fig,
        "upper": upper,
        "text": f"人民币{upper}（¥{fig}）",
    }


def cn_date(value: date | datetime | str | None) -> str:
    """2026年3月16日 (GB/T 9704: the date in Arabic numerals)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.year}年{value.month}月{value.day}日"


def cn_due(value: date | None) -> str:
    """A due date as printed: 2027年1月6日（暂定） while the holiday schedule of its year is not
    entered (calendar.periods.is_provisional), so the party is never told a firm wrong date."""
    if value is None:
        return ""
    from zhifa.calendar.periods import is_provisional

    return cn_date(value) + ("（暂定）" if is_provisional(value) else "")


def cn_datetime(value: datetime | None) -> str:
    """2026年3月2日10时05分."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local)}{local.hour}时{local.minute:02d}分"


def zh(text: str) -> str:
    """Our own labels (choices such as 现场检查(勘验)笔录) with the full-width parentheses of
    Chinese typesetting. Data the party or an officer entered is left as entered."""
    return text.replace("(", "（").replace(")", "）")


def lines(text: str | None) -> list[str]:
    """A text field as paragraphs (blank lines dropped)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def sentence(text: str | None) -> str:
    """Lines of a text field as one passage that ends with a full stop."""
    joined = "".join(lines(text))
    if joined and joined[-1] not in "。！？；.!?;）)":
        joined += "。"
    return joined


def iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def jsonable(value: Any) -> Any:
    """Context values stored with the document: JSON-native only."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


# How officers open a finding; the document's own sentence already says 经查 (so the handler's
# "经查，当事人…" would print as "经查，经查，当事人…").
LEADS = ("经调查查明", "经调查核实", "经查明", "经调查", "经核查", "经查实", "经查")


def without_lead(text: str | None) -> str:
    """``sentence(text)`` without a leading 经查/经调查 and its comma."""
    body = sentence(text)
    for lead in LEADS:
        if body.startswith(lead):
            return body[len(lead) :].lstrip("，,：: 　")
    return body
