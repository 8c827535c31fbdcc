"""Navigation entries and home panels of case handling: the handler's day, the leader's
approvals, the legal reviewer's queue, and where auxiliary staff can add photos."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone

from zhifa.cases import selectors
from zhifa.cases.presenters import case_rows, deadline_rows
from zhifa.core import nav, panels
from zhifa.org.choices import Role
from zhifa.org.models import User

CASE_ROLES: set[str] = {
    Role.CASE_HANDLER,
    Role.STREET_OFFICER,
    Role.AUXILIARY,
    Role.LEGAL_REVIEWER,
    Role.LEADER,
    Role.ADMIN,
}
FIELD_ROLES: set[str] = {Role.CASE_HANDLER, Role.STREET_OFFICER}
SHOWN = 8

nav.register("案件", "cases:list", CASE_ROLES, 10)
nav.register("期限", "cases:deadlines", CASE_ROLES - {Role.AUXILIARY.value}, 11)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


@panels.register("cases/_panel_today.html", FIELD_ROLES, order=10)
def today_panel(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    today = timezone.localdate()
    deadlines = selectors.deadlines_for_user(user, today)
    return {
        "rows": deadline_rows(deadlines[:SHOWN], user, today),
        "count": deadlines.count(),
        "open_cases": selectors.handler_open_cases(user).count(),
        "days": selectors.warning_days(),
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
