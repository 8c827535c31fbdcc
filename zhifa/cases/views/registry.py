"""One page per step: the form to fill, the action it calls, what the page shows beside it.

Each ``perform`` parses nothing and decides nothing: it hands the form's cleaned data to the
action and says, in Chinese, what was done.

The case's own pages are in ``pages_intake``, ``pages_decision`` and ``pages_after``; other apps
register theirs with the same ``@page`` from their ``ready()`` (``zhifa.performance.pages``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zhifa.cases.forms.base import StepForm
from zhifa.cases.models import Case
from zhifa.cases.views.sections import PAGE_SECTIONS, PageSection
from zhifa.org.models import User

Perform = Callable[[Case, StepForm, User], str]
Context = Callable[[Case, User], dict[str, Any]]


@dataclass(frozen=True)
class StepPage:
    form: type[StepForm]
    perform: Perform
    context: Context | None = None  # what the page shows beside the form
    intro: str = ""  # the rule, in a sentence, with its article
    button: str = ""  # the submit button (default: the step's label)
    danger: bool = False
    sections: tuple[PageSection, ...] = ()  # templates of the page's app shown beside the form


PAGES: dict[str, StepPage] = {}


def all_pages() -> dict[str, StepPage]:
    """Every step page (the modules register themselves on import; other apps' page modules
    are imported from their ``ready()``)."""
    from zhifa.cases.views import pages_after, pages_decision, pages_intake  # noqa: F401

    return PAGES


def page(name: str, form: type[StepForm], **kwargs: Any) -> Callable[[Perform], Perform]:
    def register(perform: Perform) -> Perform:
        PAGES[name] = StepPage(form, perform, **kwargs)
        return perform

    return register


def sections_of(name: str) -> list[PageSection]:
    """What the page of step ``name`` shows beside its form: its own sections, then those other
    apps add (``sections.PAGE_SECTIONS``)."""
    return [*PAGES[name].sections, *PAGE_SECTIONS.get(name, ())]


def version(form: StepForm) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value is not None else None
