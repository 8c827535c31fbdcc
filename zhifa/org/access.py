"""Who may see and do what. Every check is a small tested function, one condition per line.

Data scope: a street officer sees only its own street's records; everyone else in the bureau
sees the whole district. Records carry a ``street`` foreign key (an OrgUnit of kind street).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

from zhifa.org.choices import Role
from zhifa.org.models import User

NO_STREET = -1  # a street officer without a street sees nothing, not everything

STAFF_ROLES = frozenset(Role.values)
PEOPLE_MANAGERS = frozenset({Role.LEADER, Role.ADMIN})


def is_staff_user(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "role", None))


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
