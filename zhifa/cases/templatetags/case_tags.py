"""``{% load case_tags %}``: status badges, due-date badges and event-file helpers."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.models import Case, EvidenceFile
from zhifa.cases.timeline import is_image
from zhifa.core.config import local_rules
from zhifa.law.choices import BandLevel, PenaltyKind
from zhifa.parties.models import Party
from zhifa.parties.presenters import present_party

register = template.Library()

STATUS_CLASSES: dict[str, str] = {
    S.FILING_PENDING: "badge-warn",
    S.LEGAL_REVIEW: "badge-warn",
    S.DECIDED: "badge-warn",
    S.REMINDED: "badge-warn",
    S.COURT: "badge-bad",
    S.INVESTIGATING: "badge-info",
    S.INVESTIGATED: "badge-info",
    S.NOTIFIED: "badge-info",
    S.REVIEWED: "badge-info",
    S.DISCUSSED: "badge-info",
    S.SERVED: "badge-info",
    S.PERFORMED: "badge-ok",
    S.CLOSED: "badge-ok",
    S.ARCHIVED: "badge-ok",
}


@register.simple_tag
def status_badge(case: Case) -> SafeString:
    css = STATUS_CLASSES.get(case.status, "")
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>',
        css,
        case.status,
        case.get_status_display(),
    )


@register.simple_tag
def due_badge(due: date | None, today: date) -> SafeString:
    """The due date with how near it is: overdue (red), within the warning days (amber)."""
    if due is None:
        return mark_safe('<span class="muted">—</span>')
    days = (due - today).days
    if days < 0:
        return format_html('<span class="badge badge-bad">{} 逾期{}天</span>', due, -days)
    if days == 0:
        return format_html('<span class="badge badge-warn">{} 今天到期</span>', due)
    if days <= local_rules().deadline_warning_days:
        return format_html('<span class="badge badge-warn">{} 还有{}天</span>', due, days)
    return format_html(
        '<span class="nowrap">{}</span> <span class="muted small">还有{}天</span>', due, days
    )


@register.filter
def image(file: EvidenceFile) -> bool:
    return is_image(file)


@register.simple_tag(takes_context=True)
def party_name(context: template.Context, party: Party | None) -> str:
    """The party's name as the current user may see it (masked for auxiliary staff)."""
    if party is None:
        return "—"
    return present_party(party, context["request"].user).name


@register.filter
def penalty_labels(kinds: list[str]) -> str:
    labels = dict(PenaltyKind.choices)
    return "、".join(labels.get(k, k) for k in kinds or [])


@register.filter
def band_label(level: str) -> str:
    return dict(BandLevel.choices).get(level, level)
