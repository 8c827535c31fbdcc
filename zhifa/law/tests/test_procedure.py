"""The procedure a fine leads to: simple procedure (行政处罚法 Art 51), on-the-spot collection
(Art 68) and the hearing (Art 63, thresholds from local configuration)."""

from decimal import Decimal

import pytest

from zhifa.core.errors import InvalidInput
from zhifa.law.fines import (
    hearing_possible,
    hearing_required,
    on_spot_collection_allowed,
    simple_procedure_eligibility,
    simple_procedure_limit,
)
from zhifa.testing.law import ViolationItemFactory, add_fine_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def warning_or_fine():
    """A warning, or a fine of up to ¥5,000."""
    return ViolationItemFactory(penalty_kinds=["warning", "fine"], rule__min=None, rule__max=5000)


@pytest.mark.parametrize(
    ("party_kind", "amount", "ok", "code"),
    [
        ("person", 200, True, "ok"),
        ("person", 201, False, "above_simple_limit"),
        ("sole_trader", 200, True, "ok"),
        ("sole_trader", 201, False, "above_simple_limit"),
        ("organisation", 3000, True, "ok"),
        ("organisation", 3001, False, "above_simple_limit"),
        ("person", 0, True, "ok"),  # the warning alone
        ("person", None, True, "ok"),
    ],
)
def test_art_51_limits_are_inclusive(warning_or_fine, party_kind, amount, ok, code):
    result = simple_procedure_eligibility(warning_or_fine, party_kind, amount=amount)
    assert (result.ok, result.code) == (ok, code)


def test_the_refusal_says_why_and_cites_art_51(warning_or_fine):
    result = simple_procedure_eligibility(warning_or_fine, "person", amount=Decimal(201))
    assert "超过简易程序限额 ¥200" in result.message
    assert "第五十一条" in result.message
    assert "普通程序" in result.message


def test_a_sole_trader_has_the_organisation_limit_when_configured(warning_or_fine, settings):
    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "SOLE_TRADER_AS": "organisation"}
    assert simple_procedure_limit("sole_trader") == Decimal(3000)
    assert simple_procedure_eligibility(warning_or_fine, "sole_trader", amount=3000).ok


def test_a_warning_only_item_is_always_eligible_without_a_fine():
    """北京市生活垃圾管理条例 Art 67 ¶2: a first refusal to sort earns a written warning."""
    item = ViolationItemFactory(
        penalty_kinds=["warning"],
        rule__party_kind="person",
        rule__rule="none",
        rule__min=None,
        rule__max=None,
    )
    assert simple_procedure_eligibility(item, "person").ok
    assert simple_procedure_eligibility(item, "person", amount=0).ok
    refused = simple_procedure_eligibility(item, "person", amount=50)
    assert (refused.ok, refused.code) == (False, "no_fine")


@pytest.mark.parametrize(
    ("party_kind", "ok", "code"),
    [("person", False, "minimum_above_limit"), ("organisation", True, "ok")],
)
def test_without_an_amount_the_lowest_fine_decides(party_kind, ok, code):
    """¥500–5,000 (北京市容条例 Art 35): never on the spot for a person, possible for a company."""
    item = ViolationItemFactory()
    result = simple_procedure_eligibility(item, party_kind)
    assert (result.ok, result.code) == (ok, code)


def test_without_an_amount_a_level_uses_its_band():
    item = ViolationItemFactory(rule__min=100, rule__max=1000)  # bands: 100, 280, 550, 820
    assert simple_procedure_eligibility(item, "person", level="minor").ok
    assert not simple_procedure_eligibility(item, "person", level="general").ok


@pytest.mark.parametrize(
    "kinds",
    [
        ["fine", "confiscate_property"],
        ["fine", "confiscate_gains"],
        ["fine", "revoke_permit"],
        ["warning", "order_closure"],
        ["fine", "suspend_permit"],
    ],
)
def test_an_item_with_penalties_beyond_warning_and_fine_is_not_simple(kinds):
    item = ViolationItemFactory(penalty_kinds=kinds, rule__min=None, rule__max=200)
    result = simple_procedure_eligibility(item, "person", amount=50)
    assert (result.ok, result.code) == (False, "penalty_kind_not_simple")
    assert "只能给予警告或罚款" in result.message


def test_a_case_imposing_only_the_fine_may_still_be_simple():
    """北京市容条例 Art 35: a fine, and the confiscation only where needed."""
    item = ViolationItemFactory(
        penalty_kinds=["correction_order", "fine", "confiscate_property"],
        rule__min=None,
        rule__max=200,
    )
    assert simple_procedure_eligibility(item, "person", amount=150, penalty_kinds=["fine"]).ok


def test_non_penalty_measures_do_not_block_the_simple_procedure(warning_or_fine):
    warning_or_fine.penalty_kinds = ["correction_order", "demolition", "warning", "fine"]
    assert simple_procedure_eligibility(warning_or_fine, "person", amount=100).ok


