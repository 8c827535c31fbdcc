"""登记当事人: every rule checked before anything is written; a refusal leaves no row."""

from __future__ import annotations

from typing import Any

import pytest

from zhifa.core.errors import DomainError, InvalidInput, NotAllowed
from zhifa.parties import actions
from zhifa.parties.actions import register_party
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.models import Party, PartyChange
from zhifa.parties.tests.conftest import ID15, ID18, USCC, index18
from zhifa.testing import parties as pf

PERSON: dict[str, Any] = {"kind": PartyKind.PERSON, "name": "张三", "id_type": IdType.RESIDENT_ID}


def test_it_registers_a_person_with_normalised_numbers(handler):
    party = register_party(
        **PERSON,
        id_number="110105 19491231 002x",
        phone="138 1234 5678",
        address=" 北京市东城区南池子大街1号 ",
        actor=handler.user,
    )
    party.refresh_from_db()
    assert party.id_number == ID18
    assert party.identity_index == index18()
    assert party.phone == "13812345678"
    assert party.address == "北京市东城区南池子大街1号"
    change = PartyChange.objects.get(party=party)
    assert (change.kind, change.actor) == (PartyChange.Kind.REGISTERED, handler.user)


def test_it_keeps_a_15_digit_number_as_entered_but_keys_it_by_18_digits(handler):
    party = register_party(**PERSON, id_number=ID15, actor=handler.user)
    assert (party.id_number, party.identity_index) == (ID15, index18())


@pytest.mark.parametrize(("first", "second"), [(ID15, ID18), (ID18, ID15), (ID18, ID18.lower())])
def test_it_refuses_the_same_person_under_old_and_new_numbers(handler, first, second):
    existing = register_party(**PERSON, id_number=first, actor=handler.user)
    with pytest.raises(DomainError) as exc:
        register_party(**{**PERSON, "name": "张叁"}, id_number=second, actor=handler.user)
    assert exc.value.code == "duplicate_party"
    assert exc.value.field == "id_number"
    assert f"「张三」(编号 {existing.pk})" in exc.value.message
    assert Party.objects.count() == 1


def test_it_refuses_a_credit_code_registered_twice(handler):
    pf.organisation(id_number=USCC)
    with pytest.raises(DomainError, match="已登记为当事人") as exc:
        pf.sole_trader(id_number=USCC.lower(), actor=handler.user)
    assert exc.value.code == "duplicate_party"


def test_it_registers_organisations_and_sole_traders(handler, east_street):
    company = pf.organisation(id_number=USCC, legal_representative="王五", street=east_street)
    shop = pf.sole_trader()
    stall = pf.sole_trader(with_code=False, legal_representative="赵六")
    assert (company.kind, company.id_type, company.legal_representative) == (
        PartyKind.ORGANISATION,
        IdType.USCC,
        "王五",
    )
    assert shop.id_number.startswith("92")
    assert stall.id_type == IdType.RESIDENT_ID


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id_number": "110105194912310025"}, "id_number", "第18位应为 X，实际为 5"),
        ({"kind": "robot"}, "kind", "当事人类别「robot」无效"),
        ({"name": "  "}, "name", "名称/姓名不能为空"),
        ({"name": "张" * 201}, "name", "名称/姓名不能超过 200 个字，实际为 201 个字"),
        ({"id_type": "driving_licence"}, "id_type", "证件类型「driving_licence」无效"),
        ({"id_type": IdType.USCC, "id_number": USCC}, "id_type", "自然人不能使用统一社会信用代码"),
        (
            {"kind": PartyKind.ORGANISATION},
            "id_type",
            "法人或其他组织应使用统一社会信用代码",
        ),
        (
            {"kind": PartyKind.SOLE_TRADER, "id_type": IdType.PASSPORT, "id_number": "E1234567"},
            "id_type",
            "个体工商户应使用统一社会信用代码",
        ),
        ({"phone": "12812345678"}, "phone", "手机号码应为11位数字"),
        ({"legal_representative": "王五"}, "legal_representative", "自然人无需填写"),
        (
            {
                "kind": PartyKind.ORGANISATION,
                "id_type": IdType.USCC,
                "id_number": USCC,
                "legal_representative_id_number": "110105194912310025",
            },
            "legal_representative_id_number",
            "身份证号码校验码错误",
        ),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(handler, change, field, message):
    values = {**PERSON, "id_number": ID18, **change}
    with pytest.raises(InvalidInput) as exc:
        register_party(**values, actor=handler.user)
    assert exc.value.field == field
    assert message in exc.value.message
    assert not Party.objects.exists()
    assert not PartyChange.objects.exists()


def test_it_refuses_a_street_that_is_not_a_street(handler, bureau):
    with pytest.raises(InvalidInput) as exc:
        register_party(**PERSON, id_number=ID18, street=bureau, actor=handler.user)
    assert exc.value.field == "street"
    assert not Party.objects.exists()


def test_it_writes_nothing_when_the_history_row_fails(handler, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PartyChange.objects, "create", fail)
    with pytest.raises(RuntimeError):
        register_party(**PERSON, id_number=ID18, actor=handler.user)
    assert not Party.objects.exists()


def test_it_reports_a_party_registered_meanwhile_as_a_duplicate(handler, monkeypatch):
    """Two officers register the same person at once: the database constraint decides."""
    existing = pf.person(id_number=ID18)
    real = actions.duplicate_of
    calls = []

    def not_yet(*args, **kwargs):
        calls.append(args)
        return None if len(calls) == 1 else real(*args, **kwargs)

    monkeypatch.setattr(actions, "duplicate_of", not_yet)
    with pytest.raises(DomainError) as exc:
        register_party(**PERSON, id_number=ID15, actor=handler.user)
    assert exc.value.code == "duplicate_party"
    assert str(existing.pk) in exc.value.message
    assert Party.objects.count() == 1


def test_it_refuses_auxiliary_staff(auxiliary):
    with pytest.raises(NotAllowed):
        register_party(**PERSON, id_number=ID18, actor=auxiliary.user)
    assert not Party.objects.exists()


def test_it_puts_a_street_officers_party_in_its_own_street(street_officer, east_street):
    party = register_party(**PERSON, id_number=ID18, actor=street_officer.user)
    assert party.street == east_street


def test_it_refuses_a_street_officer_registering_for_another_street(street_officer, west_street):
    with pytest.raises(NotAllowed) as exc:
        register_party(**PERSON, id_number=ID18, street=west_street, actor=street_officer.user)
    assert exc.value.field == "street"
    assert not Party.objects.exists()
