"""What the case views share: the user, paging, and the form cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest

from zhifa.cases.forms.base import CaseForm, initial_from
from zhifa.cases.workflow import expecting_version
from zhifa.core.counting import CappedPaginator
from zhifa.core.errors import DomainError
from zhifa.org.models import User

PAGE_SIZE = 50


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)  # every view is login_required


def paginate(request: HttpRequest, rows: QuerySet, size: int = PAGE_SIZE) -> Page:
    """A page of ``rows`` over a count that stops at ``ZHIFA_COUNT_CAP`` (core.counting)."""
    return CappedPaginator(rows, size).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The current query string minus ``page`` (for the pager's links)."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


FIND_PARTY = "find_party"  # the "查找" button: show the parties found, submit nothing


def submit(
    request: HttpRequest,
    form_class: type[CaseForm],
    perform: Callable[[CaseForm], Any],
    **kwargs: Any,
) -> tuple[CaseForm, Any, int]:
    """The life of every case form page. GET (or the 查找 button): the form, filled in from the
    query string (or what was typed). POST: parse the form and call ``perform`` with it.
    Returns (form, result, HTTP status): the result is None unless the action succeeded; a
    refusal is shown on the form."""
    user = user_of(request)
    if request.method == "POST" and FIND_PARTY in request.POST:
        return (
            form_class(initial=initial_from(request.POST, form_class), user=user, **kwargs),
            None,
            200,
        )
    if request.method != "POST":
        # A link may fill in the form (``?party=12&party_q=…``).
        return (
            form_class(initial=initial_from(request.GET, form_class), user=user, **kwargs),
            None,
            200,
        )
    form = form_class(request.POST, request.FILES, user=user, **kwargs)
    if not form.is_valid():
        return form, None, 422  # bad input, as the actions' InvalidInput
    try:
        # Every step page carries the case version it showed (StepForm.version): the step's
        # lock_case refuses a stale page (409 stale_version), whichever action it calls.
        with expecting_version(form.cleaned_data.get("version")):
            return form, perform(form), 200
    except DomainError as exc:
        form.show_error(exc)
        return form, None, exc.status
