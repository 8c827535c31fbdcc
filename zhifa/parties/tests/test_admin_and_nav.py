"""The admin validates like the actions (and writes through them); nav and home panel."""

from __future__ import annotations

import pytest

from zhifa.parties.models import Party, PartyChange
from zhifa.parties.tests.conftest import ID15, ID18, index18

ADD = "/admin/parties/party/add/"
INLINE = {
    "changes-TOTAL_FORMS": "0",
    "changes-INITIAL_FORMS": "0",
    "changes-MIN_NUM_FORMS": "0",
    "changes-MAX_NUM_FORMS": "1000",
}
ROW = {
    "kind": "person",
    "name": "王小明",
    "id_type": "resident_id",
    "id_number": ID18,
    "phone": "",
    "address": "",
    "legal_representative": "",
    "legal_representative_id_number": "",
    "street": "",
    **INLINE,
}


def test_it_registers_through_the_admin_with_history(admin_persona):
    response = admin_persona.client().post(ADD, {**ROW, "id_number": ID15})
    assert response.status_code == 302
    party = Party.objects.get()
    assert party.identity_index == index18()
    change = PartyChange.objects.get(party=party)
    assert change.actor == admin_persona.user


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"id_number": "110105194912310025"}, "id_number", "第18位应为 X，实际为 5"),
        ({"kind": "organisation"}, "id_type", "法人或其他组织应使用统一社会信用代码"),
        ({"phone": "12345"}, "phone", "手机号码应为11位数字"),
    ],
)
def test_it_refuses_invalid_data_in_the_admin(admin_persona, change, field, message):
    response = admin_persona.client().post(ADD, {**ROW, **change})
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in errors[field][0]
    assert not Party.objects.exists()


def test_it_refuses_a_duplicate_in_the_admin(admin_persona, east_party):
    response = admin_persona.client().post(ADD, {**ROW, "id_number": ID15})
    assert response.status_code == 200
    assert "已登记为当事人「张三」" in response.context["adminform"].form.errors["id_number"][0]
    assert Party.objects.count() == 1


def test_it_edits_through_the_admin(admin_persona, east_party):
    url = f"/admin/parties/party/{east_party.pk}/change/"
    data = {**ROW, "name": "张三", "phone": "010 12345678", "street": east_party.street_id}
    response = admin_persona.client().post(url, data)
    assert response.status_code == 302
    east_party.refresh_from_db()
    assert east_party.phone == "010-12345678"
    assert PartyChange.objects.filter(party=east_party, kind="updated").exists()


@pytest.mark.parametrize(
    "persona", ["handler", "auxiliary", "street_officer", "reviewer", "leader", "admin_persona"]
)
def test_it_shows_the_parties_entry_in_the_navigation(request, persona):
    html = request.getfixturevalue(persona).client().get("/").content.decode()
    assert '<a href="/parties/"' in html


def test_it_shows_the_street_officer_its_streets_count_on_the_home_page(
    street_officer, east_party, west_party
):
    html = street_officer.client().get("/").content.decode()
    assert 'id="panel-parties"' in html
    assert "本街道已登记 <strong>1</strong> 个当事人" in html