def test_intended_penalties_must_be_in_the_catalog(warning_or_fine):
    with pytest.raises(InvalidInput) as exc:
        simple_procedure_eligibility(warning_or_fine, "person", penalty_kinds=["revoke_permit"])
    assert exc.value.code == "penalty_kind_not_in_catalog"


def test_a_fine_outside_the_statutory_range_is_not_simple():
    item = ViolationItemFactory(rule__min=50, rule__max=200)
    result = simple_procedure_eligibility(item, "person", amount=20)
    assert (result.ok, result.code) == (False, "below_minimum")


def test_a_fine_outside_its_band_is_not_decided_on_the_spot():
    item = ViolationItemFactory(rule__min=None, rule__max=200)  # minor band: 0–40
    result = simple_procedure_eligibility(item, "person", amount=150, level="minor")
    assert (result.ok, result.code) == (False, "out_of_band")


def test_zero_without_a_warning_is_not_a_penalty():
    item = ViolationItemFactory(rule__min=None, rule__max=200)
    result = simple_procedure_eligibility(item, "person", amount=0)
    assert (result.ok, result.code) == (False, "no_simple_penalty")


@pytest.mark.parametrize(
    ("low", "ok"),
    [(None, True), (5, False)],
)
def test_a_based_rule_without_amount_is_possible_only_without_a_minimum(low, ok):
    item = ViolationItemFactory(rule__rule="multiple", rule__min=low, rule__max=10)
    assert simple_procedure_eligibility(item, "person").ok is ok


# --- On-the-spot collection (Art 68) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "hard", "allowed"),
    [
        (0, False, True),
        (100, False, True),
        (Decimal("100.01"), False, False),
        (101, False, False),
        (101, True, True),
        (200, True, True),
    ],
)
def test_art_68_collects_up_to_100_or_when_later_collection_is_hard(amount, hard, allowed):
    assert on_spot_collection_allowed(amount, hard_to_collect_later=hard) is allowed


def test_on_spot_collection_refuses_a_negative_amount():
    with pytest.raises(InvalidInput):
        on_spot_collection_allowed(-5)


# --- Hearing (Art 63) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("party_kind", "amount", "required"),
    [
        ("person", 3000, False),
        ("person", 3001, True),
        ("sole_trader", 3001, True),
        ("organisation", 50000, False),
        ("organisation", 50001, True),
        ("person", None, False),
    ],
)
def test_art_63_threshold_is_exclusive(party_kind, amount, required):
    assert hearing_required(party_kind, amount=amount) is required


def test_the_hearing_threshold_is_configuration(settings):
    """Fujian 住建 style thresholds (rules.md §1.6): the numbers come from settings."""
    settings.ZHIFA_LOCAL_RULES = {
        **settings.ZHIFA_LOCAL_RULES,
        "HEARING_THRESHOLD_PERSON": Decimal(10000),
        "HEARING_THRESHOLD_ORG": Decimal(100000),
    }
    assert hearing_required("person", amount=10000) is False
    assert hearing_required("person", amount=10001) is True
    assert hearing_required("organisation", amount=100000) is False
    assert hearing_required("organisation", amount=100001) is True


@pytest.mark.parametrize("kind", ["revoke_permit", "order_closure", "suspend_permit"])
def test_revocation_suspension_and_closure_always_need_a_hearing(kind):
    assert hearing_required("person", amount=0, penalty_kinds=[kind]) is True


@pytest.mark.parametrize(
    ("value", "required"),
    [(None, True), (3000, False), (3001, True)],
)
def test_confiscation_of_a_large_value_needs_a_hearing(value, required):
    result = hearing_required(
        "person",
        amount=100,
        penalty_kinds=["fine", "confiscate_property"],
        confiscation_value=value,
    )
    assert result is required


def test_a_warning_needs_no_hearing():
    assert hearing_required("organisation", penalty_kinds=["warning"]) is False


def test_an_item_can_reach_a_hearing_when_its_maximum_exceeds_the_threshold():
    small = ViolationItemFactory(rule__min=50, rule__max=200)
    any_5000 = ViolationItemFactory()
    org_only = ViolationItemFactory(rule__party_kind="organisation", rule__max=50000)
    based = ViolationItemFactory(rule__rule="percent_of_cost", rule__min=5, rule__max=10)
    assert hearing_possible(small, "person") is False
    assert hearing_possible(any_5000, "person") is True
    assert hearing_possible(any_5000, "organisation") is False
    assert hearing_possible(org_only, "organisation") is False
    assert hearing_possible(based, "person") is True


def test_an_item_with_a_party_kind_rule_above_its_own_threshold():
    item = ViolationItemFactory(rule=False)
    add_fine_rule(item, party_kind="organisation", min=50000, max=100000)
    assert hearing_possible(item, "organisation") is True
