"""The party pages: list (search, filter, paging, masking per persona), detail, create, edit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhifa.parties.models import Party
from zhifa.parties.tests.conftest import ID15, ID18, USCC, index18
from zhifa.testing import parties as pf

LIST = "/parties/"


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


# --- list ----------------------------------------------------------------------------------------


def test_it_sends_the_anonymous_to_login(client, east_party):
    for url in (LIST, f"/parties/{east_party.pk}/", "/parties/new/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["handler", "reviewer", "leader", "admin_persona"])
def test_it_lists_parties_whole_for_case_staff(request, persona, east_party, west_party):
    html = page(request.getfixturevalue(persona).client(), LIST)
    assert "张三" in html
    assert ID18 in html
    assert "13812345678" in html
    assert "李四" in html
    assert 'id="masked-notice"' not in html


def test_it_lists_parties_masked_for_auxiliary_staff(auxiliary, east_party, east_company):
    html = page(auxiliary.client(), LIST)
    assert "张*" in html
    assert "张三" not in html
    assert ID18 not in html
    assert "110***********002X" in html
    assert "13812345678" not in html
    assert USCC in html  # a credit code is not personal data
    assert 'id="masked-notice"' in html
    assert "登记当事人" not in html


def test_it_lists_only_the_street_officers_street(street_officer, east_party, west_party):
    html = page(street_officer.client(), LIST)
    assert ID18 in html
    assert "李四" not in html
    assert west_party.id_number not in html


def test_it_hides_other_streets_parties_entirely(other_street_officer, east_party, west_party):
    html = page(other_street_officer.client(), LIST)
    assert "李四" in html
    assert "张" not in html.split("<tbody>")[1]
    assert ID18[-4:] not in html


@pytest.mark.parametrize("query", [ID18, ID15, ID18.lower(), "张三", "张"])
def test_it_finds_a_party_by_name_or_by_any_form_of_its_full_number(handler, east_party, query):
    pf.person(name="李四")
    html = page(handler.client(), LIST, q=query)
    assert "张三" in html
    assert "李四" not in html


def test_it_does_not_search_by_fragments_of_a_number(handler, east_party):
    html = page(handler.client(), LIST, q=ID18[:10])
    assert "张三" not in html
    assert "没有符合条件的当事人" in html


def test_it_filters_by_kind(handler, east_party, east_company):
    html = page(handler.client(), LIST, kind="organisation")
    assert "北京鑫源建筑工程有限公司" in html
    assert "张三" not in html


def test_it_pages_fifty_parties_at_a_time(handler):
    for i in range(55):
        pf.person(name=f"当事人{i:02d}")
    first = page(handler.client(), LIST)
    second = page(handler.client(), LIST, page=2)
    assert first.count('class="party-name"') == 50
    assert second.count('class="party-name"') == 5
    assert "当事人49" in first
    assert "当事人50" not in first
    assert "当事人54" in second
    assert "第 2 / 2 页" in second


def _list_queries(persona) -> int:
    client = persona.client()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona_name", ["handler", "street_officer", "auxiliary"])
def test_it_lists_without_a_query_per_party(
    request, persona_name, east_street, django_assert_max_num_queries
):
    persona = request.getfixturevalue(persona_name)
    for _ in range(3):
        pf.person(street=east_street)
        pf.organisation(street=east_street)
    few = _list_queries(persona)
    for _ in range(30):
        pf.person(street=east_street)
        pf.organisation(street=east_street)
    assert _list_queries(persona) == few
    client = persona.client()
    # session, user, the user's unit (data scope), count, one page of parties
    with django_assert_max_num_queries(6):
        client.get(LIST)


# --- detail --------------------------------------------------------------------------------------


def test_it_shows_the_detail_with_an_empty_enforcement_record(handler, east_party):
    html = page(handler.client(), f"/parties/{east_party.pk}/")
    assert ID18 in html
    assert "北京市东城区东华门街道南池子大街1号" in html
    assert 'id="enforcement-history"' in html
    assert "执法记录" in html
    assert "暂无执法记录" in html
    assert "修改信息" in html


def test_it_masks_the_detail_for_auxiliary_staff(auxiliary, east_party):
    html = page(auxiliary.client(), f"/parties/{east_party.pk}/")
    assert "张*" in html
    assert ID18 not in html
    assert "北京市东城区东华门街道****" in html
    assert "南池子大街" not in html
    assert "修改信息" not in html


def test_it_refuses_the_detail_to_another_street(other_street_officer, east_party):
    assert other_street_officer.client().get(f"/parties/{east_party.pk}/").status_code == 403


def test_it_answers_404_for_a_missing_party(handler):
    assert handler.client().get("/parties/999999/").status_code == 404


# --- create and edit ----------------------------------------------------------------------------

FORM = {
    "kind": "person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": ID15,
    "phone": "13812345678",
    "address": "北京市东城区南池子大街1号",
    "legal_representative": "",
    "legal_representative_id_number": "",
    "street": "",
}


def test_it_registers_a_party_from_the_form(handler):
    response = handler.client().post("/parties/new/", FORM)
    party = Party.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/parties/{party.pk}/"
    assert (party.name, party.identity_index) == ("王小明", index18())


def test_it_shows_each_error_on_its_field_in_chinese(handler):
    data = {**FORM, "id_number": "110105194912310025", "phone": "12812345678", "name": ""}
    response = handler.client().post("/parties/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["id_number"] == ["身份证号码校验码错误：第18位应为 X，实际为 5"]
    assert form.errors["phone"][0].startswith("手机号码应为11位数字")
    assert "name" in form.errors
    assert "证件号码：身份证号码校验码错误" in html
    assert not Party.objects.exists()


def test_it_shows_a_duplicate_on_the_number_field(handler, east_party):
    response = handler.client().post("/parties/new/", {**FORM, "id_number": ID15})
    assert response.status_code == 200
    assert "已登记为当事人「张三」" in response.context["form"].errors["id_number"][0]
    assert Party.objects.count() == 1


def test_it_refuses_the_form_to_auxiliary_staff(auxiliary):
    assert auxiliary.client().get("/parties/new/").status_code == 403
    assert auxiliary.client().post("/parties/new/", FORM).status_code == 403
    assert not Party.objects.exists()


def test_it_registers_a_street_officers_party_in_its_street(street_officer, east_street):
    client = street_officer.client()
    assert "东城街道" in page(client, "/parties/new/")
    response = client.post("/parties/new/", {**FORM, "street": east_street.pk})
    assert response.status_code == 302
    assert Party.objects.get().street == east_street


def test_it_edits_a_party(handler, east_party):
    data = {**FORM, "name": "张三", "id_number": ID18, "phone": "010-12345678"}
    response = handler.client().post(f"/parties/{east_party.pk}/edit/", data)
    assert response.status_code == 302
    east_party.refresh_from_db()
    assert east_party.phone == "010-12345678"


def test_it_refuses_editing_to_auxiliary_staff(auxiliary, east_party):
    assert auxiliary.client().get(f"/parties/{east_party.pk}/edit/").status_code == 403


# --- template tag for other apps ---------------------------------------------------------------


@pytest.mark.parametrize(("persona", "whole"), [("handler", True), ("auxiliary", False)])
def test_it_presents_a_party_in_other_apps_templates_per_viewer(
    request, rf, persona, whole, east_party
):
    from django.template import engines

    http = rf.get("/")
    http.user = request.getfixturevalue(persona).user
    template = engines["django"].from_string("{% load parties %}{% party_props party %}")
    html = template.render({"party": east_party}, http)
    assert (ID18 in html) is whole
    assert ("110***********002X" in html) is not whole
