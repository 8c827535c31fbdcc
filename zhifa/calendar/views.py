from __future__ import annotations

import calendar as std_calendar
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhifa.calendar import periods
from zhifa.calendar.models import CalendarYear, DayKind, Holiday

KINDS = {"working_days": "工作日", "days": "日(自然日)", "months": "个月", "years": "年"}


@login_required
def year_view(request: HttpRequest, year: int | None = None) -> HttpResponse:
    year = year or timezone.localdate().year
    covered = CalendarYear.objects.filter(year=year).first()
    marks = {h.date: h for h in Holiday.objects.filter(date__year=year)}
    months = []
    for month in range(1, 13):
        weeks = []
        for week in std_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            cells: list[dict[str, object] | None] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                mark = marks.get(day)
                css = ""
                if mark and mark.kind == DayKind.HOLIDAY:
                    css = "holiday"
                elif mark and mark.kind == DayKind.WORKDAY:
                    css = "workday"
                elif day.weekday() >= 5:
                    css = "rest"
                cells.append({"day": day.day, "css": css, "title": mark.name if mark else ""})
            weeks.append(cells)
        months.append({"month": month, "weeks": weeks})
    years = list(CalendarYear.objects.values_list("year", flat=True))
    return render(
        request,
        "calendar/year.html",
        {
            "year": year,
            "covered": covered,
            "months": months,
            "years": years,
            "holidays": [h for h in marks.values() if h.kind == DayKind.HOLIDAY],
            "workdays": [h for h in marks.values() if h.kind == DayKind.WORKDAY],
        },
    )


@login_required
def deadline_view(request: HttpRequest) -> HttpResponse:
    """A calculator for officers: the due date of a legal period from a start date."""
    context: dict[str, object] = {"kinds": KINDS, "today": timezone.localdate()}
    start = request.GET.get("from")
    kind = request.GET.get("kind", "working_days")
    amount = request.GET.get("n", "")
    if start:
        context.update({"start": start, "kind": kind, "n": amount})
        try:
            day = date.fromisoformat(start)
            n = int(amount)
            if kind not in KINDS:
                raise ValueError
        except ValueError:
            context["error"] = "请填写正确的起算日 (YYYY-MM-DD)、期间类型和天数。"
        else:
            try:
                due = {
                    "working_days": periods.add_working_days,
                    "days": periods.add_days,
                    "months": periods.add_months,
                    "years": periods.add_years,
                }[kind](day, n)
            except periods.CalendarNotCovered as exc:
                context["error"] = exc.message
            else:
                context["due"] = due
    return render(request, "calendar/deadline.html", context)
