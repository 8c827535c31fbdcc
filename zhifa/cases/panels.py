"""Navigation entries and home panels of case handling: the handler's day, the leader's
approvals, the legal reviewer's queue, and where auxiliary staff can add photos."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone

from zhifa.cases import selectors
from zhifa.cases.presenters import case_rows, deadline_rows
from zhifa.core import nav, panels
from zhifa.core.counting import BADGE_CAP, capped_count
from zhifa.org.access import NO_STREET, street_scope
from zhifa.org.choices import Role
from zhifa.org.models import OrgUnit, User

CASE_ROLES: set[str] = {
    Role.CASE_HANDLER,
    Role.STREET_OFFICER,
    Role.AUXILIARY,
    Role.LEGAL_REVIEWER,
    Role.LEADER,
}  # no administrator (三员分立, ADR 0013)
FIELD_ROLES: set[str] = {Role.CASE_HANDLER, Role.STREET_OFFICER}
SHOWN = 8

nav.register("案件", "cases:list", CASE_ROLES, 10)
nav.register("期限", "cases:deadlines", CASE_ROLES - {Role.AUXILIARY.value}, 11)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@panels.register("cases/_panel_today.html", FIELD_ROLES, order=10)
def today_panel(request: HttpRequest) -> dict[str, Any]:
    """The handler's two queues, oldest due first, each with its count: the deadlines already
    missed on the cases they handle, and those falling due within the warning days."""
    user = _user(request)
    today = timezone.localdate()
    deadlines = selectors.deadlines_for_user(user, today)
    overdue = deadlines.filter(due_on__lt=today)
    due = deadlines.filter(due_on__gte=today)
    return {
        "overdue": deadline_rows(overdue[:SHOWN], user, today),
        "overdue_count": capped_count(overdue, BADGE_CAP),
        "due": deadline_rows(due[:SHOWN], user, today),
        "due_count": capped_count(due, BADGE_CAP),
        "open_cases": capped_count(selectors.handler_open_cases(user), BADGE_CAP),
        "days": selectors.warning_days(),
        "today": today,
    }


@panels.register("cases/_panel_street_overdue.html", {Role.STREET_OFFICER.value}, order=11)
def street_overdue_panel(request: HttpRequest) -> dict[str, Any] | None:
    """The street's own missed deadlines, oldest first — whoever handles the case (a street
    officer sees the street's cases, not only those they handle)."""
    user = _user(request)
    street = street_scope(user)
    if street is None or street == NO_STREET:
        return None
    today = timezone.localdate()
    unit = OrgUnit.objects.filter(pk=street).first()
    if unit is None:
        return None
    rows = selectors.deadlines_for_unit(unit, today, viewer=user, days=-1)
    return {
        "unit": unit,
        "rows": deadline_rows(rows[:SHOWN], user, today),
        "count": capped_count(rows, BADGE_CAP),
        "today": today,
    }


@panels.register("cases/_panel_approvals.html", {Role.LEADER.value}, order=10)
def approvals_panel(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    today = timezone.localdate()
    return {**selectors.leader_queue(user, today, limit=SHOWN), "today": today}


@panels.register("cases/_panel_reviews.html", {Role.LEGAL_REVIEWER.value}, order=10)
def reviews_panel(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    items, count = selectors.reviewer_queue(user, limit=SHOWN)
    return {"items": items, "count": count, "today": timezone.localdate()}


@panels.register("cases/_panel_assist.html", {Role.AUXILIARY.value}, order=10)
def assist_panel(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    today = timezone.localdate()
    return {"rows": case_rows(selectors.assist_cases(user, limit=SHOWN), user, today)}
