"""A notification that asks for work stops asking once the work is done (issue 9 §2): every
leader is told of a filing request, and when one of them approves it, the others' inboxes no
longer count it; a deadline reminder is settled when the deadline is met."""

from __future__ import annotations

import pytest

from zhifa.cases import actions
from zhifa.cases.tasks import scan_deadlines
from zhifa.cases.tests.pages_helpers import at, day
from zhifa.cases.tests.test_pages_intake import pending
from zhifa.core.models import Notification
from zhifa.core.notifications import unread_count
from zhifa.org.choices import Role
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


def test_a_filing_approved_by_one_leader_is_settled_for_every_leader(
    flow, frozen, leader, django_capture_on_commit_callbacks
):
    other = f.UserFactory(username="leader2", name="王副主任", role=Role.LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        case = pending(flow)
    assert unread_count(other) == 1
    assert unread_count(leader.user) == 1
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_filing(case, actor=leader.user, on=day(0))
    assert unread_count(other) == 0
    assert unread_count(leader.user) == 0
    assert Notification.objects.filter(kind="filing_request").count() == 2  # kept, read


def test_a_rejected_filing_is_settled_too(flow, frozen, leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = pending(flow)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject_filing(case, actor=leader.user, reason="不属于本机关管辖", on=day(0))
    assert unread_count(leader.user) == 0


def test_another_cases_request_stays_unread(
    flow, frozen, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = pending(flow)
        flow.case = None
        pending(flow)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve_filing(first, actor=leader.user, on=day(0))
    assert unread_count(leader.user) == 1


def test_a_deadline_reminder_is_settled_when_the_deadline_is_met(
    flow, frozen, handler, django_capture_on_commit_callbacks
):
    case = flow.notified()  # the statement period runs to 2026-03-17
    at(frozen, 13)
    with django_capture_on_commit_callbacks(execute=True):
        scan_deadlines.call()
    soon = Notification.objects.filter(
        user=handler.user, kind="deadline_soon", title__contains="陈述申辩期限"
    )
    assert soon.filter(read_at__isnull=True).exists()
    with django_capture_on_commit_callbacks(execute=True):
        actions.record_statement(
            case, actor=handler.user, content="我方已整改", received_on=day(13)
        )
    assert not soon.filter(read_at__isnull=True).exists()
