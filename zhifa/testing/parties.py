"""Factories for parties. They register through ``actions.register_party`` (like every other
writer), so a factory-made party is valid by the same rules as a real one.

Identifiers are unique by construction for the first 20 million parties (no birthday-paradox
collisions between tests): the sequence number picks the birth date and sequence code.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import factory

from zhifa.parties import actions
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.generate import (
    make_resident_id,
    make_uscc,
    random_address,
    random_company_name,
    random_mobile,
    random_person_name,
    random_shop_name,
)
from zhifa.parties.models import Party

_BORN_BASE = date(1950, 1, 1)
_DAYS = 20000  # 1950-01-01 … 2004-10: every factory-made person is an adult


def _rng(n: int) -> random.Random:
    return random.Random(n)


def unique_resident_id(n: int) -> str:
    # 37 is coprime with 20000, so n → day is one-to-one within each block of 20000.
    born = _BORN_BASE + timedelta(days=(n * 37) % _DAYS)
    return make_resident_id(region="110101", born=born, sequence=(n // _DAYS) % 1000)


def unique_uscc(n: int, kind: str) -> str:
    return make_uscc(kind=kind, org_code_body=f"{(n * 7919) % 10**8:08d}")


def _id_number(o: Any, n: int) -> str:
    if o.id_type == IdType.USCC:
        return unique_uscc(n, o.kind)
    if o.id_type == IdType.RESIDENT_ID:
        return unique_resident_id(n)
    return f"E{(n * 7919) % 10**8:08d}"


def _name(o: Any, n: int) -> str:
    if o.kind == PartyKind.ORGANISATION:
        return random_company_name(_rng(n))
    if o.kind == PartyKind.SOLE_TRADER:
        return random_shop_name(_rng(n))
    return random_person_name(_rng(n))


class PartyFactory(factory.django.DjangoModelFactory):
    """A natural person with a valid resident ID by default; ``kind=...`` alone is enough for
    the other kinds (the document type follows)."""

    class Meta:
        model = Party

    kind = PartyKind.PERSON
    id_type = factory.LazyAttribute(
        lambda o: IdType.RESIDENT_ID if o.kind == PartyKind.PERSON else IdType.USCC
    )
    name = factory.LazyAttributeSequence(_name)
    id_number = factory.LazyAttributeSequence(_id_number)
    phone = factory.Sequence(lambda n: random_mobile(_rng(n)))
    address = factory.Sequence(lambda n: random_address(_rng(n)))
    legal_representative = factory.LazyAttributeSequence(
        lambda o, n: "" if o.kind == PartyKind.PERSON else random_person_name(_rng(n + 1))
    )
    legal_representative_id_number = ""
    street = None

    @classmethod
    def _create(cls, model_class: type[Party], *args: Any, **kwargs: Any) -> Party:
        actor = kwargs.pop("actor", None)
        return actions.register_party(**kwargs, actor=actor)


def person(**kwargs: Any) -> Party:
    return PartyFactory.create(kind=PartyKind.PERSON, **kwargs)


def organisation(**kwargs: Any) -> Party:
    """A company (法人) with a "91…" credit code and a legal representative."""
    return PartyFactory.create(kind=PartyKind.ORGANISATION, **kwargs)


def sole_trader(*, with_code: bool = True, **kwargs: Any) -> Party:
    """个体工商户: with a "92…" credit code, or (``with_code=False``) known by the operator's
    resident ID."""
    if not with_code:
        kwargs.setdefault("id_type", IdType.RESIDENT_ID)
    return PartyFactory.create(kind=PartyKind.SOLE_TRADER, **kwargs)
