"""修改当事人信息 and finding a party by its identifier."""

from __future__ import annotations

import pytest

from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.parties.actions import find_party, update_party
from zhifa.parties.choices import IdType
from zhifa.parties.models import PartyChange
from zhifa.parties.tests.conftest import ID15, ID18, USCC, index18
from zhifa.testing import parties as pf


def test_it_changes_only_what_is_given_and_records_which_fields(handler, east_party):
    party = update_party(east_party, phone="010 8765 4321", actor=handler.user)
    party.refresh_from_db()
    assert party.phone == "010-87654321"
    assert party.name == "张三"
    change = PartyChange.objects.filter(party=party).last()
    assert change is not None
    assert (change.kind, change.fields, change.actor) == ("updated", ["phone"], handler.user)


def test_it_records_nothing_when_nothing_changes(handler, east_party):
    update_party(east_party, phone="138 1234 5678", actor=handler.user)
    assert list(PartyChange.objects.filter(party=east_party).values_list("kind", flat=True)) == [
        "registered"
    ]


def test_it_refuses_a_number_registered_for_another_party(handler, east_party):
    other = pf.person(name="李四")
    with pytest.raises(DomainError) as exc:
        update_party(other, id_number=ID15, actor=handler.user)
    assert exc.value.code == "duplicate_party"
    assert "张三" in exc.value.message
    other.refresh_from_db()
    assert other.identity_index != index18()


def test_it_refuses_an_invalid_change_and_keeps_the_row(handler, east_party):
    with pytest.raises(InvalidInput) as exc:
        update_party(east_party, id_number="11010519491231002", actor=handler.user)
    assert exc.value.field == "id_number"
    east_party.refresh_from_db()
    assert east_party.id_number == ID18


def test_it_keeps_the_kind_and_document_consistent(handler, east_party):
    with pytest.raises(InvalidInput) as exc:
        update_party(east_party, kind="organisation", actor=handler.user)
    assert exc.value.field == "id_type"


def test_it_refuses_unknown_fields(handler, east_party):
    with pytest.raises(TypeError, match="identity_index"):
        update_party(east_party, identity_index="X", actor=handler.user)


@pytest.mark.parametrize("persona", ["auxiliary", "other_street_officer"])
def test_it_refuses_editors_without_the_right(request, east_party, persona):
    user = request.getfixturevalue(persona).user
    with pytest.raises(NotAllowed):
        update_party(east_party, phone="13900000000", actor=user)
    east_party.refresh_from_db()
    assert east_party.phone == "13812345678"


def test_it_lets_the_street_officer_edit_its_own_streets_party(street_officer, east_party):
    party = update_party(east_party, address="北京市东城区东华门街道1号", actor=street_officer.user)
    assert party.address == "北京市东城区东华门街道1号"


@pytest.mark.parametrize("number", [ID18, ID15, ID18.lower(), " 110105 19491231 002X"])
def test_it_finds_a_party_by_any_form_of_its_number(east_party, number):
    assert find_party(IdType.RESIDENT_ID, number) == east_party


def test_it_finds_nothing_for_unknown_or_invalid_numbers(east_party):
    assert find_party(IdType.RESIDENT_ID, pf.unique_resident_id(999)) is None
    assert find_party(IdType.RESIDENT_ID, "123") is None
    assert find_party(IdType.USCC, USCC) is None
