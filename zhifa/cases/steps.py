"""Which steps of the workflow a user may take on a case now, and why the others are not.

The case page asks ``available_steps``: for each step of the case's procedure, the transition
table (``workflow.check_table``) and then the guards the action itself will apply
(``step_checks``). Nothing here decides anything the actions do not decide again under the row
lock: this module only explains, in advance, what the action would say."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from zhifa.cases.choices import CaseStatus as S
from zhifa.cases.choices import DeadlineKind
from zhifa.cases.models import Case, CaseDeadline
from zhifa.cases.step_checks import ACTOR_CHECKS, CASE_CHECKS, CONDITIONAL, Facts, none
from zhifa.cases.workflow import AFTER_DECISION, HANDLERS, LEADERS, STEPS, Step, check_table
from zhifa.core.errors import DomainError, NotAllowed
from zhifa.org.choices import Role
from zhifa.org.models import User

# 当场收缴 cash handed to the bureau (行政处罚法 Art 71). ``record_cash_handover`` is not a
# table step; the pages check it as one, so that only the case's handlers (or a leader) record it.
CASH_HANDOVER = Step(
    "cash_handover",
    "罚款交至机关",
    AFTER_DECISION | {S.CLOSED},
    None,
    HANDLERS | LEADERS,
    frozenset({"simple"}),
    handler_only=True,
)
ALL_STEPS: dict[str, Step] = {**STEPS, CASH_HANDOVER.name: CASH_HANDOVER}

# The step that meets each statutory clock (None: the party acts, or it runs out by itself).
DEADLINE_STEPS: dict[str, str] = {
    DeadlineKind.DECISION: "decide",
    DeadlineKind.EVIDENCE_PRESERVATION: "decide_preservation",
    DeadlineKind.SERVICE: "record_service",
    DeadlineKind.CASH_HANDOVER: "cash_handover",
    DeadlineKind.SIMPLE_FILING: "file_simple_decision",
    DeadlineKind.COURT_APPLICATION: "apply_to_court",
}

# Steps that leave the main road: never offered as "the next step".
SIDE_EXITS = frozenset({"reject_filing", "withdraw", "return_for_investigation"})
# Steps beside the road (possible at many stages): shown after the ones that move the case.
SIDE_STEPS = SIDE_EXITS | {
    "assign_handler",
    "recuse_handler",
    "record_remedy",
    "record_remedy_result",
}


@dataclass(frozen=True)
class StepState:
    step: Step
    allowed: bool  # this user may take the step now
    reason: str  # why not (empty when allowed)
    url: str
    current: bool = False  # the case's status is one the step starts from
    ready: bool = False  # the case is ready for the step (whoever takes it)
    others: bool = False  # the step is for other roles than the user's

    @property
    def name(self) -> str:
        return self.step.name

    @property
    def label(self) -> str:
        return self.step.label

    @property
    def who(self) -> str:
        return who_may(self.step)

    @property
    def side(self) -> bool:
        return self.name in SIDE_STEPS


# Roles in the order people name them: field officers first, the head last.
ROLE_ORDER = [
    Role.CASE_HANDLER,
    Role.STREET_OFFICER,
    Role.AUXILIARY,
    Role.LEGAL_REVIEWER,
    Role.LEADER,
    Role.ADMIN,
]


def who_may(step: Step) -> str:
    """执法队员、街道执法队员或负责人."""
    labels = [r.label for r in ROLE_ORDER if r in step.roles]
    if len(labels) < 2:
        return "".join(labels)
    return "、".join(labels[:-1]) + "或" + labels[-1]


def _table_reason(case: Case, step: Step, user: User) -> str:
    try:
        check_table(case, step, user)
    except NotAllowed as exc:
        if exc.code == "role_not_allowed":
            return f"须由{who_may(step)}办理"
        return exc.message
    except DomainError as exc:
        return exc.message
    return ""


def step_state(case: Case, step: Step, user: User, facts: Facts) -> StepState:
    in_status = case.status in step.sources
    check = CASE_CHECKS.get(step.name, none)
    try:
        problems = check(facts) if in_status else []
    except DomainError as exc:  # e.g. a period crossing a year without a holiday schedule
        problems = [exc.message]
    ready = in_status and not problems
    current = in_status and not (problems and step.name in CONDITIONAL)
    reason = _table_reason(case, step, user)
    if not reason and problems:
        reason = "；".join(problems)
    if not reason and step.name in ACTOR_CHECKS:
        reason = ACTOR_CHECKS[step.name](user, case) or ""
    url = reverse("cases:step", kwargs={"pk": case.pk, "step": step.name})
    return StepState(
        step,
        allowed=not reason,
        reason=reason,
        url=url,
        current=current,
        ready=ready,
        others=user.role not in step.roles,
    )


def available_steps(
    case: Case, user: User, on: date, *, only: Collection[str] | None = None
) -> list[StepState]:
    """Every step of the case's procedure (or those of ``only``: the steps that have a page), in
    the table's order, as ``user`` sees it on ``on``: allowed now, or not with the reason (the
    status, the role, the case's handlers, a guard)."""
    facts = Facts(case, on)
    return [
        step_state(case, step, user, facts)
        for step in ALL_STEPS.values()
        if case.procedure in step.procedures and (only is None or step.name in only)
    ]


def for_the_page(states: list[StepState]) -> tuple[list[StepState], list[StepState]]:
    """The steps of the current status as the case page shows them: the user's own (what moves
    the case, then what else they may do, then, greyed with the reason, what they may not do
    yet), and the steps that are other roles' to take."""
    current = [s for s in states if s.current]
    mine = sorted((s for s in current if not s.others), key=lambda s: (not s.allowed, s.side))
    return mine, [s for s in current if s.others]


def next_step(states: list[StepState], deadlines: Iterable[CaseDeadline] = ()) -> StepState | None:
    """The next step on the main road that the case is ready for (whoever takes it); else the
    step that meets the nearest open deadline (filing an on-the-spot decision, the cash)."""
    for state in states:
        if state.ready and state.step.target and state.name not in SIDE_EXITS:
            return state
    ready = {s.name: s for s in states if s.ready}
    for deadline in sorted(deadlines, key=lambda d: d.due_on):
        step = DEADLINE_STEPS.get(deadline.kind)
        if step in ready:
            return ready[step]
    return None
