"""What other apps show on the case's pages, without ``cases`` importing them: sections of the
case page (``CASE_SECTIONS``) and of a step's page (``PAGE_SECTIONS``), filled from the apps'
``ready()`` (performance: what is owed, the payments, plans, 催告 and the court).

A section is a template the page includes and the context it needs. Its context is merged
into the page's, so the page's own templates may show what a section computes (the decisions
section shows the party's statutory period that ``performance`` contributes).

The case page's sections get the page's ``Facts`` (the case, the day, the rows the steps read):
a section reads the case's rows through ``facts.rows(…)`` and what the steps computed through
``facts.memo(…)``, so the page loads each once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhifa.cases.facts import Facts
from zhifa.cases.models import Case
from zhifa.org.models import User

# (the page's facts: case and day, viewer) → what the case page's section shows.
CaseContext = Callable[[Facts, User], dict[str, Any]]
# (case, viewer) → what a step page's section shows (as ``registry.StepPage.context``).
PageContext = Callable[[Case, User], dict[str, Any]]


@dataclass(frozen=True)
class CaseSection:
    template: str  # included in the case page's main column, after the decisions
    context: CaseContext
    order: int = 100


@dataclass(frozen=True)
class PageSection:
    template: str  # included on the step's page after ``cases/_step_context.html``
    context: PageContext


CASE_SECTIONS: list[CaseSection] = []
# Keyed by step name: sections another app adds to a step page it does not own (performance:
# what is owed, on the 结案 page). A page's own sections are ``StepPage.sections``.
PAGE_SECTIONS: dict[str, list[PageSection]] = {}


def register_case_section(section: CaseSection) -> None:
    """Add a section to the case page (idempotent: ``ready()`` may run twice in tests)."""
    if section not in CASE_SECTIONS:
        CASE_SECTIONS.append(section)
        CASE_SECTIONS.sort(key=lambda s: s.order)


def add_page_section(step: str, section: PageSection) -> None:
    """Add a section to the page of ``step`` (idempotent)."""
    sections = PAGE_SECTIONS.setdefault(step, [])
    if section not in sections:
        sections.append(section)


def case_sections(facts: Facts, viewer: User) -> tuple[list[str], dict[str, Any]]:
    """The templates of the case page's sections, in order, and their merged context."""
    context: dict[str, Any] = {}
    for section in CASE_SECTIONS:
        context.update(section.context(facts, viewer))
    return [s.template for s in CASE_SECTIONS], context
