"""Entering next year's schedule is one form: paste the notice → preview → confirm; or
``zhifa calendar import FILE`` / ``--from-package``. Bad input is refused in Chinese, naming the
field, and leaves nothing written."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zhifa.calendar import actions, periods
from zhifa.calendar.models import CalendarYear, Holiday, ScheduleImport
from zhifa.calendar.tests.helpers import forget_year, notice_text
from zhifa.core.errors import DomainError, InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db
URL = "/calendar/import/"


def _nothing_written() -> bool:
    return (
        not CalendarYear.objects.filter(year=2027).exists()
        and not Holiday.objects.filter(date__year=2027).exists()
        and not ScheduleImport.objects.exists()
    )


def test_the_form_is_for_the_administrator(admin_persona, handler, leader):
    assert admin_persona.client().get(URL).status_code == 200
    assert handler.client().get(URL).status_code == 403
    assert (
        leader.client().post(URL, {"text": notice_text(2027), "step": "confirm"}).status_code == 403
    )
    assert _nothing_written()


def test_the_preview_shows_holidays_and_make_up_days_and_writes_nothing(admin_persona):
    response = admin_persona.client().post(URL, {"text": notice_text(2027), "step": "preview"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "2027 年安排预览" in page
    assert "放假 29 天 · 调休上班 5 天" in page
    assert "<td>2027-02-05（周五）</td><td>放假</td><td>春节</td>" in page
    assert "<td>2027-02-14（周日）</td><td>调休上班</td><td>春节调休上班</td>" in page
    assert _nothing_written()


@pytest.mark.parametrize(
    ("data", "field", "phrase"),
    [
        ({"text": ""}, "text", "「通知全文」不能为空"),
        ({"text": notice_text(2026), "year": "2027"}, "text", "标注为周四"),
        ({"text": notice_text(2027), "year": "二〇二七"}, "year", "「年份」"),
        # a schedule without 除夕 off: Art 2 of 全国年节及纪念日放假办法
        (
            {
                "text": notice_text(2027)
                .replace("2月5日（农历除夕、周五）至13日", "2月6日至13日")
                .replace("共9天", "共8天")
            },
            "days",
            "2027-02-05（春节）是法定节假日",
        ),
    ],
)
def test_bad_text_is_refused_in_chinese_naming_the_field(admin_persona, data, field, phrase):
    response = admin_persona.client().post(URL, {**data, "step": "confirm"})
    page = response.content.decode()
    assert response.status_code == 422
    assert f'data-field="{field}"' in page
    assert phrase in page
    assert _nothing_written()


def test_confirming_enters_the_year_and_records_who_and_what(admin_persona):
    client = admin_persona.client()
    preview = client.post(URL, {"text": notice_text(2027), "step": "preview"}).context["preview"]
    tokens = [r["token"] for r in preview.rows]
    response = client.post(
        URL, {"text": notice_text(2027), "step": "confirm", "day": tokens, "year": "2027"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/calendar/2027/"
    assert periods.is_covered(2027)
    assert periods.is_working_day(date(2027, 2, 14)) is True  # make-up Sunday
    assert periods.is_working_day(date(2027, 2, 12)) is False  # bridged Friday
    assert periods.add_working_days(date(2026, 12, 28), 7).provisional is False
    row = ScheduleImport.objects.get()
    assert (row.year, row.actor, row.replaced) == (2027, admin_persona.user, False)
    assert row.source == "国务院办公厅关于2027年部分节假日安排的通知"
    assert row.text == notice_text(2027)
    assert len(row.days) == 34
    page = client.get("/calendar/2027/").content.decode()
    assert "已录入 2027 年节假日安排" in page


def test_days_changed_after_the_preview_are_refused(admin_persona):
    client = admin_persona.client()
    preview = client.post(URL, {"text": notice_text(2027), "step": "preview"}).context["preview"]
    tokens = [*[r["token"] for r in preview.rows][:-1], "2027-10-08|holiday|国庆节"]
    response = client.post(URL, {"text": notice_text(2027), "step": "confirm", "day": tokens})
    assert response.status_code == 422
    assert "请重新预览" in response.content.decode()
    assert _nothing_written()


def test_an_entered_year_is_replaced_only_when_asked(admin_persona):
    with pytest.raises(DomainError) as exc:
        actions.import_schedule(
            2026,
            actions.days_from_package(2026),
            actor=admin_persona.user,
            source="chinese-calendar",
        )
    assert exc.value.code == "year_exists"
    row = actions.import_schedule(
        2026,
        actions.days_from_package(2026),
        actor=admin_persona.user,
        source="chinese-calendar",
        replace=True,
    )
    assert row.replaced is True
    assert periods.add_working_days(date(2026, 9, 28), 7).date == date(2026, 10, 13)


@pytest.mark.parametrize(
    ("days", "code"),
    [
        ([], "no_days"),
        ([("2027-01-01", "holiday"), ("2027-01-04", "workday")], "workday_not_weekend"),
        ([("2027-01-01", "holiday"), ("2025-06-01", "holiday")], "outside_year"),
        ([("2027-01-01", "holiday"), ("2027-01-01", "workday")], "conflict"),
        ([("2027-01-01", "holiday"), ("2027-01-02", "closed")], "bad_kind"),
        ([("2027-01-01", "holiday")], "statutory_missing"),  # 除夕 etc. missing (Art 2)
    ],
)
def test_the_action_refuses_wrong_days(admin_persona, days, code):
    from zhifa.calendar.notice import Day

    rows = [Day(date.fromisoformat(d), k, "") for d, k in days]
    with pytest.raises(InvalidInput) as exc:
        actions.import_schedule(2027, rows, actor=admin_persona.user, source="测试")
    assert (exc.value.code, exc.value.field) == (code, "days")
    assert _nothing_written()


def test_the_action_refuses_someone_who_is_not_the_administrator(leader):
    with pytest.raises(NotAllowed):
        actions.import_schedule(2027, [], actor=leader.user, source="测试")


def test_the_history_cannot_be_changed(admin_persona):
    row = actions.import_schedule(
        2026, actions.days_from_package(2026), actor=admin_persona.user, source="x", replace=True
    )
    with pytest.raises(ValueError, match="不可修改"):
        row.save()
    with pytest.raises(ValueError, match="不可删除"):
        row.delete()


# --- the command ---------------------------------------------------------------------------


def _command(*args: str) -> str:
    out = StringIO()
    call_command("calendar", "import", *args, stdout=out)
    return out.getvalue()


def test_the_command_shows_the_days_and_writes_only_with_yes(tmp_path):
    path = tmp_path / "2027.txt"
    path.write_text(notice_text(2027), encoding="utf-8")
    shown = _command(str(path))
    assert "2027 年：放假 29 天，调休上班 5 天" in shown
    assert "未写入" in shown
    assert _nothing_written()
    assert "已录入 2027 年" in _command(str(path), "--yes")
    row = ScheduleImport.objects.get()
    assert (row.actor, row.source) == (None, "国务院办公厅关于2027年部分节假日安排的通知")


def test_the_command_reads_json_and_csv(tmp_path):
    forget_year(2026)
    from zhifa.calendar.seed import schedule_rows

    _, rows = schedule_rows()
    days = [{"date": d.isoformat(), "kind": k, "name": n} for d, k, n in rows if d.year == 2026]
    (tmp_path / "2026.json").write_text(json.dumps(days, ensure_ascii=False), encoding="utf-8")
    _command(str(tmp_path / "2026.json"), "--yes")
    assert periods.add_working_days(date(2026, 9, 28), 7).date == date(2026, 10, 13)
    csv_text = "date,kind,name\n" + "\n".join(
        f"{d['date']},{'放假' if d['kind'] == 'holiday' else '上班'},{d['name']}" for d in days
    )
    (tmp_path / "2026.csv").write_text(csv_text, encoding="utf-8")
    _command(str(tmp_path / "2026.csv"), "--yes", "--replace")
    assert ScheduleImport.objects.filter(year=2026).count() == 2
    assert periods.is_working_day(date(2026, 10, 10)) is True


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[{"date": "2027-13-01", "kind": "holiday"}]', "YYYY-MM-DD"),
        ("date,kind\n2027-01-01,closed\n", "类型"),
        ("[not json", "JSON 格式有误"),
    ],
)
def test_the_command_explains_a_bad_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        _command(str(path), "--yes")
    assert _nothing_written()


def test_the_command_loads_the_years_a_newer_chinese_calendar_ships():
    forget_year(2026)
    assert not periods.is_covered(2026)
    assert "2026 年" in _command("--from-package", "--yes")
    assert periods.is_covered(2026)
    with pytest.raises(CommandError, match="不含 2027 年"):
        _command("--from-package", "--year", "2027")
