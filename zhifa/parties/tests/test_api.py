"""当事人 API: the same scope, masking and refusals as the pages, as JSON {code, message, field}."""

from __future__ import annotations

import pytest

from zhifa.parties.models import Party
from zhifa.parties.tests.conftest import ID15, ID18, USCC, index18
from zhifa.testing import parties as pf

API = "/api/v1/parties/"
NEW = {"kind": "person", "name": "王小明", "id_type": "resident_id", "id_number": ID15}


def post(client, data: dict):
    return client.post(API, data, content_type="application/json")


def test_it_refuses_the_anonymous(client, east_party):
    for url in (API, f"{API}{east_party.pk}", f"{API}validate?id_type=uscc&id_number={USCC}"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["code"] == "unauthenticated"
    assert post(client, NEW).status_code == 401


def test_it_lists_whole_data_for_the_handler(handler, east_party, west_party):
    body = handler.client().get(API).json()
    assert body["count"] == 2
    assert (body["page"], body["pages"], body["page_size"]) == (1, 1, 50)
    zhang = next(p for p in body["items"] if p["id"] == east_party.pk)
    assert (zhang["name"], zhang["id_number"], zhang["masked"]) == ("张三", ID18, False)
    assert zhang["kind_label"] == "自然人"
    assert zhang["street_name"] == "东城街道"


def test_it_lists_masked_data_for_auxiliary_staff(auxiliary, east_party):
    item = auxiliary.client().get(API).json()["items"][0]
    assert item["masked"] is True
    assert (item["name"], item["id_number"], item["phone"]) == (
        "张*",
        "110***********002X",
        "138****5678",
    )
    assert "南池子" not in item["address"]


def test_it_scopes_the_list_of_a_street_officer(other_street_officer, east_party, west_party):
    body = other_street_officer.client().get(API).json()
    assert [p["id"] for p in body["items"]] == [west_party.pk]


def test_it_searches_by_a_15_digit_number_for_an_18_digit_party(handler, east_party):
    pf.person(name="李四")
    body = handler.client().get(API, {"q": ID15}).json()
    assert [p["id"] for p in body["items"]] == [east_party.pk]


def test_it_pages_the_list(handler):
    for _ in range(51):
        pf.person()
    body = handler.client().get(API, {"page": 2}).json()
    assert (body["count"], body["page"], body["pages"], len(body["items"])) == (51, 2, 2, 1)


def test_it_shows_one_party_masked_per_viewer(handler, auxiliary, east_company):
    url = f"{API}{east_company.pk}"
    whole = handler.client().get(url).json()
    masked = auxiliary.client().get(url).json()
    assert whole["phone"] == "010-12345678"
    assert masked["phone"] == "010-****5678"
    assert masked["id_number"] == whole["id_number"] == USCC
    assert masked["legal_representative_id_number"] != whole["legal_representative_id_number"]


def test_it_refuses_a_party_outside_the_data_scope(other_street_officer, east_party):
    response = other_street_officer.client().get(f"{API}{east_party.pk}")
    assert response.status_code == 403
    assert response.json()["code"] == "out_of_scope"


def test_it_answers_404_as_json(handler):
    response = handler.client().get(f"{API}999999")
    assert response.status_code == 404
    assert response.json() == {
        "code": "not_found",
        "message": "当事人 999999 不存在",
        "field": None,
    }


def test_it_registers_a_party(handler, east_street):
    response = post(handler.client(), {**NEW, "street_id": east_street.pk})
    assert response.status_code == 201
    body = response.json()
    party = Party.objects.get()
    assert body["id"] == party.pk
    assert (body["id_number"], party.identity_index, party.street) == (ID15, index18(), east_street)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id_number": "110105194912310025"}, "id_number", "第18位应为 X，实际为 5"),
        ({"kind": "organisation"}, "id_type", "法人或其他组织应使用统一社会信用代码"),
        ({"phone": "12345"}, "phone", "手机号码应为11位数字"),
        ({"street_id": 999999}, "street_id", "街道 999999 不存在"),
    ],
)
def test_it_refuses_bad_input_with_422(handler, change, field, message):
    response = post(handler.client(), {**NEW, **change})
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["field"]) == ("invalid", field)
    assert message in body["message"]
    assert not Party.objects.exists()


def test_it_refuses_a_duplicate_with_409(handler, east_party):
    response = post(handler.client(), NEW)
    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["field"]) == ("duplicate_party", "id_number")
    assert "张三" in body["message"]
    assert Party.objects.count() == 1


def test_it_refuses_a_missing_field_in_chinese(handler):
    response = post(handler.client(), {"kind": "person"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_request"
    assert "请求参数不正确" in response.json()["message"]


def test_it_refuses_registration_by_auxiliary_staff(auxiliary):
    response = post(auxiliary.client(), NEW)
    assert response.status_code == 403
    assert not Party.objects.exists()


def test_it_refuses_a_street_officer_registering_in_another_street(street_officer, west_street):
    response = post(street_officer.client(), {**NEW, "street_id": west_street.pk})
    assert response.status_code == 403
    assert response.json()["field"] == "street_id"


@pytest.mark.parametrize(
    ("id_type", "number", "expected"),
    [
        ("resident_id", "11010519491231002x", {"valid": True, "normalised": ID18, "message": ""}),
        ("uscc", USCC.lower(), {"valid": True, "normalised": USCC, "message": ""}),
        (
            "resident_id",
            "1101051949123100",
            {
                "valid": False,
                "normalised": "",
                "message": "身份证号码长度应为18位(或15位旧号码)，实际为 16 位",
            },
        ),
    ],
)
def test_it_validates_a_number_without_storing_it(handler, id_type, number, expected):
    response = handler.client().get(f"{API}validate", {"id_type": id_type, "id_number": number})
    assert response.status_code == 200
    assert response.json() == expected
    assert not Party.objects.exists()


def test_it_refuses_to_validate_an_unknown_document_type(handler):
    response = handler.client().get(f"{API}validate", {"id_type": "x", "id_number": "1"})
    assert response.status_code == 422
    assert response.json()["field"] == "id_type"
