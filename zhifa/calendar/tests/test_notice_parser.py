"""The State Council's notice, pasted as published, read into the days of the year.

The 2024, 2025 and 2026 notices (国办发明电〔2023〕7号, 〔2024〕12号, 〔2025〕7号) must give, for
every day of their year, the same working/rest status as the chinese-calendar data."""

from datetime import date, timedelta

import chinese_calendar
import pytest

from zhifa.calendar import notice
from zhifa.calendar.tests.helpers import notice_text
from zhifa.core.errors import InvalidInput


def _status(parsed: notice.Parsed, day: date) -> bool:
    if day in {d.date for d in parsed.workdays}:
        return True
    return day.weekday() < 5 and day not in {d.date for d in parsed.holidays}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_it_reads_every_day_of_the_real_notices_as_chinese_calendar_does(year):
    parsed = notice.parse(notice_text(year))
    assert parsed.year == year
    day, disagree = date(year, 1, 1), []
    while day.year == year:
        if _status(parsed, day) != chinese_calendar.is_workday(day):
            disagree.append(day)
        day += timedelta(days=1)
    assert disagree == []


def test_it_reads_the_2026_breaks_and_make_up_days():
    parsed = notice.parse(notice_text(2026))
    spring = [d.date for d in parsed.holidays if d.name == "春节"]
    assert (spring[0], spring[-1], len(spring)) == (date(2026, 2, 15), date(2026, 2, 23), 9)
    assert [(d.date, d.name) for d in parsed.workdays] == [
        (date(2026, 1, 4), "元旦调休上班"),
        (date(2026, 2, 14), "春节调休上班"),
        (date(2026, 2, 28), "春节调休上班"),
        (date(2026, 5, 9), "劳动节调休上班"),
        (date(2026, 9, 20), "国庆节调休上班"),
        (date(2026, 10, 10), "国庆节调休上班"),
    ]


def test_it_reads_a_break_across_months_and_a_combined_item():
    parsed = notice.parse(notice_text(2025))
    dragon = [d.date for d in parsed.holidays if d.name == "端午节"]
    assert dragon == [date(2025, 5, 31), date(2025, 6, 1), date(2025, 6, 2)]
    national = [d for d in parsed.holidays if d.name == "国庆节"]
    assert (len(national), national[-1].date) == (8, date(2025, 10, 8))


def test_it_ignores_the_encouragement_to_rest_on_new_years_eve_in_2024():
    """ "鼓励……安排职工在除夕（2月9日）休息" is not a holiday (the 2024 notice)."""
    parsed = notice.parse(notice_text(2024))
    assert date(2024, 2, 9) not in {d.date for d in parsed.days}


def test_it_reads_text_copied_with_half_width_punctuation():
    text = notice_text(2026).replace("（", "(").replace("）", ")").replace("：", ":")
    assert notice.parse(text).days == notice.parse(notice_text(2026)).days


def test_it_reads_a_break_reaching_into_the_previous_year():
    """The 2019 notice: 元旦 from 2018-12-30, a make-up Saturday on 2018-12-29."""
    text = (
        "关于2019年部分节假日安排的通知 一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。"
        "2018年12月29日（星期六）上班。"
    )
    parsed = notice.parse(text)
    assert [d.date for d in parsed.holidays] == [
        date(2018, 12, 30),
        date(2018, 12, 31),
        date(2019, 1, 1),
    ]
    assert [d.date for d in parsed.workdays] == [date(2018, 12, 29)]


@pytest.mark.parametrize(
    ("text", "year", "code", "phrase"),
    [
        ("", None, "required", "不能为空"),
        ("国务院办公厅关于部分节假日安排的通知", None, "no_year", "年份"),
        ("关于2027年部分节假日安排的通知，放假安排见附件。", None, "no_items", "格式"),
        # the 2026 notice pasted as 2027's: Jan 1 2027 is a Friday, not a Thursday
        (notice_text(2026), 2027, "weekday_mismatch", "第一项「元旦」：1月1日标注为周四"),
        # the issue's own example: 2027-01-04 is a Monday, not a Sunday
        (
            "关于2027年部分节假日安排的通知 一、元旦：1月1日（周五）至3日（周日）放假调休，"
            "共3天。1月4日（周日）上班。",
            None,
            "weekday_mismatch",
            "1月4日标注为周日",
        ),
        ("关于2027年 一、元旦：1月1日至4日放假，共3天。", 2027, "count_mismatch", "共3天"),
        ("一、元旦：2月30日放假。", 2027, "bad_date", "不是有效日期"),
        ("一、元旦：不放假。", 2027, "no_dates", "未找到放假日期"),
    ],
)
def test_it_refuses_a_notice_it_cannot_read_naming_the_field(text, year, code, phrase):
    with pytest.raises(InvalidInput) as exc:
        notice.parse(text, year)
    assert (exc.value.code, exc.value.field) == (code, "text")
    assert phrase in exc.value.message
    assert exc.value.message.startswith("「通知全文」")
