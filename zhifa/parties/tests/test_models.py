"""The database itself refuses what the actions refuse: one party per identifier, and documents
that fit the kind of party. Rows are created directly here on purpose, bypassing the actions."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.models import Party, identity_index
from zhifa.parties.tests.conftest import ID15, ID18, USCC


def _row(**fields) -> Party:
    values = {
        "kind": PartyKind.PERSON,
        "name": "张三",
        "id_type": IdType.RESIDENT_ID,
        "id_number": ID18,
        "identity_index": identity_index(IdType.RESIDENT_ID, ID18),
    }
    values.update(fields)
    with transaction.atomic():
        return Party.objects.create(**values)


def test_it_allows_one_party_per_identifier(db):
    _row(id_number=ID18)
    with pytest.raises(IntegrityError):
        _row(id_number=ID15)


def test_it_allows_the_same_number_under_different_document_types(db):
    passport = identity_index(IdType.PASSPORT, "E12345678")
    other = identity_index(IdType.OTHER, "E12345678")
    _row(id_type=IdType.PASSPORT, id_number="E12345678", identity_index=passport)
    _row(id_type=IdType.OTHER, id_number="E12345678", identity_index=other)
    assert Party.objects.count() == 2


@pytest.mark.parametrize(
    ("kind", "id_type", "number"),
    [
        (PartyKind.ORGANISATION, IdType.RESIDENT_ID, ID18),
        (PartyKind.ORGANISATION, IdType.PASSPORT, "E12345678"),
        (PartyKind.PERSON, IdType.USCC, USCC),
        (PartyKind.SOLE_TRADER, IdType.PASSPORT, "E12345678"),
    ],
)
def test_it_refuses_a_document_that_does_not_fit_the_kind(db, kind, id_type, number):
    with pytest.raises(IntegrityError):
        _row(kind=kind, id_type=id_type, id_number=number, identity_index=number)
    assert not Party.objects.exists()
