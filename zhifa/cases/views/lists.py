"""The case list with its filters, and the deadline lists (mine, my unit, overdue)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zhifa.cases import selectors
from zhifa.cases.forms import CaseFilterForm
from zhifa.cases.models import CaseDeadline
from zhifa.cases.presenters import case_rows, deadline_rows
from zhifa.cases.views._common import paginate, query_without_page, user_of
from zhifa.org.access import street_scope

MORE_FILTERS = ("procedure", "category", "street", "mine", "overdue", "date_from", "date_to")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    today = timezone.localdate()
    form = CaseFilterForm(request.GET or None)
    if street_scope(user) is not None:
        del form.fields["street"]  # a street officer sees one street anyway
    filters = form.filters() if request.GET else selectors.CaseFilters()
    page = paginate(request, selectors.case_list(user, filters, today))
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "rows": case_rows(page.object_list, user, today),
            "query": query_without_page(request),
            "filtered": any(request.GET.get(k) for k in form.fields),
            "more": any(request.GET.get(k) for k in MORE_FILTERS),
            "today": today,
        },
    )


TABS = {"mine": "我承办的", "unit": "本单位", "overdue": "已逾期"}


@login_required
def deadline_list(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    today = timezone.localdate()
    tab = request.GET.get("tab", "mine")
    if tab not in TABS:
        tab = "mine"
    unit = user.org_unit
    if tab == "unit" and unit is not None:
        rows = selectors.deadlines_for_unit(unit, today, viewer=user)
    elif tab == "overdue":
        rows = selectors.overdue_deadlines(user, today)
    elif tab == "unit":
        rows = CaseDeadline.objects.none()
    else:
        rows = selectors.deadlines_for_user(user, today)
    page = paginate(request, rows)
    return render(
        request,
        "cases/deadline_list.html",
        {
            "tab": tab,
            "tabs": TABS,
            "unit": unit,
            "page": page,
            "rows": deadline_rows(page.object_list, user, today),
            "query": query_without_page(request),
            "days": selectors.warning_days(),
            "today": today,
        },
    )
