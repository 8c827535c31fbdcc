"""The holiday table is entered through ``/calendar/import/`` or ``zhifa calendar import`` (the
action records who entered what and recomputes the provisional due dates); in Django admin it
is read-only, so no edit bypasses that (ADR 0002, amendment)."""

from django.contrib import admin

from zhifa.calendar.models import CalendarYear, Holiday, ScheduleImport
from zhifa.core.admin import ReadOnlyAdmin


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ["year", "source"]


@admin.register(Holiday)
class HolidayAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]


@admin.register(ScheduleImport)
class ScheduleImportAdmin(ReadOnlyAdmin):
    list_display = ["year", "imported_at", "actor", "source", "replaced", "recomputed"]
    list_filter = ["year"]
