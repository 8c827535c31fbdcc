"""fine_range and check_fine: the statutory range per party kind, the discretion bands, the
based rules (per unit, percent of cost, multiple) and the sole-trader fallback (民法典 Art 54)."""

from decimal import Decimal

import pytest

from zhifa.core.errors import DomainError, InvalidInput
from zhifa.law.fines import check_fine, fine_range
from zhifa.law.models import DiscretionBand
from zhifa.testing.law import ViolationItemFactory, add_fine_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_kinds():
    """Like 固废法 Art 111(1): organisation ¥50,000–500,000, person ¥100–500."""
    item = ViolationItemFactory(code="GF-T1", name="随意倾倒生活垃圾", rule=False)
    add_fine_rule(item, party_kind="person", min=100, max=500)
    add_fine_rule(item, party_kind="organisation", min=50000, max=500000)
    return item


def test_it_gives_the_statutory_range_of_each_party_kind(two_kinds):
    person = fine_range(two_kinds, "person")
    organisation = fine_range(two_kinds, "organisation")
    assert (person.minimum, person.maximum) == (Decimal(100), Decimal(500))
    assert (organisation.minimum, organisation.maximum) == (Decimal(50000), Decimal(500000))
    assert person.rule == "range"
    assert person.unit == "元"
    assert person.party_kind == "person"
    assert "¥100–¥500" in person.source


def test_it_gives_the_band_of_a_level_inside_the_statutory_range(two_kinds):
    general = fine_range(two_kinds, "organisation", "general")
    assert (general.minimum, general.maximum) == (Decimal(140000), Decimal(275000))
    assert general.level == "general"
    assert "裁量基准「一般」" in general.source
    serious = fine_range(two_kinds, "organisation", "serious")
    assert serious.maximum == Decimal(500000)


def test_a_sole_trader_counts_as_a_natural_person_by_default(two_kinds):
    """民法典 Art 54: 个体工商户 is a natural person; ``SOLE_TRADER_AS`` defaults to person."""
    sole = fine_range(two_kinds, "sole_trader")
    assert (sole.minimum, sole.maximum) == (Decimal(100), Decimal(500))
    assert sole.party_kind == "person"
    assert fine_range(two_kinds, "sole_trader", "minor").maximum == Decimal(180)


def test_a_sole_trader_counts_as_an_organisation_when_configured(two_kinds, settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "SOLE_TRADER_AS": "organisation"}
    assert fine_range(two_kinds, "sole_trader").minimum == Decimal(50000)


def test_an_explicit_sole_trader_rule_wins():
    item = ViolationItemFactory(rule__party_kind="person", rule__min=100, rule__max=500)
    add_fine_rule(item, party_kind="sole_trader", min=200, max=2000)
    assert fine_range(item, "sole_trader").maximum == Decimal(2000)


def test_the_any_rule_applies_when_no_party_kind_has_its_own():
    item = ViolationItemFactory()  # any: ¥500–5,000
    for kind in ("person", "organisation", "sole_trader"):
        assert fine_range(item, kind).maximum == Decimal(5000)
        assert fine_range(item, kind).party_kind == "any"


def test_a_party_kind_rule_is_preferred_to_the_any_rule():
    item = ViolationItemFactory()
    add_fine_rule(item, party_kind="organisation", min=1000, max=10000)
    assert fine_range(item, "organisation").maximum == Decimal(10000)
    assert fine_range(item, "person").maximum == Decimal(5000)


def test_a_missing_rule_names_the_item_and_the_party_kind():
    item = ViolationItemFactory(
        code="JZ-T9", name="施工单位擅自倾倒建筑垃圾", rule__party_kind="organisation"
    )
    with pytest.raises(DomainError) as exc:
        fine_range(item, "person")
    assert exc.value.code == "fine_rule_missing"
    assert "JZ-T9 施工单位擅自倾倒建筑垃圾" in exc.value.message
    assert "自然人" in exc.value.message


def test_a_missing_band_is_refused():
    item = ViolationItemFactory(rule__bands=False)
    with pytest.raises(DomainError) as exc:
        fine_range(item, "person", "serious")
    assert exc.value.code == "band_missing"
    assert "严重" in exc.value.message


def test_a_band_is_not_borrowed_from_another_rule():
    """The person rule has no bands; the any rule's bands are in another range."""
    item = ViolationItemFactory()
    add_fine_rule(item, party_kind="person", min=50, max=200, bands=False)
    with pytest.raises(DomainError, match="裁量基准"):
        fine_range(item, "person", "minor")


@pytest.mark.parametrize(
    ("party_kind", "level", "code"),
    [
        ("citizen", None, "invalid_party_kind"),
        ("any", None, "invalid_party_kind"),
        ("person", "extreme", "invalid_level"),
    ],
)
def test_it_refuses_unknown_party_kinds_and_levels(party_kind, level, code):
    item = ViolationItemFactory()
    with pytest.raises(InvalidInput) as exc:
        fine_range(item, party_kind, level)
    assert exc.value.code == code


