"""Several hundred parties with valid identifiers, spread over the streets."""

from __future__ import annotations

import random

from zhifa.demo.generators.names import address, organisation_name, person_name, sole_trader_name
from zhifa.org.models import OrgUnit
from zhifa.parties import generate
from zhifa.parties.actions import find_party, register_party
from zhifa.parties.choices import IdType, PartyKind

PERSONS, ORGANISATIONS, SOLE_TRADERS, FOREIGNERS = 300, 120, 100, 5


def build_parties(rng: random.Random, streets: list[OrgUnit]) -> dict[str, int]:
    created = {"person": 0, "organisation": 0, "sole_trader": 0}

    def add(kind: str, name: str, id_type: str, number: str, **extra: object) -> None:
        if find_party(id_type, number) is not None:
            return
        street = rng.choice(streets)
        street_name = street.name.removesuffix("综合执法大队")
        register_party(
            kind=kind,
            name=name,
            id_type=id_type,
            id_number=number,
            phone=generate.random_mobile(rng),
            address=address(rng, street_name),
            street=street,
            actor=None,
            **extra,  # type: ignore[arg-type]
        )
        created[kind] += 1

    for _ in range(PERSONS):
        add(
            PartyKind.PERSON,
            person_name(rng),
            IdType.RESIDENT_ID,
            generate.random_resident_id(
                rng, region=rng.choice(["110101", "110105", "130102", "370102", "410105", "510104"])
            ),
        )
    for i in range(FOREIGNERS):
        add(
            PartyKind.PERSON,
            f"JOHN SMITH {i + 1}",
            IdType.PASSPORT,
            f"E{rng.randint(10_000_000, 90_000_000):08d}",
        )
    for _ in range(ORGANISATIONS):
        add(
            PartyKind.ORGANISATION,
            organisation_name(rng),
            IdType.USCC,
            generate.random_uscc(rng, kind="organisation"),
            legal_representative=person_name(rng),
        )
    for _ in range(SOLE_TRADERS):
        operator = person_name(rng)
        add(
            PartyKind.SOLE_TRADER,
            sole_trader_name(rng, operator),
            IdType.USCC,
            generate.random_uscc(rng, kind="sole_trader"),
            legal_representative=operator,
        )
    return created
