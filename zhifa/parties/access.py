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
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from zhifa.org.access import is_staff_user, scope_to_street, street_scope
from zhifa.org.choices import Role
from zhifa.org.models import User
from zhifa.parties.models import Party

# Roles that see personal data of every party they can see. No administrator (三员分立, ADR
# 0013: the system administrator keeps units, users and the catalog, not case data).
PERSONAL_DATA_ROLES = frozenset({Role.CASE_HANDLER, Role.LEGAL_REVIEWER, Role.LEADER})
# Roles that register and correct parties (the street officer within its street).
REGISTRAR_ROLES = frozenset(
    {Role.CASE_HANDLER, Role.LEGAL_REVIEWER, Role.LEADER, Role.STREET_OFFICER}
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


def can_search_by_identifier(user: User | AnonymousUser) -> bool:
    """Finding a party by its full ID number tells the searcher that this person is a party, so
    it is for those who may see the number: auxiliary staff search by name only. A street
    officer searches its own street's parties (whose data it sees whole)."""
    if not isinstance(user, User) or not is_staff_user(user):
        return False
    if user.is_superuser:
        return True
    return user.role in PERSONAL_DATA_ROLES or user.role == Role.STREET_OFFICER


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


# One row of the security audit log per account and party an hour: a page reloaded ten times is
# one sight of the data, and a flood of identical rows would bury the ones that matter.
PERSONAL_VIEW_WINDOW = 3600  # seconds


def is_natural_person(party: Party) -> bool:
    """A person, or a sole trader known only by its operator's resident ID (no business
    licence): its name and address are then a natural person's too."""
    from zhifa.parties.choices import IdType, PartyKind

    return party.kind == PartyKind.PERSON or party.id_type != IdType.USCC


def holds_personal_data(party: Party) -> bool:
    """A natural person, or an organisation whose legal representative's ID number or contact
    phone is on file."""
    if is_natural_person(party):
        return True
    return bool(party.legal_representative_id_number or party.phone)


def note_personal_data_view(request: HttpRequest, party: Party, *, where: str) -> None:
    """Record that the signed-in account was shown ``party``'s personal data unmasked
    (个人信息保护法 Arts 51, 54; GB/T 22239-2019 §8.1.4.3: 重要的用户行为): on the party's
    page, the case page and their API reads. Masked views record nothing. The row names the
    party by its number and masked name, never by the data it saw."""
    from zhifa.parties.masking import mask_name
    from zhifa.security.actions import Target, record_once
    from zhifa.security.choices import EventKind

    user = getattr(request, "user", None)
    if user is None or not holds_personal_data(party) or not can_see_personal_data(user, party):
        return
    record_once(
        EventKind.PERSONAL_DATA_VIEWED,
        key=f"{user.pk}:{party.pk}",
        window=PERSONAL_VIEW_WINDOW,
        request=request,
        target=Target("parties.party", str(party.pk), mask_name(party.name)),
        detail={"where": where},
    )
