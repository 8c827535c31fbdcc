"""暂定 beside every date that a published holiday schedule does not settle yet.

``{{ d.due_on|provisional_badge:d.provisional }}`` (a stored clock: its flag) or
``{{ notice.statement_due|provisional_badge }}`` (a stored copy or a computed date: asked of the
calendar) on pages; ``{{ date|provisional_text }}`` → "（暂定）" in documents and messages."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from zhifa.calendar import periods

# badge-*: the staff pages (zhifa.css); pp-badge-*: the party's page (delivery/party.css).
register = template.Library()

TITLE = "该日期所在年份的国务院节假日安排尚未录入，按法定节假日暂定计算；录入后自动重新计算"


def is_provisional(value: object, flag: object = None) -> bool:
    if not isinstance(value, date):
        return False
    if isinstance(flag, bool):  # a stored clock knows whether it was computed provisionally
        return flag
    return periods.is_provisional(value)


@register.filter
def provisional_badge(value: object, flag: object = None) -> SafeString | str:
    if not is_provisional(value, flag):
        return ""
    return format_html(
        ' <span class="badge badge-warn pp-badge pp-badge-warn provisional" title="{}">暂定</span>',
        TITLE,
    )


@register.filter
def provisional_text(value: object, flag: object = None) -> str:
    return "（暂定）" if is_provisional(value, flag) else ""
