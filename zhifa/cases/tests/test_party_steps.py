"""Steps the party takes itself (through its page after electronic service) run with no staff
actor — only those marked ``party_may`` in the table — and service dates move the clocks."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from zhifa.cases import actions
from zhifa.cases.models import CaseDeadline
from zhifa.cases.workflow import STEPS, lock_case, through
from zhifa.core.errors import NotAllowed

pytestmark = pytest.mark.django_db

PARTY_STEPS = sorted(n for n, s in STEPS.items() if s.party_may)
STAFF_STEPS = sorted(n for n, s in STEPS.items() if not s.party_may)


def test_the_party_steps_are_exactly_these():
    assert PARTY_STEPS == [
        "record_notice_service",
        "record_reminder_service",
        "record_service",
        "record_statement",
        "request_hearing",
    ]


@pytest.mark.parametrize("name", STAFF_STEPS)
def test_every_other_step_needs_a_staff_actor(name, flow, frozen):
    case = flow.clue()
    step = STEPS[name]
    case.status = next(iter(step.sources))
    case.procedure = next(iter(step.procedures))
    case.save()
    with pytest.raises(NotAllowed) as exc, transaction.atomic():
        lock_case(case, name, actor=None)
    assert exc.value.code == "staff_only"


def test_the_party_states_its_defence_without_a_staff_actor(flow, frozen):
    case = flow.notified()
    statement = actions.record_statement(
        case, actor=None, content="我已停止施工并恢复路面", received_on=flow.day + timedelta(days=9)
    )
    assert statement.case == case
    assert case.events.order_by("-seq").first().actor is None


def test_the_notice_service_date_restarts_the_statement_and_hearing_clocks(flow, frozen):
    """Art 44/64(1): the periods run from actual service (electronic: when the party opened it)."""
    from decimal import Decimal

    flow.item = flow.item.__class__.objects.get(code="RQ-001")
    flow.fine, flow.kinds = Decimal("150000"), ["fine"]
    case = flow.notified()  # notice "served" Mar 10 by default
    with through("delivery"):  # as the delivery app records it when the party opens it
        notice = actions.record_notice_service(
            case, actor=None, served_on=date(2026, 3, 13), mode="electronic"
        )
    assert notice.statement_due == date(2026, 3, 20)  # 5 WD after Fri Mar 13
    assert notice.hearing_request_due == date(2026, 3, 20)
    open_due = CaseDeadline.objects.get(case=case, kind="statement", cancelled=False)
    assert open_due.due_on == date(2026, 3, 20)


def test_the_notice_service_date_cannot_move_after_the_party_answered(flow, frozen):
    from zhifa.core.errors import DomainError

    case = flow.notified()
    actions.record_statement(case, actor=None, content="申辩", received_on=date(2026, 3, 11))
    with pytest.raises(DomainError, match="已就告知书作出答复"), through("delivery"):
        actions.record_notice_service(case, actor=None, served_on=date(2026, 3, 12))


def test_the_reminder_service_date_restarts_the_10_working_days(flow, frozen):
    from zhifa.performance import actions as perf

    case = flow.served()
    perf.issue_reminder(case, actor=flow.handler.user, on=date(2026, 9, 18))
    with through("delivery"):  # as the delivery app records it (行政强制法 Art 38)
        reminder = perf.record_reminder_service(case, actor=None, served_on=date(2026, 9, 21))
    assert reminder.wait_until == date(2026, 10, 12)
