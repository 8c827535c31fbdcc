"""The seed catalog (fixtures/catalog.json): what the bureau's report names is covered, every
figure sits where rules.md puts it, and every band lies within its statutory range."""

from collections import Counter
from decimal import Decimal
from itertools import pairwise

import pytest

from zhifa.law.amounts import ZERO, band_outside_rule, resolve_rule
from zhifa.law.catalog_io import load_default_catalog
from zhifa.law.choices import LEVEL_ORDER, BandLevel, FineRuleKind
from zhifa.law.fines import fine_range, hearing_possible, simple_procedure_eligibility
from zhifa.law.models import ViolationItem
from zhifa.parties.choices import PartyKind

pytestmark = pytest.mark.django_db

# The areas of the 2022 report: 市容秩序、建筑垃圾、燃气安全、道路桥梁(破路)、违建、养犬、垃圾分类.
REPORT_AREAS = {
    "city_appearance",
    "construction_waste",
    "gas",
    "roads",
    "planning",
    "dogs",
    "garbage_sorting",
}


@pytest.fixture
def seed():
    load_default_catalog()
    return list(ViolationItem.objects.prefetch_related("fine_rules", "discretion_bands"))


def test_it_has_at_least_60_active_items_covering_every_area_of_the_report(seed):
    active = [i for i in seed if i.active]
    assert len(active) >= 60
    assert {i.category for i in active} >= REPORT_AREAS


def test_loading_it_twice_creates_nothing_new():
    first = load_default_catalog()
    second = load_default_catalog()
    assert first.total == len(first.created) >= 60
    assert (second.created, second.updated) == ([], [])
    assert len(second.unchanged) == first.total
    assert ViolationItem.objects.count() == first.total


def test_every_band_lies_within_its_statutory_range(seed):
    for item in seed:
        rules = list(item.fine_rules.all())
        for band in item.discretion_bands.all():
            assert band_outside_rule(band.party_kind, band.min, band.max, rules) is None, (
                item.code,
                band.party_kind,
                band.level,
            )


def test_every_rule_has_four_bands_that_climb_from_the_minimum_to_the_maximum(seed):
    for item in seed:
        for rule in item.fine_rules.all():
            bands = sorted(
                (b for b in item.discretion_bands.all() if b.party_kind == rule.party_kind),
                key=lambda b: LEVEL_ORDER[b.level],
            )
            assert [b.level for b in bands] == BandLevel.values, (item.code, rule.party_kind)
            assert bands[0].min == (rule.min or ZERO), item.code
            assert bands[-1].max == (rule.max or ZERO), item.code
            for lower, higher in pairwise(bands):
                assert lower.min <= higher.min, item.code
                assert lower.max <= higher.max, item.code
            assert all(b.facts.strip() for b in bands)


def test_the_hearing_flag_matches_the_default_thresholds(seed):
    """Art 63 with the default thresholds (person > ¥3,000, organisation > ¥50,000)."""
    for item in seed:
        possible = []
        for kind in PartyKind.values:
            if resolve_rule(list(item.fine_rules.all()), kind) is not None:
                possible.append(hearing_possible(item, kind))
        assert item.hearing_applies is any(possible), item.code


def test_unverified_items_are_inactive_and_139_is_secondary(seed):
    for item in seed:
        if item.legal_status == "unverified":
            assert not item.active, item.code
        if "建设部令第139号" in item.penalty_provision:
            assert item.legal_status in {"secondary", "unverified"}, item.code


def test_a_local_default_says_where_its_amounts_come_from(seed):
    defaults = [i for i in seed if i.local_default]
    assert defaults
    for item in defaults:
        assert "北京市市容环境卫生条例" in item.basis_note, item.code
        assert "本地默认" in item.basis_note, item.code


def test_each_gas_user_item_has_separate_organisation_and_person_ranges(seed):
    """城镇燃气管理条例 Art 49: organisation ≤ ¥100,000, individual ≤ ¥1,000."""
    users = [i for i in seed if "第四十九条" in i.penalty_provision]
    assert len(users) == 6
    for item in users:
        assert fine_range(item, "organisation").maximum == Decimal(100000)
        assert fine_range(item, "person").maximum == Decimal(1000)


def test_there_is_one_road_item_per_act_and_failure_of_art_42(seed):
    """城市道路管理条例 Art 42: may fine up to ¥20,000."""
    roads = [i for i in seed if i.category == "roads"]
    assert len(roads) == 14
    for item in roads:
        result = fine_range(item, "organisation")
        assert (result.minimum, result.maximum) == (ZERO, Decimal(20000))


CODES = {
    # code: (party kind, statutory minimum, maximum) straight from rules.md §5
    "SR-001": ("person", 50, 200),
    "SR-014": ("person", 500, 5000),
    "SR-017": ("organisation", 300, 3000),
    "SR-008": ("organisation", 10000, 500000),
    "SR-012": ("person", 20, 50),
    "SR-013": ("organisation", 2000, 20000),
    "JZ-011": ("person", 0, 200),
    "JZ-101": ("organisation", 100000, 1000000),
    "GF-001": ("person", 100, 500),
    "RQ-001": ("organisation", 50000, 500000),
    "RQ-020": ("person", 5000, 50000),
    "RQ-025": ("person", 0, 5000),
    "GH-007": ("organisation", 10000, 50000),
    "YQ-001": ("person", 50, 50),
    "LJ-002": ("person", 50, 200),
    "LJ-003": ("organisation", 1000, 1000),
    "LJ-004": ("organisation", 10000, 50000),
    "LJ-009": ("organisation", 10000, 100000),
}


@pytest.mark.parametrize("code", CODES)
def test_the_seed_carries_the_amounts_of_rules_md(seed, code):
    party_kind, low, high = CODES[code]
    item = next(i for i in seed if i.code == code)
    result = fine_range(item, party_kind)
    assert (result.minimum, result.maximum) == (Decimal(low), Decimal(high))


def test_illegal_construction_fines_follow_the_construction_cost(seed):
    """城乡规划法 Art 64: 5%–10% of the cost; Art 66: up to 1× the temporary works cost."""
    by_code = {i.code: i for i in seed}
    art_64 = fine_range(by_code["GH-001"], "organisation", base=Decimal(2000000))
    assert (art_64.minimum, art_64.maximum) == (Decimal(100000), Decimal(200000))
    assert by_code["GH-001"].fine_rules.get().rule == FineRuleKind.PERCENT_OF_COST
    art_66 = fine_range(by_code["GH-004"], "person", base=Decimal(30000))
    assert (art_66.minimum, art_66.maximum) == (ZERO, Decimal(30000))
    assert "confiscate_property" in by_code["GH-003"].penalty_kinds


def test_the_everyday_street_cases_can_be_decided_on_the_spot(seed):
    """The report's 简易处罚: dog faeces ¥50 and repeated failure to sort ¥50–200."""
    by_code = {i.code: i for i in seed}
    assert simple_procedure_eligibility(by_code["YQ-001"], "person", amount=50).ok
    assert simple_procedure_eligibility(by_code["LJ-002"], "person", amount=200).ok
    assert simple_procedure_eligibility(by_code["LJ-001"], "person").ok  # written warning
    assert not simple_procedure_eligibility(by_code["SR-014"], "person").ok


def test_codes_follow_one_prefix_per_area(seed):
    prefixes = Counter((i.code.split("-")[0], i.category) for i in seed)
    by_prefix = Counter(prefix for prefix, _ in prefixes)
    assert all(n == 1 for n in by_prefix.values()), prefixes
