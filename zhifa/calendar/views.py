from __future__ import annotations

import calendar as std_calendar
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from zhifa.calendar import actions, importing, periods
from zhifa.calendar.models import CalendarYear, DayKind, Holiday, ScheduleImport
from zhifa.core.errors import DomainError

KINDS = {"working_days": "工作日", "days": "日(自然日)", "months": "个月", "years": "年"}
SIDES = {
    periods.Side.PARTY.value: "当事人的期间 (陈述申辩、听证申请、缴款等)",
    periods.Side.BUREAU.value: "本机关的期限 (送达、作出决定等)",
}


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
            "may_import": actions.may_import(request.user),
            "statutory": _statutory(year) if covered is None else [],
        },
    )


def _statutory(year: int) -> list[tuple[date, str]]:
    """The 13 days of 全国年节及纪念日放假办法 Art 2, on which a year without a schedule counts."""
    from zhifa.calendar import statutory

    if not actions.FIRST_YEAR <= year <= actions.LAST_YEAR:
        return []
    return [(d, f.name) for f in statutory.festivals(year) for d in f.days]


@login_required
def deadline_view(request: HttpRequest) -> HttpResponse:
    """A calculator for officers: the due date of a legal period from a start date."""
    context: dict[str, object] = {"kinds": KINDS, "sides": SIDES, "today": timezone.localdate()}
    start = request.GET.get("from")
    kind = request.GET.get("kind", "working_days")
    amount = request.GET.get("n", "")
    side_raw = request.GET.get("side", periods.Side.PARTY.value)
    side = periods.Side(side_raw) if side_raw in SIDES else periods.Side.PARTY
    context["side"] = side.value
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
            if abs(n) > periods.LIMITS[kind]:
                context["error"] = (
                    f"「期间」最长为 {periods.LIMITS[kind]}（{KINDS[kind]}），请检查输入。"
                )
                return render(request, "calendar/deadline.html", context)
            try:
                due = {
                    "working_days": periods.add_working_days,
                    "days": periods.add_days,
                    "months": periods.add_months,
                    "years": periods.add_years,
                }[kind](day, n, side=side)
            except (periods.CalendarNotCovered, periods.CalendarOutOfRange) as exc:
                context["error"] = exc.message
            else:
                context["due"] = due
    return render(request, "calendar/deadline.html", context)


def _import_context(request: HttpRequest) -> dict[str, object]:
    return {
        "text": request.POST.get("text", ""),
        "year_raw": request.POST.get("year", ""),
        "source": request.POST.get("source", ""),
        "replace": bool(request.POST.get("replace")),
        "package_years": _package_years(),
    }


def _package_years() -> list[int]:
    """Years the installed chinese-calendar ships that the table does not cover yet."""
    from zhifa.calendar.seed import schedule_rows

    shipped, _ = schedule_rows()
    covered = set(CalendarYear.objects.values_list("year", flat=True))
    return [y for y in shipped if y not in covered]


@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    """粘贴国务院办公厅通知 → 预览放假和上班日 → 确认录入 (系统管理员)."""
    if not actions.may_import(request.user):
        raise PermissionDenied("只有系统管理员可以录入节假日安排")
    context = _import_context(request)
    status = 200
    if request.method == "POST":
        step = request.POST.get("step", "preview")
        try:
            if step == "package":
                year = int(request.POST.get("package_year", "0") or 0)
                row = actions.import_schedule(
                    year,
                    actions.days_from_package(year),
                    actor=request.user,
                    source=actions.package_source(),
                )
            else:
                p = importing.preview(
                    str(context["text"]), str(context["year_raw"]), str(context["source"])
                )
                context["preview"] = p
                if step != "confirm":
                    return render(request, "calendar/import.html", context)
                days = importing.confirmed_days(p, request.POST.getlist("day"))
                row = actions.import_schedule(
                    p.year,
                    days,
                    actor=request.user,
                    source=p.source,
                    text=str(context["text"]),
                    replace=bool(context["replace"]),
                )
        except DomainError as exc:
            context["error"] = exc
            status = exc.status
        else:
            messages.success(
                request,
                f"已录入 {row.year} 年节假日安排，重新计算了 {row.recomputed} 个暂定期限。",
            )
            return redirect("calendar:year_of", row.year)
    context["history"] = ScheduleImport.objects.select_related("actor")[:10]
    return render(request, "calendar/import.html", context, status=status)
