"""Reading the State Council's yearly notice (国务院办公厅关于XXXX年部分节假日安排的通知) into days.

The notice lists one item per festival, e.g. (2026, 国办发明电〔2025〕7号)::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。
    2月14日（周六）、2月28日（周六）上班。

Per item: the sentence with 放假 gives the break (one day or "A至B"), the sentence ending with
上班 the make-up working days; other sentences (鼓励……休息) are not rules. Every weekday the
notice states (周四, 星期日) and every 共N天 is checked against the dates read, so a notice pasted
under the wrong year, or a typo, is refused instead of entered. Half-width punctuation (as
copied from many web pages) and the years of dates outside the notice's year (2018年12月30日)
are understood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from zhifa.core.errors import InvalidInput

FIELD = "text"
LABEL = "通知全文"

_WIDE = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", ".": "。"})
_NUMERAL = "一二三四五六七八九十"
_ITEM = re.compile(rf"(?<![{_NUMERAL}])([{_NUMERAL}]+)、([^：。，]{{1,20}})：")
_DATE = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
_NOTE = r"(?:（([^）]*)）)?"
_RANGE = re.compile(rf"{_DATE}{_NOTE}(?:至(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日{_NOTE})?")
_ONE_DATE = re.compile(rf"{_DATE}{_NOTE}")
_TOTAL = re.compile(r"共(\d+)天")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_YEAR = re.compile(r"(\d{4})年(?:部分节假日|元旦、|元旦，|元旦和)")


@dataclass(frozen=True)
class Day:
    date: date
    kind: str  # "holiday" | "workday" (calendar.models.DayKind)
    name: str


@dataclass(frozen=True)
class Parsed:
    year: int
    days: list[Day]

    @property
    def holidays(self) -> list[Day]:
        return [d for d in self.days if d.kind == "holiday"]

    @property
    def workdays(self) -> list[Day]:
        return [d for d in self.days if d.kind == "workday"]


def _refuse(code: str, message: str) -> InvalidInput:
    return InvalidInput(code, f"「{LABEL}」{message}", field=FIELD)


def _normalise(text: str) -> str:
    text = text.translate(_WIDE).replace("\u3000", " ")
    return re.sub(r"[ \t\r\f\v]+", "", text)


def notice_year(text: str) -> int | None:
    """The year the notice is about ("关于2026年部分节假日安排", "现将2026年元旦、…")."""
    found = _YEAR.search(_normalise(text))
    return int(found.group(1)) if found else None


def _check_weekday(day: date, note: str | None, where: str) -> None:
    if not note:
        return
    found = re.search(r"(?:周|星期)([一二三四五六日天])", note)
    if found and _WEEKDAYS[found.group(1)] != day.weekday():
        actual = "一二三四五六日"[day.weekday()]
        raise _refuse(
            "weekday_mismatch",
            f"{where}：{day.month}月{day.day}日标注为周{found.group(1)}，"
            f"按 {day.year} 年实为周{actual}，请核对年份或日期",
        )


def _make_date(year: int, month: int, day: int, where: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _refuse("bad_date", f"{where}：{year}年{month}月{day}日不是有效日期") from None


def _break(sentence: str, year: int, name: str, where: str) -> list[Day]:
    found = _RANGE.search(sentence)
    if found is None:
        raise _refuse("no_dates", f"{where}：未找到放假日期")
    y1, m1, d1, note1, y2, m2, d2, note2 = found.groups()
    first = _make_date(int(y1 or year), int(m1), int(d1), where)
    _check_weekday(first, note1, where)
    last = first
    if d2:
        month = int(m2) if m2 else first.month
        end_year = int(y2) if y2 else first.year + (month < first.month)  # 12月30日至1月1日
        last = _make_date(end_year, month, int(d2), where)
        _check_weekday(last, note2, where)
        if last < first:
            raise _refuse("bad_range", f"{where}：放假截止日早于起始日")
    n = (last - first).days + 1
    total = _TOTAL.search(sentence)
    if total and int(total.group(1)) != n:
        raise _refuse(
            "count_mismatch", f"{where}：写明共{total.group(1)}天，而 {first} 至 {last} 为 {n} 天"
        )
    if n > 15:
        raise _refuse("bad_range", f"{where}：放假 {n} 天，超出任何已有安排，请核对")
    return [Day(first + timedelta(days=i), "holiday", name) for i in range(n)]


def _workdays(sentence: str, year: int, name: str, where: str) -> list[Day]:
    days = []
    for found in _ONE_DATE.finditer(sentence):
        y, m, d, note = found.groups()
        day = _make_date(int(y or year), int(m), int(d), where)
        _check_weekday(day, note, where)
        days.append(Day(day, "workday", f"{name}调休上班"))
    if not days:
        raise _refuse("no_dates", f"{where}：未找到调休上班日期")
    return days


def parse(text: str, year: int | None = None) -> Parsed:
    """The days of the notice (raises InvalidInput on ``text`` naming the item at fault)."""
    body = _normalise(text or "")
    if not body:
        raise _refuse("required", "不能为空：请粘贴国务院办公厅通知的全文")
    year = year or notice_year(body)
    if year is None:
        raise _refuse(
            "no_year", "中未写明年份 (如「关于2027年部分节假日安排的通知」)：请填写「年份」"
        )
    items = list(_ITEM.finditer(body))
    if not items:
        raise _refuse(
            "no_items", "中未找到「一、元旦：1月1日……放假」格式的放假安排，请粘贴通知正文"
        )
    days: dict[date, Day] = {}
    for i, item in enumerate(items):
        numeral, title = item.group(1), item.group(2)
        name = title.split("、")[0]
        where = f"第{numeral}项「{title}」"
        end = items[i + 1].start() if i + 1 < len(items) else len(body)
        found_break = False
        for sentence in body[item.end() : end].split("。"):
            if sentence.endswith("上班"):
                new = _workdays(sentence, year, name, where)
            elif "放假" in sentence and not found_break and not sentence.startswith("鼓励"):
                new = _break(sentence, year, name, where)
                found_break = True
            else:
                continue
            for day in new:
                other = days.get(day.date)
                if other and other.kind != day.kind:
                    raise _refuse("conflict", f"{where}：{day.date} 既是放假日又是上班日，请核对")
                days.setdefault(day.date, day)
        if not found_break:
            raise _refuse("no_dates", f"{where}：未找到放假日期")
    return Parsed(year, sorted(days.values(), key=lambda d: d.date))
