"""Parties seen by the personas: one in 东城街道 (the street officer's), one in 西城街道."""

from __future__ import annotations

import pytest

from zhifa.cases.tests.conftest import (  # noqa: F401  (case fixtures re-exported)
    citizen,
    company,
    flow,
    items,
)
from zhifa.org.models import OrgUnit
from zhifa.parties.choices import IdType
from zhifa.parties.models import Party, identity_index
from zhifa.testing import parties as pf

# A valid 18-digit number (the example of GB 11643-1999) and its 15-digit form.
ID18 = "11010519491231002X"
ID15 = "110105491231002"
USCC = "91350100M000100Y43"  # valid GB 32100-2015 code


def index18() -> str:
    """The blind index of ID18 (and of ID15: one person) under the current key."""
    return identity_index(IdType.RESIDENT_ID, ID18)


@pytest.fixture
def east_party(east_street: OrgUnit) -> Party:
    return pf.person(
        name="张三",
        id_number=ID18,
        phone="13812345678",
        address="北京市东城区东华门街道南池子大街1号",
        street=east_street,
    )


@pytest.fixture
def west_party(west_street: OrgUnit) -> Party:
    return pf.person(name="李四", street=west_street)


@pytest.fixture
def east_company(east_street: OrgUnit) -> Party:
    return pf.organisation(
        name="北京鑫源建筑工程有限公司",
        id_number=USCC,
        legal_representative="王五",
        legal_representative_id_number=pf.unique_resident_id(424242),
        phone="010-12345678",
        address="北京市东城区和平里北街9号",
        street=east_street,
    )
