"""The holiday table in Django admin: the system administrator corrects single days, and each
correction is the year's schedule entered again (``actions.correct_days`` → ``import_schedule``
with 替换): checked like a notice, recorded as a ``ScheduleImport`` row with who and what, and
the provisional due dates recomputed by the same hook (ADR 0002, ADR 0013). A year not entered
yet is imported whole from ``/calendar/import/`` (or ``zhifa calendar import``), never built
here day by day."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from zhifa.calendar import actions
from zhifa.calendar.models import CalendarYear, Holiday, ScheduleImport
from zhifa.calendar.notice import Day
from zhifa.core.admin import ActionAdmin, ReadOnlyAdmin


@admin.register(CalendarYear)
class CalendarYearAdmin(ActionAdmin):
    list_display = ["year", "source"]
    fields = ["year", "source", "note"]
    readonly_fields = ["year", "source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a year is entered from its notice: /calendar/import/

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # forgetting a year would leave its stored due dates unexplained

    def write(
        self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool, formsets: Any = ()
    ):
        return actions.annotate_year(obj, note=form.cleaned_data["note"], actor=request.user)


@admin.register(Holiday)
class HolidayAdmin(ActionAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]

    def write(
        self, request: HttpRequest, obj: Holiday, form: Any, change: bool, formsets: Any = ()
    ):
        data = form.cleaned_data
        day = data["date"]
        changes: dict[Any, Day | None] = {day: Day(day, data["kind"], data.get("name", ""))}
        before = getattr(form, "zhifa_before", None)
        if before is not None and before.date != day:
            changes = {before.date: None, **changes}  # moved: the old day is ordinary again
        actions.correct_days(day.year, changes, actor=request.user)
        return Holiday.objects.get(date=day)

    def remove(self, request: HttpRequest, obj: Holiday) -> None:
        actions.correct_days(obj.date.year, {obj.date: None}, actor=request.user)


@admin.register(ScheduleImport)
class ScheduleImportAdmin(ReadOnlyAdmin):
    list_display = ["year", "imported_at", "actor", "source", "replaced", "recomputed"]
    list_filter = ["year"]
