"""A party's ID number, phone and address are stored encrypted (docs/adr/0012): the database
holds tokens, exact lookups and "one party per identifier" go through the blind index, and the
birth date is a column of its own so age never needs the number."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from zhifa.core import crypto
from zhifa.core.errors import DomainError
from zhifa.parties.actions import find_party, register_party, update_party
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.models import Party
from zhifa.parties.tests.conftest import ID15, ID18, index18
from zhifa.testing import parties as pf

PHONE = "13812345678"
ADDRESS = "北京市东城区东华门街道南池子大街1号"
REP_ID = "110101199003070011"


def raw_rows(table: str) -> str:
    """Every value of every row of ``table`` as the database holds it, in one string."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        return "\n".join("|".join(str(v) for v in row) for row in cursor.fetchall())


def test_the_parties_table_holds_no_plain_number_phone_or_address(handler):
    register_party(
        kind=PartyKind.PERSON,
        name="张三",
        id_type=IdType.RESIDENT_ID,
        id_number=ID15,
        phone=PHONE,
        address=ADDRESS,
        actor=handler.user,
    )
    company = pf.organisation(legal_representative_id_number=REP_ID, phone="010-12345678")
    raw = raw_rows("parties_party")
    for secret in (ID15, ID18, PHONE, ADDRESS, "南池子", REP_ID, "12345678"):
        assert secret not in raw
    assert "zf1:" in raw
    assert Party.objects.get(name="张三").address == ADDRESS  # read back in plain
    company.refresh_from_db()
    assert company.legal_representative_id_number == REP_ID


def test_a_token_copied_into_another_column_is_refused_on_reading(east_party):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM parties_party WHERE id = %s", [east_party.pk])
        (token,) = cursor.fetchone()
        cursor.execute(
            "UPDATE parties_party SET address = %s WHERE id = %s", [token, east_party.pk]
        )
    with pytest.raises(crypto.DecryptionError, match=r"parties_party\.address"):
        Party.objects.get(pk=east_party.pk)


def test_the_blind_index_finds_the_exact_number_only(east_party):
    assert east_party.identity_index == index18()
    assert len(east_party.identity_index) == 64
    assert find_party(IdType.RESIDENT_ID, ID15) == east_party  # old and new numbers: one person
    assert find_party(IdType.RESIDENT_ID, ID18.lower()) == east_party
    assert find_party(IdType.RESIDENT_ID, pf.unique_resident_id(4242)) is None
    assert find_party(IdType.PASSPORT, ID18) is None  # the index is per document type


def test_a_duplicate_is_refused_by_the_action_and_by_the_database(handler, east_party):
    with pytest.raises(DomainError) as exc:
        register_party(
            kind=PartyKind.PERSON,
            name="张三丰",
            id_type=IdType.RESIDENT_ID,
            id_number=ID15,
            actor=handler.user,
        )
    assert exc.value.code == "duplicate_party"
    assert "张三" in exc.value.message
    with pytest.raises(IntegrityError), transaction.atomic():
        Party.objects.create(
            kind=PartyKind.PERSON,
            name="张三丰",
            id_type=IdType.RESIDENT_ID,
            id_number=ID15,
            identity_index=index18(),
        )


def test_the_birth_date_is_kept_from_the_resident_id(handler, east_party):
    assert east_party.birth_date == date(1949, 12, 31)
    assert Party.objects.filter(birth_date=date(1949, 12, 31)).get() == east_party
    assert east_party.age_on(date(1963, 12, 30)) == 13
    assert east_party.age_on(date(1963, 12, 31)) == 14
    update_party(east_party, id_number=REP_ID, actor=handler.user)
    east_party.refresh_from_db()
    assert east_party.birth_date == date(1990, 3, 7)
    assert east_party.changes.last().fields == ["id_number"]


@pytest.mark.parametrize(
    "make",
    [
        lambda: pf.organisation(),
        lambda: pf.person(id_type=IdType.PASSPORT),
        lambda: pf.sole_trader(with_code=False),
    ],
)
def test_there_is_no_birth_date_but_a_natural_persons_resident_id(db, make):
    assert make().birth_date is None


def test_an_unchanged_save_under_a_new_key_writes_no_history(settings, handler, east_party):
    """update_party with nothing changed only re-indexes under the new key: no 修改 row."""
    keys = list(settings.ZHIFA_DATA_KEYS)
    settings.ZHIFA_DATA_KEYS = [b"N" * 32, *keys]
    update_party(east_party, phone=PHONE, actor=handler.user)
    assert east_party.changes.count() == 1  # the registration only
