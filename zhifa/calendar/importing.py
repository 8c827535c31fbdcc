"""The import page's two steps: paste → preview (nothing written) → confirm (the action)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhifa.calendar import actions, notice
from zhifa.calendar.models import CalendarYear, DayKind
from zhifa.core.errors import InvalidInput


@dataclass(frozen=True)
class Preview:
    year: int
    source: str
    days: list[notice.Day]
    exists: CalendarYear | None

    @property
    def rows(self) -> list[dict[str, object]]:
        return [
            {
                "date": d.date,
                "weekday": "周" + "一二三四五六日"[d.date.weekday()],
                "kind": d.kind,
                "label": DayKind(d.kind).label,
                "name": d.name,
                "token": token(d),
            }
            for d in self.days
        ]

    @property
    def counts(self) -> tuple[int, int]:
        return (
            sum(d.kind == DayKind.HOLIDAY for d in self.days),
            sum(d.kind == DayKind.WORKDAY for d in self.days),
        )


def token(day: notice.Day) -> str:
    return f"{day.date.isoformat()}|{day.kind}|{day.name}"


def untoken(value: str) -> notice.Day:
    try:
        iso, kind, name = value.split("|", 2)
        return notice.Day(date.fromisoformat(iso), kind, name)
    except ValueError:
        raise InvalidInput("bad_days", "提交的日期格式有误，请重新预览", field="days") from None


def _year(raw: str) -> int | None:
    raw = (raw or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise InvalidInput("bad_year", f"「年份」{raw} 不是四位数的年份", field="year")
    return int(raw)


def default_source(text: str, year: int) -> str:
    import re

    number = re.search(r"国办发明电〔\d{4}〕\d+号", text)
    title = f"国务院办公厅关于{year}年部分节假日安排的通知"
    return f"{title}（{number.group(0)}）" if number else title


def preview(text: str, year_raw: str = "", source: str = "") -> Preview:
    """Parse and check the pasted notice; raises InvalidInput naming the field."""
    parsed = notice.parse(text, _year(year_raw))
    days = actions.check_days(parsed.year, parsed.days)
    source = (source or "").strip() or default_source(text, parsed.year)
    return Preview(parsed.year, source, days, CalendarYear.objects.filter(year=parsed.year).first())


def confirmed_days(p: Preview, tokens: list[str]) -> list[notice.Day]:
    """The days the administrator saw, checked again against the text they came from."""
    posted = sorted((untoken(t) for t in tokens), key=lambda d: d.date)
    if posted != p.days:
        raise InvalidInput(
            "changed_after_preview", "确认的日期与通知全文不一致，请重新预览后确认", field="days"
        )
    return posted