@pytest.mark.parametrize(
    ("rule", "low", "high", "base", "expected"),
    [
        # 城乡规划法 Art 64: 5%–10% of a construction cost of ¥1,000,000
        ("percent_of_cost", 5, 10, 1000000, (Decimal(50000), Decimal(100000))),
        # 城乡规划法 Art 66: up to 1× the temporary works cost of ¥80,000
        ("multiple", None, 1, 80000, (Decimal(0), Decimal(80000))),
        # a local benchmark of ¥10–20 per m² over 35.5 m²
        ("per_unit", 10, 20, "35.5", (Decimal(355), Decimal(710))),
    ],
)
def test_it_computes_yuan_from_the_base_of_a_based_rule(rule, low, high, base, expected):
    item = ViolationItemFactory(rule__rule=rule, rule__min=low, rule__max=high)
    result = fine_range(item, "organisation", base=base)
    assert (result.minimum, result.maximum) == expected
    assert (result.catalog_min, result.catalog_max) == (
        None if low is None else Decimal(low),
        Decimal(high),
    )


@pytest.mark.parametrize(
    ("rule", "words"),
    [("percent_of_cost", "工程造价"), ("multiple", "计罚基数"), ("per_unit", "计罚数量")],
)
def test_a_based_rule_without_base_is_refused_in_chinese(rule, words):
    item = ViolationItemFactory(rule__rule=rule, rule__min=1, rule__max=10)
    with pytest.raises(InvalidInput) as exc:
        fine_range(item, "person")
    assert exc.value.code == "base_required"
    assert exc.value.field == "base"
    assert words in exc.value.message


def test_a_band_of_a_percent_rule_is_in_percent_of_the_cost():
    item = ViolationItemFactory(rule__rule="percent_of_cost", rule__min=5, rule__max=10)
    general = fine_range(item, "person", "general", base=Decimal(200000))
    assert (general.catalog_min, general.catalog_max) == (Decimal(6), Decimal("7.5"))
    assert (general.minimum, general.maximum) == (Decimal(12000), Decimal(15000))


def test_yuan_amounts_are_rounded_to_the_fen():
    item = ViolationItemFactory(rule__rule="percent_of_cost", rule__min=5, rule__max=10)
    result = fine_range(item, "person", base="333.33")
    assert result.minimum == Decimal("16.67")  # 16.6665 rounded half up


def test_a_warning_only_rule_has_no_fine():
    item = ViolationItemFactory(
        penalty_kinds=["warning"], rule__rule="none", rule__min=None, rule__max=None
    )
    result = fine_range(item, "person")
    assert (result.minimum, result.maximum) == (Decimal(0), Decimal(0))
    assert "不罚款" in result.source


def test_a_band_outside_the_statutory_range_is_reported():
    item = ViolationItemFactory()
    DiscretionBand.objects.filter(item=item, level="serious").update(max=9000)
    with pytest.raises(DomainError) as exc:
        fine_range(item, "person", "serious")
    assert exc.value.code == "band_outside_range"


# --- check_fine ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "ok", "code"),
    [
        (499, False, "below_minimum"),
        (500, True, "ok"),
        (5000, True, "ok"),
        (5001, False, "above_maximum"),
    ],
)
def test_it_refuses_a_fine_outside_the_statutory_range_inclusive(amount, ok, code):
    item = ViolationItemFactory()
    check = check_fine(item, "person", amount)
    assert (check.ok, check.code) == (ok, code)
    assert check.within_band is None


def test_it_names_the_limit_and_the_provision_when_refusing():
    item = ViolationItemFactory(penalty_provision="《示范条例》第三十条")
    check = check_fine(item, "organisation", Decimal(6000))
    assert "超过法定最高额 ¥5,000" in check.message
    assert "《示范条例》第三十条" in check.message


def test_it_flags_a_lawful_fine_outside_its_band_for_legal_review():
    item = ViolationItemFactory()  # general band: ¥1,400–2,750
    inside = check_fine(item, "person", 2000, level="general")
    outside = check_fine(item, "person", 4000, level="general")
    assert (inside.ok, inside.within_band, inside.needs_legal_review) == (True, True, False)
    assert (outside.ok, outside.within_band, outside.needs_legal_review) == (True, False, True)
    assert outside.code == "out_of_band"
    assert "法制审核" in outside.message


def test_it_refuses_any_fine_where_the_rule_sets_none():
    item = ViolationItemFactory(
        penalty_kinds=["warning"], rule__rule="none", rule__min=None, rule__max=None
    )
    assert check_fine(item, "person", 0).ok
    refused = check_fine(item, "person", 50)
    assert (refused.ok, refused.code) == (False, "no_fine")


def test_it_checks_a_based_rule_against_the_base():
    """城乡规划法 Art 64: ¥60,000 on a ¥1,000,000 building is within 5%–10%."""
    item = ViolationItemFactory(rule__rule="percent_of_cost", rule__min=5, rule__max=10)
    assert check_fine(item, "organisation", 60000, base=1000000).ok
    assert not check_fine(item, "organisation", 40000, base=1000000).ok


@pytest.mark.parametrize("amount", [-1, "abc", "NaN"])
def test_it_refuses_an_amount_that_is_not_a_positive_number(amount):
    item = ViolationItemFactory()
    with pytest.raises(InvalidInput) as exc:
        check_fine(item, "person", amount)
    assert exc.value.field == "amount"
