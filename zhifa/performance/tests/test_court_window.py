"""行政强制法 Art 53: the 3-month court window runs from the day the decision becomes
enforceable — the party's periods to seek review (60 days) or to sue (6 months) lapsed unused —
whether or not a 催告 was issued; and Art 54: the court only after the 催告书 has been served
(Art 38) and its 10 working days have run. The window is a stored clock, moved by the steps
that move it, warned of at 30 and 10 days left, and recorded when it lapses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from zhifa.cases import actions as case_actions
from zhifa.cases.guards import GuardRefused
from zhifa.cases.models import CaseDeadline, CaseEvent
from zhifa.cases.tasks import scan_deadlines
from zhifa.cases.workflow import StepRefused
from zhifa.core.models import Notification
from zhifa.documents.choices import DocumentKind as K
from zhifa.performance import actions
from zhifa.performance.models import CourtApplication

pytestmark = pytest.mark.django_db

# The Flow's decision is served on 2026-03-17: the six months to sue end 2026-09-17, so the
# decision is enforceable from 2026-09-18 and the court may be asked until 2026-12-17.
ENFORCEABLE, WINDOW_ENDS = date(2026, 9, 18), date(2026, 12, 17)


def _window(case) -> CaseDeadline | None:
    return (
        CaseDeadline.objects.filter(
            case=case, kind="court_application", met_on__isnull=True, cancelled=False
        )
        .order_by("-id")
        .first()
    )


def test_the_window_opens_with_the_service_of_the_decision_without_any_reminder(flow, frozen):
    case = flow.served()
    window = _window(case)
    assert window is not None
    assert (window.started_on, window.due_on) == (ENFORCEABLE, WINDOW_ENDS)


def test_a_pending_remedy_suspends_the_window_and_its_decision_moves_it(flow, frozen):
    """行政诉讼法 Art 45: after a review decision the party may sue within 15 days of receiving
    it; the window runs from the end of that period (by receipt day: test_remedy_periods)."""
    case = flow.served()
    remedy = case_actions.record_remedy(
        case, actor=flow.handler.user, kind="review", applied_on=date(2026, 4, 1), body="区政府"
    )
    assert _window(case) is None  # no window while the review is pending
    case_actions.record_remedy_result(
        remedy,
        actor=flow.handler.user,
        result="upheld",
        decided_on=date(2026, 10, 9),
        result_received_on=date(2026, 10, 9),  # handed to the party the day it was made
    )
    window = _window(case)
    assert window is not None
    # Received Oct 9 + 15 days = Sat Oct 24, so the period ends on Mon Oct 26 (a period ending
    # on a rest day ends on the next working day, 民事诉讼法 Art 85): enforceable from Oct 27.
    assert window.started_on == date(2026, 10, 27)
    assert window.due_on == date(2027, 1, 26)


def test_payment_in_full_ends_the_window(flow, frozen):
    case = flow.served()
    actions.record_payment(
        case, actor=flow.handler.user, amount=case.fine, paid_on=date(2026, 3, 20), channel="bank"
    )
    assert _window(case) is None


def _at(frozen, day: date) -> None:
    frozen.move_to(f"{day.isoformat()} 10:00 +0800")


def _unserved(flow, frozen):
    case = flow.served()
    _at(frozen, date(2026, 9, 21))
    actions.issue_reminder(case, actor=flow.handler.user, on=date(2026, 9, 21))
    return case, date(2026, 10, 30)


def _waiting(flow, frozen):
    case, _ = _unserved(flow, frozen)
    flow.serve(K.ENFORCEMENT_REMINDER, date(2026, 9, 21))
    return case, case.reminders.get().wait_until  # the 10th working day itself


def _lapsed(flow, frozen):
    case, _ = _waiting(flow, frozen)
    return case, WINDOW_ENDS + timedelta(days=1)


@pytest.mark.parametrize(
    ("state", "code", "article"),
    [
        (_unserved, "reminder_not_served", "第三十八条"),
        (_waiting, "reminder_wait", "第五十四条"),
        (_lapsed, "court_window_closed", "第53条"),
    ],
    ids=["reminder-unserved", "within-10-working-days", "window-lapsed"],
)
def test_the_court_is_asked_only_after_a_served_reminder_and_within_the_window(
    flow, frozen, state, code, article
):
    case, day = state(flow, frozen)
    _at(frozen, day)
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(GuardRefused) as refused:
        actions.apply_to_court(case, actor=flow.leader.user, on=day)
    assert refused.value.code == code
    assert article in refused.value.message
    assert CaseEvent.objects.filter(case=case).count() == events  # nothing written
    assert not CourtApplication.objects.filter(case=case).exists()


def test_the_application_meets_the_window(flow, frozen):
    case, wait_until = _waiting(flow, frozen)
    day = wait_until + timedelta(days=1)
    _at(frozen, day)
    actions.apply_to_court(case, actor=flow.leader.user, on=day)
    met = CaseDeadline.objects.get(case=case, kind="court_application", cancelled=False)
    assert met.met_on == day


def test_the_reminder_is_served_only_through_the_delivery_app(flow, frozen):
    """行政强制法 Art 38 with 民事诉讼法 Arts 87–95: the service is the delivery app's."""
    case, _ = _unserved(flow, frozen)
    with pytest.raises(StepRefused) as refused:
        actions.record_reminder_service(case, actor=flow.handler.user, served_on=date(2026, 9, 21))
    assert refused.value.code == "via_app"
    assert case.reminders.get().served_on is None


def test_the_handlers_and_leaders_are_warned_at_30_and_10_days_left_once_each(
    flow, frozen, django_capture_on_commit_callbacks
):
    case = flow.served()
    window = _window(case)
    assert window is not None

    def told() -> list[str]:
        rows = Notification.objects.filter(dedup_key__startswith="court-window:")
        return sorted(rows.values_list("user__username", flat=True))

    with (
        time_machine.travel(f"{WINDOW_ENDS - timedelta(days=31)} 09:00 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),  # notifications: on commit
    ):
        scan_deadlines.call()
    assert told() == []
    with time_machine.travel(f"{WINDOW_ENDS - timedelta(days=30)} 09:00 +0800", tick=False):
        for _ in range(2):  # the hourly scan, twice: told once
            with django_capture_on_commit_callbacks(execute=True):
                scan_deadlines.call()
    assert told() == ["handler", "handler2", "leader"]
    leader_told = Notification.objects.filter(
        user__username="leader", dedup_key__startswith="court"
    )
    assert "还剩 30 天" in leader_told.get().title
    with (
        time_machine.travel(f"{WINDOW_ENDS - timedelta(days=10)} 09:00 +0800", tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scan_deadlines.call()
    assert len(told()) == 6
    titles = leader_told.values_list("title", flat=True)
    assert any("还剩 10 天" in t and "第五十三条" in t for t in titles)
    with time_machine.travel(f"{WINDOW_ENDS + timedelta(days=1)} 09:00 +0800", tick=False):
        scan_deadlines.call()
    lapsed = CaseEvent.objects.filter(case=case, kind="deadline_missed").values_list(
        "payload", flat=True
    )
    assert "court_application" in [p["kind"] for p in lapsed]  # on record, never silent
