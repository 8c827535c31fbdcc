"""Template filters available in every template (registered as builtins)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

register = template.Library()


@register.filter
def yuan(value: Any) -> str:
    """¥1,234.50 style amounts; whole yuan without decimals."""
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError):
        return str(value)
    if amount == amount.to_integral_value():
        return f"¥{amount:,.0f}"
    return f"¥{amount:,.2f}"


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key)


@register.inclusion_tag("core/_field.html")
def field(bound_field: Any) -> dict[str, Any]:
    return {"f": bound_field}
