"""Generated identifiers are valid, and the check characters catch any single wrong character."""

from __future__ import annotations

import random
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from zhifa.parties.generate import (
    make_resident_id,
    random_mobile,
    random_resident_id,
    random_uscc,
)
from zhifa.parties.identifiers import (
    USCC_ALPHABET,
    birth_date_of,
    gender_of,
    validate_phone,
    validate_resident_id,
    validate_uscc,
)
from zhifa.testing.parties import unique_resident_id, unique_uscc

seeds = st.integers(min_value=0, max_value=2**64)
regions = st.sampled_from(["110101", "110105", "310104", "440305", "650102", "820000"])


@given(seed=seeds, region=regions, gender=st.sampled_from(["M", "F", None]))
def test_it_generates_valid_resident_ids(seed, region, gender):
    number = random_resident_id(random.Random(seed), region=region, gender=gender)
    assert validate_resident_id(number) == number
    assert number.startswith(region)
    assert date(1950, 1, 1) <= birth_date_of(number) <= date(2004, 12, 31)
    if gender:
        assert gender_of(number) == gender


@given(seed=seeds, born_from=st.dates(date(1900, 1, 1), date(2020, 12, 31)))
def test_it_generates_birth_dates_within_the_range_asked(seed, born_from):
    born_to = date(born_from.year + 5, 12, 31)
    number = random_resident_id(random.Random(seed), born_from=born_from, born_to=born_to)
    assert born_from <= birth_date_of(number) <= born_to


@given(seed=seeds, kind=st.sampled_from(["organisation", "sole_trader"]))
def test_it_generates_valid_credit_codes(seed, kind):
    code = random_uscc(random.Random(seed), kind=kind)
    assert validate_uscc(code) == code
    assert code[:2] == {"organisation": "91", "sole_trader": "92"}[kind]


@given(seed=seeds)
def test_it_generates_valid_mobile_numbers(seed):
    number = random_mobile(random.Random(seed))
    assert validate_phone(number) == number


def test_it_generates_the_same_values_from_the_same_seed():
    assert random_resident_id(random.Random(7)) == random_resident_id(random.Random(7))
    assert random_uscc(random.Random(7), kind="organisation") == random_uscc(
        random.Random(7), kind="organisation"
    )


def test_it_refuses_to_generate_for_an_unknown_region_or_kind():
    with pytest.raises(ValueError, match="region"):
        random_resident_id(random.Random(1), region="990101")
    with pytest.raises(ValueError, match="kind"):
        random_uscc(random.Random(1), kind="person")
    with pytest.raises(ValueError, match="sequence"):
        make_resident_id(region="110101", born=date(1990, 1, 1), sequence=1000)


@given(seed=seeds, position=st.integers(0, 17), replacement=st.sampled_from("0123456789X"))
def test_it_detects_any_single_changed_character_of_a_resident_id(seed, position, replacement):
    number = random_resident_id(random.Random(seed))
    assume(number[position] != replacement)
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(ValidationError):
        validate_resident_id(changed)


@given(seed=seeds, position=st.integers(0, 17), replacement=st.sampled_from(USCC_ALPHABET))
def test_it_detects_any_single_changed_character_of_a_credit_code(seed, position, replacement):
    code = random_uscc(random.Random(seed), kind="organisation")
    assume(code[position] != replacement)
    changed = code[:position] + replacement + code[position + 1 :]
    with pytest.raises(ValidationError):
        validate_uscc(changed)


def test_it_gives_factory_parties_unique_identifiers():
    n = 30000
    assert len({unique_resident_id(i) for i in range(n)}) == n
    assert len({unique_uscc(i, "organisation") for i in range(n)}) == n
