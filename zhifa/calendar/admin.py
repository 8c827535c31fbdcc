from django.contrib import admin

from zhifa.calendar import periods
from zhifa.calendar.models import CalendarYear, Holiday


class _InvalidatesCalendar(admin.ModelAdmin):
    """Any edit of the holiday table clears every process's cached schedule."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        periods.invalidate()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        periods.invalidate()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        periods.invalidate()


@admin.register(CalendarYear)
class CalendarYearAdmin(_InvalidatesCalendar):
    list_display = ["year", "source"]


@admin.register(Holiday)
class HolidayAdmin(_InvalidatesCalendar):
    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    date_hierarchy = "date"
    search_fields = ["name"]
