"""Staff pages: what is due for publication, late, or to be withdrawn; one publication with its
history; credit repair requests and their approval by a leader."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhifa.core.errors import DomainError
from zhifa.disclosure import actions, selectors
from zhifa.disclosure.models import CreditRepair, Publication
from zhifa.org.choices import Role
from zhifa.org.models import User

OVERVIEW_ROLES = frozenset({Role.LEADER, Role.LEGAL_REVIEWER})  # no administrator (三员分立)
# Handlers also open a publication to enter the party's repair request.
DETAIL_ROLES = OVERVIEW_ROLES | {Role.CASE_HANDLER}


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _require(user: User, roles: frozenset[str] = OVERVIEW_ROLES) -> None:
    if not (user.is_superuser or user.role in roles):
        raise PermissionDenied


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    _require(user)
    today = timezone.localdate()
    return render(
        request,
        "disclosure/staff/overview.html",
        {
            "o": selectors.staff_overview(today),
            "today": today,
            "is_leader": user.role == Role.LEADER,
        },
    )


@login_required
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require(user, DETAIL_ROLES)
    publication = get_object_or_404(Publication.objects.select_related("case"), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "disclosure/staff/detail.html",
        {
            "p": publication,
            "events": publication.events.select_related("actor").order_by("id"),
            "repairs": publication.repairs.select_related("requested_by", "decided_by"),
            "repair_problem": actions.repair_problem(publication, today),
            "can_request": user.role in actions.REPAIR_REQUESTERS or user.is_superuser,
            "is_leader": user.role in actions.REPAIR_DECIDERS,
        },
    )


@login_required
@require_POST
def repair_request(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    _require(user, DETAIL_ROLES)
    publication = get_object_or_404(Publication, pk=pk)
    try:
        actions.request_repair(
            publication,
            actor=user,
            proof=request.POST.get("proof", ""),
            commitment=request.POST.get("commitment") == "1",
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记信用修复申请，待负责人审批。")
    return redirect("disclosure:detail", pk=pk)


@login_required
@require_POST
def repair_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    user = _user(request)
    _require(user)
    repair = get_object_or_404(CreditRepair, pk=pk)
    try:
        if decision == "approve":
            actions.approve_repair(repair, actor=user)
            messages.success(request, "已批准信用修复，该决定停止公示。")
        elif decision == "refuse":
            actions.refuse_repair(repair, actor=user, reason=request.POST.get("reason", ""))
            messages.success(request, "已决定不予信用修复。")
        else:
            raise PermissionDenied
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("disclosure:detail", pk=repair.publication_id)
