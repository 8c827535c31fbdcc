"""Invariants in layers: database constraints, clean(), and the admin's cross-row checks."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from zhifa.law.models import DiscretionBand, FineRule, ViolationItem
from zhifa.testing.law import ViolationItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("rule", "low", "high"),
    [
        ("range", 500, 100),  # min > max
        ("fixed", 50, 60),  # a fixed amount is one amount
        ("fixed", None, None),
        ("none", 0, 100),  # no fine: no amounts
        ("range", 100, None),  # a range needs its maximum
        ("range", -1, 100),
    ],
)
def test_the_database_refuses_a_fine_rule_of_the_wrong_shape(rule, low, high):
    item = ViolationItemFactory(rule=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        FineRule.objects.create(item=item, rule=rule, min=low, max=high, unit="元")


def test_one_fine_rule_per_party_kind():
    item = ViolationItemFactory()  # has an "any" rule
    with pytest.raises(IntegrityError), transaction.atomic():
        FineRule.objects.create(item=item, party_kind="any", rule="range", min=1, max=2)


def test_one_band_per_party_kind_and_level():
    item = ViolationItemFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscretionBand.objects.create(item=item, level="minor", min=500, max=600, facts="重复")


def test_a_band_minimum_above_its_maximum_is_refused():
    item = ViolationItemFactory(rule__bands=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        DiscretionBand.objects.create(item=item, level="minor", min=900, max=600, facts="x")


def test_clean_names_the_field_in_chinese():
    rule = FineRule(rule="per_unit", min=Decimal(1), max=Decimal(2), unit="")
    with pytest.raises(ValidationError) as exc:
        rule.clean()
    assert "元/平方米" in exc.value.message_dict["unit"][0]
    item = ViolationItem(penalty_kinds=["fine", "detention"])
    with pytest.raises(ValidationError) as exc:
        item.clean()
    assert "detention" in exc.value.message_dict["penalty_kinds"][0]


# --- Admin -----------------------------------------------------------------------------------


def _form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "SR-T1",
        "name": "店外经营",
        "category": "city_appearance",
        "active": "on",
        "sort_order": "0",
        "violated_provision": "《北京市市容环境卫生条例》第三十五条第三款",
        "penalty_provision": "《北京市市容环境卫生条例》第三十五条第三款",
        "penalty_kinds": ["correction_order", "fine"],
        "jurisdiction": "北京",
        "basis_note": "",
        "legal_status": "verified",
        "fine_rules-TOTAL_FORMS": "1",
        "fine_rules-INITIAL_FORMS": "0",
        "fine_rules-MIN_NUM_FORMS": "0",
        "fine_rules-MAX_NUM_FORMS": "1000",
        "fine_rules-0-party_kind": "any",
        "fine_rules-0-rule": "range",
        "fine_rules-0-min": "300",
        "fine_rules-0-max": "3000",
        "fine_rules-0-unit": "元",
        "fine_rules-0-note": "",
        "discretion_bands-TOTAL_FORMS": "1",
        "discretion_bands-INITIAL_FORMS": "0",
        "discretion_bands-MIN_NUM_FORMS": "0",
        "discretion_bands-MAX_NUM_FORMS": "1000",
        "discretion_bands-0-level": "minor",
        "discretion_bands-0-party_kind": "any",
        "discretion_bands-0-min": "300",
        "discretion_bands-0-max": "600",
        "discretion_bands-0-facts": "初次违法，当场改正",
    }
    data.update(overrides)
    return data


def test_the_admin_adds_an_item_with_its_rule_and_band(admin_persona):
    response = admin_persona.client().post("/admin/law/violationitem/add/", _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    item = ViolationItem.objects.get(code="SR-T1")
    assert item.penalty_kinds == ["correction_order", "fine"]
    assert item.fine_rules.get().max == Decimal(3000)
    assert item.discretion_bands.get().level == "minor"


def test_the_admin_refuses_a_band_outside_the_rule_submitted_with_it(admin_persona):
    """The rule is lowered in the same form: the band is checked against the new rule."""
    data = _form(**{"fine_rules-0-max": "500"})
    response = admin_persona.client().post("/admin/law/violationitem/add/", data)
    assert response.status_code == 200
    assert "超出法定幅度" in response.content.decode()
    assert not ViolationItem.objects.exists()


def test_the_admin_refuses_a_fine_rule_without_the_fine_penalty(admin_persona):
    data = _form(penalty_kinds=["correction_order"])
    response = admin_persona.client().post("/admin/law/violationitem/add/", data)
    assert response.status_code == 200
    assert "处罚种类却不含罚款" in response.content.decode()
    assert not ViolationItem.objects.exists()


def test_the_admin_refuses_a_fixed_rule_with_two_amounts(admin_persona):
    data = _form(**{"fine_rules-0-rule": "fixed"})
    response = admin_persona.client().post("/admin/law/violationitem/add/", data)
    assert response.status_code == 200
    assert "固定金额的下限和上限必须相同" in response.content.decode()


def test_the_admin_lists_and_opens_the_seeded_items(admin_persona):
    item = ViolationItemFactory(code="SR-T9")
    client = admin_persona.client()
    assert client.get("/admin/law/violationitem/").status_code == 200
    page = client.get(f"/admin/law/violationitem/{item.pk}/change/").content.decode()
    assert "法定罚款规则" in page
    assert "裁量基准" in page
