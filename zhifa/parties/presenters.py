"""How a party is shown to a given viewer. Every page, API response and export that shows a party
goes through ``present_party``, so whether personal data is masked is decided in one place
(``access.can_see_personal_data``; 行政处罚法 Art 50)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from zhifa.org.models import User
from zhifa.parties.access import can_see_personal_data, is_natural_person
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.masking import mask_address, mask_id_number, mask_name, mask_phone
from zhifa.parties.models import Party


@dataclass(frozen=True)
class PartyView:
    pk: int
    kind: str
    kind_label: str
    name: str
    id_type: str
    id_type_label: str
    id_number: str
    phone: str
    address: str
    legal_representative: str
    legal_representative_id_number: str
    street_id: int | None
    street_name: str
    masked: bool  # True: the viewer may not see personal data, and what is personal is masked

    @property
    def is_person(self) -> bool:
        return self.kind == PartyKind.PERSON


def present_party(party: Party, viewer: User | AnonymousUser) -> PartyView:
    """``party`` as ``viewer`` may see it. An organisation's name, credit code and address are
    public registration data and always shown whole; its legal representative's ID number and
    the contact phone are personal data."""
    whole = can_see_personal_data(viewer, party)
    person = is_natural_person(party)

    def personal(value: str, mask: Callable[[str], str]) -> str:
        return value if whole else mask(value)

    def if_person(value: str, mask: Callable[[str], str]) -> str:
        return personal(value, mask) if person else value

    return PartyView(
        pk=party.pk,
        kind=party.kind,
        kind_label=PartyKind(party.kind).label,
        name=if_person(party.name, mask_name),
        id_type=party.id_type,
        id_type_label=IdType(party.id_type).label,
        id_number=if_person(party.id_number, mask_id_number),
        phone=personal(party.phone, mask_phone),
        address=if_person(party.address, mask_address),
        legal_representative=if_person(party.legal_representative, mask_name),
        legal_representative_id_number=personal(
            party.legal_representative_id_number, mask_id_number
        ),
        street_id=party.street_id,
        street_name=party.street.name if party.street_id and party.street else "",
        masked=not whole,
    )


def present_parties(parties: Iterable[Party], viewer: User | AnonymousUser) -> list[PartyView]:
    """For lists: select_related("street") on the queryset keeps this to one query."""
    return [present_party(p, viewer) for p in parties]


# The encrypted columns (ADR 0012). A list that shows a party by its name only defers them
# (``.defer(*deferred("party__"))``): no row pays for decrypting four values it never shows.
ENCRYPTED_FIELDS = ("id_number", "phone", "address", "legal_representative_id_number")


def deferred(prefix: str = "") -> list[str]:
    return [prefix + name for name in ENCRYPTED_FIELDS]


@dataclass(frozen=True)
class PartyName:
    """A party as a list row shows it: its name, masked as ``present_party`` masks it."""

    pk: int
    kind: str
    name: str
    masked: bool


def present_party_name(party: Party, viewer: User | AnonymousUser) -> PartyName:
    """The name only, without reading (or decrypting) the personal columns, which a list
    defers."""
    whole = can_see_personal_data(viewer, party)
    name = party.name if whole or not is_natural_person(party) else mask_name(party.name)
    return PartyName(pk=party.pk, kind=party.kind, name=name, masked=not whole)
