"""Filters of the public portal: amounts with thousands separators (the zh-hans locale groups
no digits)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


def _amount(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


@register.filter
def money(value: Any) -> str:
    """5000 → "5,000.00"."""
    amount = _amount(value)
    return "—" if amount is None else f"{amount:,.2f}"


@register.filter
def whole(value: Any) -> str:
    """5000.5 → "5,001"."""
    amount = _amount(value)
    return "—" if amount is None else f"{amount:,.0f}"
