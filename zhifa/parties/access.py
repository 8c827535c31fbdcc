"""Who may see which parties, and who may see a party's personal data whole.

Data scope (``zhifa.org.access``): a street officer sees only the parties of its own street;
everyone else in the bureau sees the whole district.

Personal data (行政处罚法 Art 50, personal privacy): a natural person's name, ID number, phone
and address, and an organisation's legal representative's ID number and phone, are shown whole
only to those who handle, review or decide cases. Auxiliary staff (辅助人员) assist but do not
handle cases (Art 42), so they see masked data; so does anyone outside the bureau.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhifa.org.access import is_staff_user, scope_to_street, street_scope
from zhifa.org.choices import Role
from zhifa.org.models import User
from zhifa.parties.models import Party

# Roles that see personal data of every party they can see.
PERSONAL_DATA_ROLES = frozenset({Role.CASE_HANDLER, Role.LEGAL_REVIEWER, Role.LEADER, Role.ADMIN})
# Roles that register and correct parties (the street officer within its street).
REGISTRAR_ROLES = frozenset(
    {Role.CASE_HANDLER, Role.LEGAL_REVIEWER, Role.LEADER, Role.ADMIN, Role.STREET_OFFICER}
)


def can_see_party_list(user: User | AnonymousUser) -> bool:
    """Every member of the bureau, auxiliary staff included (masked): on site they need to
    find out whether a party is already registered."""
    return is_staff_user(user)


def parties_visible_to(user: User | AnonymousUser) -> QuerySet[Party]:
    if not isinstance(user, User) or not is_staff_user(user):
        return Party.objects.none()
    return scope_to_street(Party.objects.all(), user)


def get_party_for_view(user: User | AnonymousUser, pk: int) -> Party:
    """The party, or Http404 if there is none, or PermissionDenied if it is outside the user's
    data scope."""
    party = get_object_or_404(Party.objects.select_related("street"), pk=pk)
    if not parties_visible_to(user).filter(pk=party.pk).exists():
        raise PermissionDenied
    return party


def _in_own_street(user: User, party: Party) -> bool:
    street = street_scope(user)
    return street is not None and street == party.street_id


def can_see_personal_data(user: User | AnonymousUser, party: Party) -> bool:
    if not isinstance(user, User) or not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    if user.role in PERSONAL_DATA_ROLES:
        return True
    if user.role == Role.STREET_OFFICER:
        return _in_own_street(user, party)
    return False  # auxiliary staff and any role added later: masked until decided


def can_register_parties(user: User | AnonymousUser) -> bool:
    """Registering needs the whole ID number, so only those who may see it register."""
    if not isinstance(user, User) or not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    return user.role in REGISTRAR_ROLES


def can_edit_party(user: User | AnonymousUser, party: Party) -> bool:
    if not can_register_parties(user):
        return False
    if not parties_visible_to(user).filter(pk=party.pk).exists():
        return False
    return can_see_personal_data(user, party)
