"""Entering a year's holiday schedule: the one write of the calendar app.

``import_schedule`` checks the days, writes them with the year's ``CalendarYear`` row and an
append-only ``ScheduleImport`` row (who, when, the source text), and — in the same transaction —
has every registered app recompute the due dates it stored provisionally (``hooks``). The page,
the ``zhifa calendar import`` command and ``--from-package`` all call it. Django admin corrects
single days with ``correct_days``: the year's schedule with those days changed, entered again
through ``import_schedule`` (replace), so a correction has the same checks, the same history row
and the same recomputation as a corrected notice (ADR 0002, ADR 0013)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from typing import Any

from django.db import transaction

from zhifa.calendar import hooks, periods, statutory
from zhifa.calendar.models import CalendarYear, DayKind, Holiday, ScheduleImport
from zhifa.calendar.notice import Day
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed

FIRST_YEAR, LAST_YEAR = 2004, 2099  # lunardate computes 1900–2099; the seed starts in 2004
# 全国年节及纪念日放假办法 as revised 2024-11-10 (in force 2025-01-01): the 13 days of Art 2.
REVISION_FROM = 2025


def may_import(user: Any) -> bool:
    """The system administrator enters the schedule (and a superuser)."""
    from zhifa.org.choices import Role

    return bool(user.is_authenticated and (user.is_superuser or user.role == Role.ADMIN))


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(
            "bad_year", f"「年份」{year} 超出可录入范围 ({FIRST_YEAR}–{LAST_YEAR})", field="year"
        )


def check_days(year: int, days: Iterable[Day]) -> list[Day]:
    """The days of ``year``'s schedule, or InvalidInput naming what is wrong (field ``days``)."""
    _check_year(year)
    rows = sorted(days, key=lambda d: d.date)
    if not any(d.kind == DayKind.HOLIDAY for d in rows):
        raise InvalidInput("no_days", f"{year} 年的安排中没有任何放假日", field="days")
    seen: dict[date, str] = {}
    for day in rows:
        if day.kind not in DayKind.values:
            raise InvalidInput(
                "bad_kind", f"{day.date}：类型「{day.kind}」无效 (放假或上班)", field="days"
            )
        # The notice of ``year`` may reach back into late December (元旦 break, 2019 notice).
        if not (date(year - 1, 12, 1) <= day.date <= date(year, 12, 31)):
            raise InvalidInput(
                "outside_year", f"{day.date} 不属于 {year} 年的节假日安排", field="days"
            )
        if seen.get(day.date, day.kind) != day.kind:
            raise InvalidInput("conflict", f"{day.date} 既是放假日又是上班日", field="days")
        seen[day.date] = day.kind
        if day.kind == DayKind.WORKDAY and day.date.weekday() < 5:
            raise InvalidInput(
                "workday_not_weekend",
                f"{day.date} 是周{'一二三四五'[day.date.weekday()]}，本就是工作日，"
                "不能作为调休上班日",
                field="days",
            )
    if year >= REVISION_FROM:
        for festival in statutory.festivals(year):
            for holiday in festival.days:
                if seen.get(holiday) != DayKind.HOLIDAY and holiday.weekday() < 5:
                    raise InvalidInput(
                        "statutory_missing",
                        f"{holiday}（{festival.name}）是法定节假日，安排中却未放假 "
                        "(全国年节及纪念日放假办法第2条)：请核对年份和日期",
                        field="days",
                    )
    unique = {d.date: d for d in rows}
    return sorted(unique.values(), key=lambda d: d.date)


