"""Who may do what with documents beyond the workflow table (which decides who issues them)."""

from __future__ import annotations

from zhifa.cases.access import cases_visible_to
from zhifa.cases.models import Case
from zhifa.org.choices import Role
from zhifa.org.models import User

# Staff who issue documents (the issue_document step's roles) and administrators.
RERENDER_ROLES = frozenset(
    {Role.CASE_HANDLER, Role.STREET_OFFICER, Role.LEADER, Role.LEGAL_REVIEWER, Role.ADMIN}
)


def can_rerender(user: User, case: Case) -> bool:
    """重新生成 a failed render: staff (not auxiliaries) who may see the case — also after it is
    archived, since a retry adds files to a document that exists, not a new document."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.role not in RERENDER_ROLES and not user.is_superuser:
        return False
    return cases_visible_to(user).filter(pk=case.pk).exists()
