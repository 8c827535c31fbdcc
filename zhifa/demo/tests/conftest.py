"""The demo district without its cases (catalog, people, parties), built by the demo's own
generators, for the tests that generate cases themselves; and the demo tests' clock.

The demo depends on the day it runs: its default year is the previous calendar year, the
people's certificates, checks and training hours are drawn back from today, and the disclosure
job catches up to today. So every demo test runs on ``TODAY`` (frozen), whatever the real date:
the generated year is then the same on every run (on 2026-12-02 the real clock gave a year
without a changed decision, and the disclosure test failed)."""

from __future__ import annotations

import random
from datetime import date

import pytest
import time_machine
from django.utils import timezone

from zhifa.demo.generators import district, parties
from zhifa.law.catalog_io import load_default_catalog
from zhifa.org.choices import OrgUnitKind
from zhifa.org.models import OrgUnit

TODAY = date(2026, 11, 27)  # a Friday; the demo's default year is then 2025
YEAR = TODAY.year - 1


def demo_clock() -> time_machine.travel:
    """The clock stopped at 10:00 of ``TODAY`` (Asia/Shanghai): a fixture, or a decorator of a
    ``TestCase`` class (it then covers ``setUpTestData``)."""
    return time_machine.travel(f"{TODAY.isoformat()} 10:00 +0800", tick=False)


@pytest.fixture(autouse=True)
def _demo_today():
    with demo_clock():
        yield


@pytest.fixture
def demo_district(db) -> None:
    build_district()


def build_district() -> None:
    rng = random.Random("2026:district")
    load_default_catalog()
    build_accounts(rng)
    streets = list(OrgUnit.objects.filter(kind=OrgUnitKind.STREET).order_by("code"))
    parties.build_parties(random.Random("2026:parties"), streets)


def build_accounts(rng: random.Random | None = None) -> None:
    """The demo's units and people with their logins, certificates and training (as of today),
    without catalog or parties: what the login tests need (the 525 parties are 2/3 of the
    district's cost)."""
    units = district.build_units()
    district.build_people(rng or random.Random("2026:district"), timezone.localdate(), units)
