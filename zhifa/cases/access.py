"""Who may see and act on a case. One condition per line; each getter is tested."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhifa.cases.facts import prefetched
from zhifa.cases.models import Case
from zhifa.org.access import scope_to_street, street_scope
from zhifa.org.choices import Role
from zhifa.org.models import User

# The bureau's business roles. Not the three administrators (系统管理员, 安全管理员, 审计管理员)
# nor an account awaiting its role: 三员分立 gives them no case data (ADR 0013; their pages are
# refused by ``zhifa.security.separation``, and this getter answers the same everywhere else).
BUREAU_READERS = frozenset({Role.CASE_HANDLER, Role.LEGAL_REVIEWER, Role.LEADER, Role.AUXILIARY})


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Every case this user may read: the district for the bureau, one street for a street
    officer, nothing for anyone else (the administrators included)."""
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
    handlers = prefetched(case, "handlers")  # the case page loads them once, with officers
    if handlers is not None:
        return any(h.recused_on is None and h.officer.user_id == user.pk for h in handlers)
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


def note_evidence_opened(request: Any, case: Case, file: Any) -> None:
    """Evidence may show people, their papers and homes (GB/T 22239-2019 §8.1.4.3; 个人信息保护法
    Art 51): each account's opening of a file — on the case page or through the API — is a row
    of the security audit log, once an hour per account and file; thumbnails are not."""
    from zhifa.security.actions import Target, record_once
    from zhifa.security.choices import EventKind

    record_once(
        EventKind.DOCUMENT_DOWNLOADED,
        key=f"evidence:{request.user.pk}:{file.pk}",
        request=request,
        target=Target("cases.evidencefile", str(file.pk), f"{case.number} 证据：{file.name}"[:200]),
        detail={"case": case.number, "kind": "evidence", "content_type": file.content_type},
    )
