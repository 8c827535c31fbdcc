"""On confirming a year's schedule every stored provisional due date is recomputed, recorded on
the case (old date, new date, reason) and the handlers told; dates already met or missed stay.
Reads never fail for the calendar, even with ``ZHIFA_CALENDAR_UNCOVERED_YEAR=refuse``."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from zhifa.calendar import actions as calendar_actions
from zhifa.calendar import notice
from zhifa.calendar.tests.helpers import notice_text
from zhifa.cases import actions
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import CaseDeadline, CaseEvent, PriorNotice
from zhifa.cases.recalendar import RULES
from zhifa.cases.record import Place
from zhifa.cases.tests.conftest import Flow
from zhifa.core.models import Notification
from zhifa.performance.actions import record_cash_handover
from zhifa.performance.models import Payment

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _clock(day: date) -> time_machine.travel:
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 10, tzinfo=SHANGHAI), tick=False
    )


def _deadline(case, kind) -> CaseDeadline:
    return CaseDeadline.objects.filter(case=case, kind=kind).order_by("-id")[0]


def _on_the_spot(handler, handler2, items, citizen, east_street, **kwargs):
    return actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=citizen,
        facts="随地吐痰",
        place=Place("人民路"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal(50),
        **kwargs,
    ).case


@pytest.fixture
def late_december(handler, handler2, leader, reviewer, items, company, citizen, east_street):
    """Cases whose clocks run into 2027, whose schedule is not entered (provisional)."""
    with _clock(date(2026, 12, 28)):
        flow = Flow(handler, handler2, leader, reviewer, items["road"], company, east_street)
        flow.day = date(2026, 12, 17)
        general = flow.notified()  # filed Dec 17, notice served Dec 25
        spot = _on_the_spot(handler, handler2, items, citizen, east_street)  # Dec 28
        cash = _on_the_spot(handler, handler2, items, citizen, east_street, collect_on_spot=True)
        record_cash_handover(
            Payment.objects.get(case=cash), actor=handler.user, on=date(2026, 12, 29)
        )
    return general, spot, cash


def test_the_clocks_into_2027_are_provisional_for_their_side(late_december):
    general, spot, _cash = late_december
    # Art 45, the party's: Dec 30–31 may be bridged to 元旦 → the latest possible end
    assert (
        _deadline(general, DeadlineKind.STATEMENT).due_on,
        _deadline(general, DeadlineKind.STATEMENT).provisional,
    ) == (date(2027, 1, 6), True)
    assert PriorNotice.objects.get(case=general).statement_due == date(2027, 1, 6)
    # Art 60, the bureau's: 90 days
    assert _deadline(general, DeadlineKind.DECISION).due_on == date(2027, 3, 17)
    # Art 52 filing, the bureau's: Jan 2–3 may become working days → the earliest possible end
    assert _deadline(spot, DeadlineKind.SIMPLE_FILING).due_on == date(2027, 1, 3)
    # Art 67, the party's: 15 days
    assert (spot.payment_due, _deadline(spot, DeadlineKind.PAYMENT).provisional) == (
        date(2027, 1, 12),
        True,
    )


def test_confirming_2027_recomputes_records_and_tells_the_handlers(
    late_december, admin_persona, handler, django_capture_on_commit_callbacks
):
    general, spot, cash = late_december
    handover_before = _deadline(cash, DeadlineKind.CASH_HANDOVER)
    with _clock(date(2027, 1, 4)), django_capture_on_commit_callbacks(execute=True):
        row = calendar_actions.import_schedule(
            2027,
            notice.parse(notice_text(2027)).days,
            actor=admin_persona.user,
            source="国务院办公厅关于2027年部分节假日安排的通知",
        )
    statement = _deadline(general, DeadlineKind.STATEMENT)
    # Dec 28, 29, 30, 31 and Jan 4 are working days in the confirmed schedule
    assert (statement.due_on, statement.provisional) == (date(2027, 1, 4), False)
    assert PriorNotice.objects.get(case=general).statement_due == date(2027, 1, 4)
    decision = _deadline(general, DeadlineKind.DECISION)
    assert (decision.due_on, decision.provisional) == (date(2027, 3, 17), False)
    spot.refresh_from_db()
    assert (spot.payment_due, _deadline(spot, DeadlineKind.PAYMENT).provisional) == (
        date(2027, 1, 12),
        False,
    )
    # missed before the schedule came (due Jan 3, today Jan 4): stays as recorded
    filing = _deadline(spot, DeadlineKind.SIMPLE_FILING)
    assert (filing.due_on, filing.provisional) == (date(2027, 1, 3), True)
    # met on Dec 29: stays as recorded
    handover = _deadline(cash, DeadlineKind.CASH_HANDOVER)
    assert (handover.due_on, handover.met_on, handover.provisional) == (
        handover_before.due_on,
        date(2026, 12, 29),
        handover_before.provisional,
    )
    assert row.recomputed == 3  # statement, decision, payment
    event = CaseEvent.objects.filter(case=general, kind="deadline_recomputed").get()
    changes = {c["kind"]: c for c in event.payload["changes"]}
    assert (changes["statement"]["old_due_on"], changes["statement"]["new_due_on"]) == (
        "2027-01-06",
        "2027-01-04",
    )
    assert "2027 年节假日安排已录入" in event.payload["reason"]
    assert not CaseEvent.objects.filter(case=cash, kind="deadline_recomputed").exists()
    told = Notification.objects.filter(kind="deadline_recomputed", user=handler.user)
    assert told.count() == 1  # the general case: its statement date moved
    assert "2027-01-06 → 2027-01-04" in told.get().body
    assert "请及时告知当事人" in told.get().body


def test_every_rule_gives_back_the_date_its_action_stored(late_december):
    """The recompute uses the same period and side as the action that started the clock."""
    for row in CaseDeadline.objects.filter(kind__in=list(RULES)):
        assert RULES[row.kind](row).date == row.due_on, row.kind


@pytest.fixture
def refuse(settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CALENDAR_UNCOVERED_YEAR": "refuse"}


def test_reads_answer_in_refuse_mode_with_the_unknown_date_left_out(
    handler, handler2, items, citizen, east_street, refuse
):
    with _clock(date(2026, 12, 1)):
        case = _on_the_spot(handler, handler2, items, citizen, east_street)  # paid by Dec 16
    client = handler.client()
    with _clock(date(2026, 12, 2)):
        detail = client.get(f"/api/v1/cases/{case.pk}")
        balance = client.get(f"/api/v1/cases/{case.pk}/balance")
        page = client.get(f"/cases/{case.pk}/")
    assert (detail.status_code, balance.status_code, page.status_code) == (200, 200, 200)
    # the 60-day review period runs into 2027: the court window is not known yet
    assert balance.json()["court_window_ends"] is None
    assert detail.json()["owed"]["court_window_ends"] is None


def test_the_case_page_and_the_api_mark_provisional_dates(
    handler, handler2, items, citizen, east_street
):
    with _clock(date(2026, 12, 28)):
        case = _on_the_spot(handler, handler2, items, citizen, east_street)
        page = handler.client().get(f"/cases/{case.pk}/").content.decode()
        deadlines = handler.client().get(f"/api/v1/cases/{case.pk}/deadlines").json()
        summary = handler.client().get(f"/api/v1/cases/{case.pk}").json()
    with _clock(date(2026, 12, 31)):  # the filing due 2027-01-03 is within the list's 3 days
        listing = handler.client().get("/cases/deadlines/").content.decode()
    assert page.count(">暂定</span>") >= 2  # the payment clock and the payment date
    assert "暂定" in listing
    assert {d["kind"]: d["provisional"] for d in deadlines}["payment"] is True
    assert summary["payment_due_provisional"] is True


def test_a_printed_due_date_carries_provisional():
    from zhifa.documents.formatting import cn_due

    assert cn_due(date(2027, 1, 12)) == "2027年1月12日（暂定）"
    assert cn_due(date(2026, 12, 10)) == "2026年12月10日"
    assert cn_due(None) == ""


def test_the_remedy_period_into_2027_is_shown_provisional(
    handler, handler2, items, citizen, east_street
):
    """Served Dec 1: the 60 days to seek review (行政复议法 Art 20) end in 2027 — shown, marked."""
    with _clock(date(2026, 12, 1)):
        case = _on_the_spot(handler, handler2, items, citizen, east_street)
        page = handler.client().get(f"/cases/{case.pk}/").content.decode()
    row = page.split("复议诉讼期限届满", 1)[1].split("</dd>", 1)[0]
    assert "2027-01-" in row or "2027-02-" in row
    assert ">暂定</span>" in row
