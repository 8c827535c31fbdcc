"""From 1 November the administrator's and every leader's home say next year's schedule is
missing (the form one click away for the administrator), and a job tells them once."""

import pytest
import time_machine
from django.utils import timezone

from zhifa.calendar import actions, notice
from zhifa.calendar.reminders import missing_schedule
from zhifa.calendar.tasks import remind_missing_schedule
from zhifa.calendar.tests.helpers import forget_year, notice_text
from zhifa.core.models import Notification

pytestmark = pytest.mark.django_db
BANNER = 'id="panel-schedule-missing"'


def _at(day: str) -> time_machine.travel:
    return time_machine.travel(f"{day} 09:00 +0800", tick=False)


def _import_2027(admin) -> None:
    actions.import_schedule(
        2027, notice.parse(notice_text(2027)).days, actor=admin.user, source="国务院办公厅通知"
    )


def test_there_is_no_banner_on_31_october(admin_persona, leader):
    with _at("2026-10-31"):
        assert BANNER not in admin_persona.client().get("/").content.decode()
        assert BANNER not in leader.client().get("/").content.decode()


def test_from_1_november_the_administrator_and_leaders_see_it(admin_persona, leader, handler):
    with _at("2026-11-01"):
        admin_page = admin_persona.client().get("/").content.decode()
        leader_page = leader.client().get("/").content.decode()
        handler_page = handler.client().get("/").content.decode()
    assert BANNER in admin_page
    assert "明年 (2027 年) 的节假日安排尚未录入" in admin_page
    assert 'href="/calendar/import/"' in admin_page
    assert BANNER in leader_page
    assert 'href="/calendar/import/"' not in leader_page  # only the administrator enters it
    assert 'href="/calendar/2027/"' in leader_page
    assert BANNER not in handler_page


def test_after_the_import_the_banner_is_gone(admin_persona, leader):
    with _at("2026-12-02"):
        assert BANNER in admin_persona.client().get("/").content.decode()
        _import_2027(admin_persona)
        assert BANNER not in admin_persona.client().get("/").content.decode()
        assert BANNER not in leader.client().get("/").content.decode()


def test_a_year_that_began_without_its_schedule_is_shown_at_once():
    forget_year(2026)
    with _at("2026-02-01"):
        missing = missing_schedule(timezone.localdate())
    assert missing is not None
    assert (missing.year, missing.current) == (2026, True)


def test_the_job_tells_administrators_and_leaders_once(
    admin_persona, leader, handler, django_capture_on_commit_callbacks
):
    with _at("2026-10-31"), django_capture_on_commit_callbacks(execute=True):
        remind_missing_schedule.call()
    assert not Notification.objects.exists()
    with _at("2026-11-02"), django_capture_on_commit_callbacks(execute=True):
        remind_missing_schedule.call()
    with _at("2026-11-02"), django_capture_on_commit_callbacks(execute=True):
        remind_missing_schedule.call()  # runs every six hours: nothing twice
    sent = Notification.objects.filter(kind="calendar_missing")
    assert sorted(sent.values_list("user__username", flat=True)) == ["admin", "leader"]
    assert {n.title for n in sent} == {"2027 年节假日安排尚未录入"}
    assert sent.get(user=admin_persona.user).url == "/calendar/import/"
    with _at("2026-12-03"), django_capture_on_commit_callbacks(execute=True):
        _import_2027(admin_persona)
        remind_missing_schedule.call()
    assert sent.count() == 2
