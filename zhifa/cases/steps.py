"""Which steps of the workflow a user may take on a case now, and why the others are not.

The case page asks ``available_steps``: for each step of the case's procedure, the transition
table (``workflow.check_table``) and then the step's own preconditions (``Step.problems``), the
same function ``workflow.lock_case`` asks under the row lock. Nothing here decides anything: it
says, in advance, what the action would say."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from zhifa.cases.facts import Facts
from zhifa.cases.models import Case, CaseDeadline
from zhifa.cases.workflow import STEPS, VIA_PAGES, Step, check_table, problems_of
from zhifa.core.errors import DomainError, NotAllowed
from zhifa.org.choices import Role
from zhifa.org.models import User

__all__ = [
    "Awaiting",
    "Facts",
    "StepState",
    "available_steps",
    "awaiting",
    "blocked_step",
    "for_the_page",
    "next_step",
    "step_state",
    "with_a_page",
]


@dataclass(frozen=True)
class StepState:
    step: Step
    allowed: bool  # this user may take the step now
    reason: str  # why not (empty when allowed)
    url: str
    current: bool = False  # the case's status is one the step starts from
    ready: bool = False  # the case is ready for the step (whoever takes it)
    others: bool = False  # the step is for other roles than the user's
    blocked_by: str = ""  # its preconditions' reasons, whoever would take it

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
        return bool(self.step.side)


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
    """How ``user`` sees ``step`` on the case now: the table first (status, role, handlers),
    then the step's preconditions — the very function ``lock_case`` asks under the lock."""
    in_status = case.status in step.sources
    problems = problems_of(step, facts.for_actor(user)) if in_status else []
    ready = in_status and not problems
    current = in_status and not (problems and step.conditional)
    reason = _table_reason(case, step, user)
    if not reason and problems:
        reason = "；".join(p.message for p in problems)
    if step.via in VIA_PAGES:  # taken in that app's pages (e.g. 送达), never by a case form
        url = reverse(VIA_PAGES[step.via], kwargs={"case_id": case.pk})
    else:
        url = reverse("cases:step", kwargs={"pk": case.pk, "step": step.name})
    return StepState(
        step,
        allowed=not reason,
        reason=reason,
        url=url,
        current=current,
        ready=ready,
        others=user.role not in step.roles,
        blocked_by="；".join(p.message for p in problems),
    )


def available_steps(
    case: Case,
    user: User,
    on: date,
    *,
    only: Collection[str] | None = None,
    facts: Facts | None = None,
) -> list[StepState]:
    """Every step of the case's procedure (or those of ``only``: the steps that have a page), in
    the table's order, as ``user`` sees it on ``on``: allowed now, or not with the reason (the
    status, the role, the case's handlers, a guard). ``facts``: the case page's, shared with
    its sections (one load of each of the case's rows for the whole page)."""
    facts = facts if facts is not None else Facts(case, on, user)
    return [
        step_state(case, step, user, facts)
        for step in STEPS.values()
        if case.procedure in step.procedures and (only is None or step.name in only)
    ]


def for_the_page(states: list[StepState]) -> tuple[list[StepState], list[StepState]]:
    """The steps of the current status as the case page shows them: the user's own (what moves
    the case, then what else they may do, then, greyed with the reason, what they may not do
    yet), and the steps that are other roles' to take."""
    current = [s for s in states if s.current]
    mine = sorted((s for s in current if not s.others), key=lambda s: (not s.allowed, s.side))
    return mine, [s for s in current if s.others]


def with_a_page(pages: Collection[str]) -> set[str]:
    """The steps a user can take from the case page: those with a case form, and those taken
    in another app's pages (``via``: the service of a document on the delivery page)."""
    return set(pages) | {name for name, step in STEPS.items() if step.via in VIA_PAGES}


def blocked_step(states: list[StepState]) -> StepState | None:
    """When nothing on the main road is ready: the main-road step the case's status waits for,
    with why it cannot be taken yet (e.g. a second qualified handler missing, Art 42) — so the
    page says what blocks the case instead of leaving the user at a dead end."""
    if any(s.ready and s.step.target and s.step.side != "exit" for s in states):
        return None
    for state in states:
        if state.current and state.step.target and not state.step.side and not state.ready:
            return state
    return None


def next_step(states: list[StepState], deadlines: Iterable[CaseDeadline] = ()) -> StepState | None:
    """The next step on the main road that the case is ready for (whoever takes it); else the
    step that meets the nearest open deadline of the bureau's (filing an on-the-spot decision,
    the cash). A period of the party's (``PARTY_PERIODS``) is awaited, not a step: see
    ``awaiting``."""
    for state in states:
        if state.ready and state.step.target and state.step.side != "exit":
            return state
    ready = [s for s in states if s.ready]
    for deadline in sorted(deadlines, key=lambda d: d.due_on):
        if deadline.awaits_party:
            continue
        for state in ready:
            if deadline.kind in state.step.meets:
                return state
    return None


@dataclass(frozen=True)
class Awaiting:
    """The case waits for the party (its statement, hearing request, payment) until a date;
    ``answers``: the steps this user records the party's answer with."""

    deadline: CaseDeadline
    answers: list[StepState]


def awaiting(states: list[StepState], deadlines: Iterable[CaseDeadline]) -> Awaiting | None:
    """The party's period the case waits on (the nearest), when nothing else is ready."""
    party = sorted((d for d in deadlines if d.awaits_party), key=lambda d: d.due_on)
    if not party:
        return None
    kind = party[0].kind
    answers = [s for s in states if s.allowed and kind in s.step.meets]
    return Awaiting(party[0], answers)
