"""Who may see and do what. Every check is a small tested function, one condition per line.

Data scope: a street officer sees only its own street's records; everyone else in the bureau
sees the whole district. Records carry a ``street`` foreign key (an OrgUnit of kind street).

The three administrators (``zhifa.security.access``: 系统管理员, 安全管理员, 审计管理员) and an
account awaiting its role are not staff of the records: they see no case, party or document
(三员分立, ADR 0013). Who may change an account: ``can_manage_account`` / ``can_change_role``.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from zhifa.org.choices import ADMINISTRATORS, BUSINESS_ROLES, Role
from zhifa.org.models import User
from zhifa.security.access import is_security_admin, is_system_admin

NO_STREET = -1  # a street officer without a street sees nothing, not everything

STAFF_ROLES = BUSINESS_ROLES
PEOPLE_MANAGERS = frozenset({Role.LEADER, Role.ADMIN})


def is_staff_user(user: User | AnonymousUser) -> bool:
    """A member of the bureau who works with the records (cases, parties): a business role."""
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return getattr(user, "role", None) in STAFF_ROLES


def street_scope(user: User) -> int | None:
    """The id of the only street this user may see, or None for the whole district."""
    if user.is_superuser:
        return None
    if user.role != Role.STREET_OFFICER:
        return None
    if user.org_unit is None or user.org_unit.street_id is None:
        return NO_STREET
    return user.org_unit.street_id


def scope_to_street[M: Model](
    queryset: QuerySet[M], user: User, field: str = "street"
) -> QuerySet[M]:
    """``queryset`` limited to the rows this user's data scope allows."""
    street = street_scope(user)
    if street is None:
        return queryset
    return queryset.filter(**{f"{field}_id": street})


def can_manage_people(user: User) -> bool:
    """Certificates and training are recorded by leaders and administrators."""
    if user.is_superuser:
        return True
    return user.role in PEOPLE_MANAGERS


def can_see_people_lists(user: User) -> bool:
    if user.is_superuser:
        return True
    return user.role in {Role.LEADER, Role.ADMIN, Role.LEGAL_REVIEWER}


# Who assigns handlers (leaders), reviews the assignment (legal reviewers) or picks a co-handler
# of its own unit when filing a case (handlers, street officers).
ELIGIBILITY_ANY_UNIT = frozenset({Role.LEADER, Role.ADMIN, Role.LEGAL_REVIEWER})
ELIGIBILITY_OWN_UNIT = frozenset({Role.CASE_HANDLER, Role.STREET_OFFICER})


def can_check_eligibility(user: User, officer_unit_id: int | None = None) -> bool:
    """Whether ``user`` may ask if an officer of unit ``officer_unit_id`` (None: of some unit)
    may handle cases on a day (行政处罚法 Art 42): the answer tells about the officer's
    certificate. Auxiliary staff never handle cases and have no reason to ask."""
    if user.is_superuser:
        return True
    if user.role in ELIGIBILITY_ANY_UNIT:
        return True
    if user.role not in ELIGIBILITY_OWN_UNIT or user.org_unit_id is None:
        return False
    return officer_unit_id is None or user.org_unit_id == officer_unit_id


def can_manage_account(actor: User, account: User) -> bool:
    """Create, disable, rename, move an account, reset its password: the system administrator,
    for the accounts of the business roles only — never an administrator's (his own included),
    so that he cannot take over or lock out the two who check him."""
    if not is_system_admin(actor):
        return False
    if account.is_superuser:
        return False
    return account.role not in ADMINISTRATORS


def role_change_refusal(actor: User | None, account: User) -> str:
    """Why ``actor`` may not change ``account``'s role ("" if it may): only the security
    administrator, and never his own (self-escalation)."""
    if actor is None or not is_security_admin(actor):
        return "只有安全管理员可以变更账号的角色"
    if actor.pk == account.pk:
        return "不能变更自己的角色 (三员分立：角色由另一名安全管理员变更)"
    return ""