def import_schedule(
    year: int,
    days: Iterable[Day],
    *,
    actor: Any,
    source: str,
    text: str = "",
    replace: bool = False,
    check_actor: bool = True,
) -> ScheduleImport:
    """Enter ``year``'s schedule (the State Council notice, a file, or a chinese-calendar
    release) and recompute every stored provisional due date on it (hooks).

    ``replace``: a year already entered is replaced (a corrected notice); otherwise refused.
    ``check_actor`` is False only for the operator's command (``zhifa calendar import``)."""
    if check_actor and (actor is None or not may_import(actor)):
        raise NotAllowed("not_admin", "只有系统管理员可以录入节假日安排")
    source = (source or "").strip()
    if not source:
        raise InvalidInput("required", "「来源」不能为空 (如通知的标题和文号)", field="source")
    rows = check_days(year, days)
    with transaction.atomic():
        covered = CalendarYear.objects.select_for_update().filter(year=year).first()
        if covered is not None and not replace:
            raise DomainError(
                "year_exists",
                f"{year} 年的节假日安排已经录入 (来源：{covered.source})；如需更正请选择替换",
                field="year",
            )
        if covered is not None:
            keep = {d.date for d in rows}
            Holiday.objects.filter(date__year=year).exclude(date__in=keep).delete()
            covered.source = source[:200]
            covered.save(update_fields=["source"])
        else:
            CalendarYear.objects.create(year=year, source=source[:200])
        for day in rows:
            Holiday.objects.update_or_create(
                date=day.date, defaults={"kind": day.kind, "name": day.name[:100]}
            )
        # This process counts on the new days at once; the others after commit.
        periods.schedule.clear_local()
        transaction.on_commit(periods.invalidate)
        recomputed = hooks.schedule_confirmed(
            hooks.Confirmed(years=[year], actor=actor, source=source)
        )
        return ScheduleImport.objects.create(
            year=year,
            actor=actor if getattr(actor, "pk", None) else None,
            source=source[:200],
            text=text,
            days=[{**asdict(d), "date": d.date.isoformat()} for d in rows],
            replaced=covered is not None,
            recomputed=recomputed,
        )


def correct_days(
    year: int,
    changes: dict[date, Day | None],
    *,
    actor: Any,
    note: str = "",
) -> ScheduleImport:
    """Set (a ``Day``) or clear (None: an ordinary day again) days of ``year``'s entered
    schedule: the admin's edit of a holiday. Refused for a year not entered yet — that is a
    whole notice to import, not a day to add."""
    if actor is None or not may_import(actor):
        raise NotAllowed("not_admin", "只有系统管理员可以更正节假日安排")
    covered = CalendarYear.objects.filter(year=year).first()
    if covered is None:
        raise InvalidInput(
            "year_not_entered",
            f"{year} 年的节假日安排尚未录入：请在「录入节假日安排」页粘贴国务院办公厅的通知，"
            "录入全年安排",
            field="date",
        )
    strays = sorted(d for d in changes if d.year != year)
    if strays:
        raise InvalidInput(
            "other_year", f"{strays[0]} 不属于 {year} 年：请分别更正各年的安排", field="date"
        )
    days = {h.date: Day(h.date, h.kind, h.name) for h in Holiday.objects.filter(date__year=year)}
    lines = []
    for day, new in sorted(changes.items()):
        if new is None:
            if days.pop(day, None) is not None:
                lines.append(f"{day} 改为普通日")
        elif new.kind not in DayKind.values:
            raise InvalidInput(
                "bad_kind", f"{day}：类型「{new.kind}」无效 (放假或上班)", field="kind"
            )
        else:
            days[day] = new
            lines.append(
                f"{day} 设为{DayKind(new.kind).label}{f'（{new.name}）' if new.name else ''}"
            )
    text = "管理后台更正：" + ("；".join(lines) or "无变化") + (f"。{note}" if note else "")
    return import_schedule(
        year, days.values(), actor=actor, source=covered.source, text=text, replace=True
    )


def annotate_year(year: CalendarYear, *, note: str, actor: Any) -> CalendarYear:
    """The year's 备注 (its days change only through an import or ``correct_days``)."""
    if actor is None or not may_import(actor):
        raise NotAllowed("not_admin", "只有系统管理员可以修改节假日安排")
    with transaction.atomic():
        locked = CalendarYear.objects.select_for_update().get(pk=year.pk)
        locked.note = note.strip()
        locked.save(update_fields=["note"])
    return locked


def days_from_package(year: int) -> list[Day]:
    """``year``'s days in the installed chinese-calendar release (a newer one may ship it)."""
    from zhifa.calendar.seed import schedule_rows

    years, rows = schedule_rows()
    if year not in years:
        raise InvalidInput(
            "not_in_package",
            f"已安装的 chinese-calendar 不含 {year} 年的节假日安排：请升级该软件包或粘贴通知全文",
            field="year",
        )
    return [Day(d, k, n) for d, k, n in rows if d.year == year]


def package_source() -> str:
    from zhifa.calendar.seed import schedule_rows

    years, _ = schedule_rows()
    return next(iter(years.values()), "chinese-calendar")
