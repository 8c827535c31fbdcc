"""The migrations of docs/adr/0012 encrypt what a database already holds: parties (0002–0004) and
the contacts recorded for service (delivery 0003–0004). Reversible while the key is set."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from zhifa.core import crypto
from zhifa.delivery.models import ServiceConsent
from zhifa.parties.models import Party
from zhifa.parties.tests.conftest import ID15, ID18, index18
from zhifa.testing import parties as pf

PHONE = "13812345678"
ADDRESS = "北京市东城区东华门街道南池子大街1号"


def migrate(*targets: tuple[str, str]) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())


def raw(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall() if cursor.description else []


@pytest.mark.django_db(transaction=True)
def test_the_parties_migration_encrypts_existing_rows_and_reverses():
    migrate(("parties", "0001_initial"))
    try:
        now = timezone.now()
        raw(
            "INSERT INTO parties_party (kind, name, id_type, id_number, identity_key, phone,"
            " address, legal_representative, legal_representative_id_number, created_at,"
            " updated_at) VALUES ('person', '张三', 'resident_id', %s, %s, %s, %s, '', '', %s, %s)",
            [ID15, ID18, PHONE, ADDRESS, now, now],
        )
        migrate()
        ((number, phone, address, index, born),) = raw(
            "SELECT id_number, phone, address, identity_index, birth_date FROM parties_party"
        )
        assert number.startswith("zf1:")
        assert ID15 not in number
        assert PHONE not in phone
        assert ADDRESS not in address
        assert index == index18()
        assert str(born) == "1949-12-31"
        party = Party.objects.get()
        assert (party.id_number, party.phone, party.address) == (ID15, PHONE, ADDRESS)
        assert party.birth_date == date(1949, 12, 31)

        migrate(("parties", "0001_initial"))
        assert raw("SELECT id_number, identity_key, phone, address FROM parties_party") == [
            (ID15, ID18, PHONE, ADDRESS)
        ]
    finally:
        migrate()


@pytest.mark.django_db
def test_the_delivery_migration_encrypts_plain_contacts_once(east_street):
    party = pf.person(street=east_street)
    consent = ServiceConsent.objects.create(
        party=party, electronic=True, phone=PHONE, signed_on=date(2026, 3, 2), scan="c.pdf"
    )
    raw("UPDATE delivery_serviceconsent SET phone = %s, address = %s", [PHONE, ADDRESS])
    assert crypto.convert_columns(connection, ServiceConsent, ["phone", "email", "address"],
                                  forwards=True) == 1  # fmt: skip
    ((phone, address),) = raw("SELECT phone, address FROM delivery_serviceconsent")
    assert phone.startswith("zf1:")
    assert ADDRESS not in address
    consent.refresh_from_db()
    assert (consent.phone, consent.address, consent.email) == (PHONE, ADDRESS, "")
    assert (
        crypto.convert_columns(
            connection, ServiceConsent, ["phone", "email", "address"], forwards=True
        )
        == 0
    )
