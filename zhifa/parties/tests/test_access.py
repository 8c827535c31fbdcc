"""Who sees which parties, and who sees personal data whole (行政处罚法 Art 50)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from zhifa.parties import access
from zhifa.parties.presenters import present_party
from zhifa.parties.tests.conftest import ID18, USCC
from zhifa.testing import parties as pf

EVERYONE = [
    "handler",
    "handler2",
    "auxiliary",
    "reviewer",
    "leader",
    "street_officer",
    "other_street_officer",
    "admin_persona",
]
SEES_PERSONAL_DATA = {
    "handler",
    "handler2",
    "reviewer",
    "leader",
    "street_officer",
    "admin_persona",
}


@pytest.fixture
def nowhere_party(db):
    """A party registered without a street: the whole district sees it, no street officer does."""
    return pf.person(name="王无街")


@pytest.mark.parametrize("persona", EVERYONE)
def test_it_scopes_parties_to_the_street_of_street_officers(
    request, persona, east_party, west_party, nowhere_party
):
    user = request.getfixturevalue(persona).user
    visible = set(access.parties_visible_to(user))
    expected = {
        "street_officer": {east_party},
        "other_street_officer": {west_party},
    }.get(persona, {east_party, west_party, nowhere_party})
    assert visible == expected


def test_it_shows_nothing_to_the_anonymous(east_party):
    assert not access.parties_visible_to(AnonymousUser()).exists()
    assert not access.can_see_personal_data(AnonymousUser(), east_party)
    assert not access.can_register_parties(AnonymousUser())


@pytest.mark.parametrize("persona", EVERYONE)
def test_it_shows_personal_data_only_to_those_handling_cases(request, persona, east_party):
    user = request.getfixturevalue(persona).user
    assert access.can_see_personal_data(user, east_party) is (persona in SEES_PERSONAL_DATA)


def test_it_refuses_the_detail_outside_the_data_scope(other_street_officer, east_party):
    with pytest.raises(PermissionDenied):
        access.get_party_for_view(other_street_officer.user, east_party.pk)


def test_it_answers_404_for_a_party_that_does_not_exist(handler):
    with pytest.raises(Http404):
        access.get_party_for_view(handler.user, 999999)


@pytest.mark.parametrize("persona", EVERYONE)
def test_it_lets_only_those_who_see_whole_numbers_register(request, persona):
    user = request.getfixturevalue(persona).user
    assert access.can_register_parties(user) is (persona != "auxiliary")


# --- what each viewer is shown ------------------------------------------------------------------


def test_it_masks_a_persons_data_for_auxiliary_staff(auxiliary, east_party):
    view = present_party(east_party, auxiliary.user)
    assert view.masked
    assert (view.name, view.id_number, view.phone, view.address) == (
        "张*",
        "110***********002X",
        "138****5678",
        "北京市东城区东华门街道****",
    )


def test_it_shows_a_persons_data_whole_to_the_handler(handler, east_party):
    view = present_party(east_party, handler.user)
    assert not view.masked
    assert (view.name, view.id_number, view.phone) == ("张三", ID18, "13812345678")


def test_it_keeps_an_organisations_public_data_whole_but_masks_its_representative(
    auxiliary, east_company
):
    view = present_party(east_company, auxiliary.user)
    assert view.masked
    assert view.name == "北京鑫源建筑工程有限公司"
    assert view.id_number == USCC
    assert view.address == "北京市东城区和平里北街9号"
    assert view.legal_representative == "王五"
    assert view.phone == "010-****5678"
    assert view.legal_representative_id_number.count("*") == 11


def test_it_treats_a_sole_trader_known_by_its_operators_id_as_a_person(auxiliary, east_street):
    stall = pf.sole_trader(
        with_code=False, name="赵六煎饼摊", legal_representative="赵六", street=east_street
    )
    view = present_party(stall, auxiliary.user)
    assert view.name == "赵****"
    assert view.legal_representative == "赵*"
    assert "*" in view.id_number


def test_it_labels_kind_and_document_in_chinese(handler, east_company):
    view = present_party(east_company, handler.user)
    assert (view.kind_label, view.id_type_label, view.street_name) == (
        "法人或其他组织",
        "统一社会信用代码",
        "东城街道",
    )
