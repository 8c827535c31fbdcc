"""Who may see and act on a case. One condition per line; each getter is tested."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhifa.cases.models import Case
from zhifa.org.access import scope_to_street, street_scope
from zhifa.org.choices import Role
from zhifa.org.models import User

BUREAU_READERS = frozenset(
    {Role.CASE_HANDLER, Role.LEGAL_REVIEWER, Role.LEADER, Role.ADMIN, Role.AUXILIARY}
)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case this user may read: the district for the bureau, one street for a street
    officer, nothing for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return Case.objects.none()
    if user.role == Role.STREET_OFFICER:
        return scope_to_street(Case.objects.all(), user)
    if user.role in BUREAU_READERS or user.is_superuser:
        return Case.objects.all()
    return Case.objects.none()


def get_case_for_view(user: User, pk: int) -> Case:
    return get_object_or_404(cases_visible_to(user), pk=pk)


def get_case_by_number(user: User, number: str) -> Case:
    return get_object_or_404(cases_visible_to(user), number=number)


def is_active_handler(user: User, case: Case) -> bool:
    return case.handlers.filter(officer__user=user, recused_on__isnull=True).exists()


def can_act_on(user: User, case: Case, *, handler_only: bool) -> bool:
    """Scope first (a street officer acts only on its street's cases), then, for steps that are
    the handlers' own (signing transcripts, notices), the actor must be an active handler."""
    scope = street_scope(user)
    if scope is not None and case.street_id != scope:
        return False
    if handler_only:
        return is_active_handler(user, case)
    return True


def require_visible(user: User, case: Case) -> None:
    if not cases_visible_to(user).filter(pk=case.pk).exists():
        raise PermissionDenied
