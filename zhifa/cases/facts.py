"""What a step's preconditions look at, loaded once per question and shared by every step asked.

``problems(facts)`` functions (``preconditions``, and the steps other apps declare) read the case
through a ``Facts``: the case page asks all steps at once with one ``Facts``; the action asks its
own step under the row lock with a fresh one. Apps above ``cases`` keep what they load in
``memo`` (``facts.memo("balance", lambda: …)``) so ``cases`` never imports them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from zhifa.cases import guards
from zhifa.cases.choices import Outcome
from zhifa.cases.models import (
    Case,
    CollectiveDiscussion,
    EvidencePreservation,
    Hearing,
    PriorNotice,
    Proposal,
    Remedy,
)
from zhifa.org.models import Officer, User


class Problem(NamedTuple):
    """Why a step cannot be taken now: a machine code, the Chinese reason with its article, and
    the form field it concerns (None: the case as a whole)."""

    code: str
    message: str
    field: str | None = None


class Facts:
    """The case as the preconditions see it on ``on``, asked by ``actor`` (None: the party)."""

    def __init__(self, case: Case, on: date, actor: User | None = None) -> None:
        self.case = case
        self.on = on
        self.actor = actor
        self._memo: dict[str, Any] = {}

    def memo[T](self, key: str, load: Callable[[], T]) -> T:
        if key not in self._memo:
            self._memo[key] = load()
        return self._memo[key]

    def for_actor(self, actor: User | None) -> Facts:
        """The same loaded facts, asked by another user (the case page asks once per step)."""
        other = Facts(self.case, self.on, actor)
        other._memo = self._memo
        other.__dict__.update(
            {k: v for k, v in self.__dict__.items() if k not in ("actor", "_memo")}
        )
        return other

    @cached_property
    def handlers(self) -> list[Officer]:
        return guards.active_handlers(self.case)

    @cached_property
    def handler_problems(self) -> list[str]:
        return guards.handler_problems(self.handlers, self.on)

    @cached_property
    def proposal(self) -> Proposal | None:
        return Proposal.objects.filter(case=self.case).order_by("-id").first()

    @cached_property
    def notice(self) -> PriorNotice | None:
        return guards.latest_notice(self.case)

    @cached_property
    def hearing(self) -> Hearing | None:
        return Hearing.objects.filter(case=self.case).order_by("-id").first()

    @cached_property
    def discussion(self) -> CollectiveDiscussion | None:
        return CollectiveDiscussion.objects.filter(case=self.case).order_by("-id").first()

    @cached_property
    def preservations(self) -> list[EvidencePreservation]:
        return list(EvidencePreservation.objects.filter(case=self.case).order_by("id"))

    @cached_property
    def pending_remedy(self) -> Remedy | None:
        return Remedy.objects.filter(case=self.case, decided_on__isnull=True).first()

    @property
    def penalty_proposed(self) -> bool:
        return self.proposal is not None and self.proposal.outcome == Outcome.PENALTY

    def decision_outcome(self) -> str | None:
        """What the decision must be: the collective discussion's conclusion where one was held
        (Art 57 ¶2), else the investigation report's proposal."""
        if self.discussion is not None:
            return self.discussion.agreed_outcome
        return self.proposal.outcome if self.proposal else None


ProblemsOf = Callable[[Facts], list[Problem]]


def no_problems(facts: Facts) -> list[Problem]:
    return []
