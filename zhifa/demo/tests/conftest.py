"""The demo district without its cases (catalog, people, parties), built by the demo's own
generators, for the tests that generate cases themselves."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from zhifa.demo.generators import district, parties
from zhifa.law.catalog_io import load_default_catalog
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import OrgUnit


@pytest.fixture
def demo_district(db) -> None:
    build_district()


def build_district() -> None:
    rng = random.Random("2026:district")
    load_default_catalog()
    units = district.build_units()
    district.build_people(rng, timezone.localdate(), units)
    streets = list(OrgUnit.objects.filter(kind=OrgUnitKind.STREET).order_by("code"))
    parties.build_parties(random.Random("2026:parties"), streets)
