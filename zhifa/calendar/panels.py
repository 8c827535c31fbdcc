from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zhifa.calendar import actions
from zhifa.calendar.reminders import missing_schedule
from zhifa.core import nav, panels
from zhifa.core.nav import ALL_ROLES
from zhifa.org.choices import Role

nav.register("法定日历", "calendar:year", ALL_ROLES, 80)


@panels.register("calendar/_panel_schedule_missing.html", {Role.ADMIN, Role.LEADER}, order=1)
def schedule_missing(request: HttpRequest) -> dict[str, Any] | None:
    """From 1 November until next year's schedule is entered (reminders.missing_schedule)."""
    missing = missing_schedule(timezone.localdate())
    if missing is None:
        return None
    return {"missing": missing, "may_import": actions.may_import(request.user)}
