"""The transition table is the guard "no step skipped or repeated": every step refused from
every status it does not start from, and for every role that may not take it (HTTP 409/403,
nothing written)."""

from datetime import date

import pytest
from django.db import transaction

from zhifa.cases.choices import CaseStatus, HandlerRole, Procedure
from zhifa.cases.models import Case, CaseEvent, CaseHandler
from zhifa.cases.workflow import STEPS, StepRefused, lock_case
from zhifa.core.errors import NotAllowed
from zhifa.org.choices import Role

pytestmark = pytest.mark.django_db

DISALLOWED_STATUS = [
    (name, status)
    for name, step in STEPS.items()
    for status in CaseStatus.values
    if status not in step.sources
]
DISALLOWED_ROLE = [
    (name, role) for name, step in STEPS.items() for role in Role.values if role not in step.roles
]
WRONG_PROCEDURE = [
    (name, procedure)
    for name, step in STEPS.items()
    for procedure in Procedure.values
    if procedure not in step.procedures
]


def _case(unit, procedure="general", status="clue") -> Case:
    return Case.objects.create(
        number=f"T-{Case.objects.count() + 1}",
        procedure=procedure,
        status=status,
        source="patrol",
        handling_unit=unit,
        found_on=date(2026, 3, 2),
    )


@pytest.fixture
def personas(
    handler,
    auxiliary,
    reviewer,
    leader,
    street_officer,
    system_admin,
    security_admin,
    audit_admin,
    unassigned,
):
    return {
        Role.CASE_HANDLER: handler,
        Role.AUXILIARY: auxiliary,
        Role.LEGAL_REVIEWER: reviewer,
        Role.LEADER: leader,
        Role.STREET_OFFICER: street_officer,
        # 三员分立 (ADR 0013): the three administrators and a new account take no step
        Role.ADMIN: system_admin,
        Role.SECURITY_ADMIN: security_admin,
        Role.AUDIT_ADMIN: audit_admin,
        Role.UNASSIGNED: unassigned,
    }


def _try(case, name, user):
    with transaction.atomic():
        lock_case(case, name, actor=user)


@pytest.mark.parametrize(("name", "status"), DISALLOWED_STATUS)
def test_a_step_is_refused_from_every_status_it_does_not_start_from(name, status, bureau, personas):
    step = STEPS[name]
    procedure = next(iter(step.procedures))
    case = _case(bureau, procedure, status)
    role = next(iter(step.roles))
    user = personas[role].user
    if personas[role].officer:
        CaseHandler.objects.create(
            case=case,
            officer=personas[role].officer,
            role=HandlerRole.LEAD,
            assigned_on=date(2026, 3, 2),
        )
    with pytest.raises(StepRefused) as exc:
        _try(case, name, user)
    assert exc.value.code == "step_not_allowed"
    assert exc.value.status == 409
    assert step.label in exc.value.message
    assert not CaseEvent.objects.filter(case=case).exists()


@pytest.mark.parametrize(("name", "role"), DISALLOWED_ROLE)
def test_a_step_is_refused_for_every_role_that_may_not_take_it(name, role, bureau, personas):
    step = STEPS[name]
    case = _case(bureau, next(iter(step.procedures)), next(iter(step.sources)))
    with pytest.raises(NotAllowed) as exc:
        _try(case, name, personas[role].user)
    assert exc.value.code == "role_not_allowed"
    assert exc.value.status == 403


@pytest.mark.parametrize(("name", "procedure"), WRONG_PROCEDURE)
def test_a_step_of_one_procedure_is_refused_in_the_other(name, procedure, bureau, personas):
    step = STEPS[name]
    case = _case(bureau, procedure, next(iter(step.sources)))
    with pytest.raises(StepRefused) as exc:
        _try(case, name, personas[next(iter(step.roles))].user)
    assert exc.value.code == "wrong_procedure"


def test_handler_steps_are_refused_to_a_handler_of_another_case(bureau, handler, handler2):
    """Signing steps belong to the case's own handlers (Art 42)."""
    case = _case(bureau, status=CaseStatus.INVESTIGATING)
    CaseHandler.objects.create(
        case=case, officer=handler2.officer, role=HandlerRole.LEAD, assigned_on=date(2026, 3, 2)
    )
    with pytest.raises(NotAllowed) as exc:
        _try(case, "submit_report", handler.user)
    assert exc.value.code == "not_your_case"


def test_a_recused_handler_can_no_longer_act(bureau, handler):
    case = _case(bureau, status=CaseStatus.INVESTIGATING)
    CaseHandler.objects.create(
        case=case,
        officer=handler.officer,
        role=HandlerRole.LEAD,
        assigned_on=date(2026, 3, 2),
        recused_on=date(2026, 3, 3),
    )
    with pytest.raises(NotAllowed):
        _try(case, "record_transcript", handler.user)


def test_a_street_officer_acts_only_on_its_street(bureau, east_street, west_street, street_officer):
    case = _case(bureau, status=CaseStatus.CLUE)
    case.street = west_street
    case.save()
    with pytest.raises(NotAllowed) as exc:
        _try(case, "add_evidence", street_officer.user)
    assert exc.value.code == "not_your_case"


def test_a_stale_version_is_refused(bureau, leader):
    case = _case(bureau, status=CaseStatus.FILING_PENDING)
    with pytest.raises(StepRefused) as exc, transaction.atomic():
        lock_case(case, "approve_filing", actor=leader.user, expected_version=case.version + 1)
    assert exc.value.code == "stale_version"
