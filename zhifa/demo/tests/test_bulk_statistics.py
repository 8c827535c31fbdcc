"""The bulk path ends with ``ANALYZE`` (issue 11): the planner knows the tables it filled."""

from __future__ import annotations

import random

import pytest
from django.db import connection

from zhifa.cases.models import Case
from zhifa.demo.generators import bulk
from zhifa.demo.tests.conftest import TODAY, YEAR

pytestmark = pytest.mark.django_db


def test_the_bulk_load_leaves_the_planner_the_number_of_cases(demo_district):
    bulk.build_bulk(random.Random("stats"), YEAR, TODAY, 60, progress=lambda _: None)
    cases = Case.objects.count()
    assert cases == 60
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'cases_case'")
            counted = {int(row[0].split()[0]) for row in cursor.fetchall()}
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'cases_case'")
            counted = {int(row[0]) for row in cursor.fetchall()}
    assert counted == {cases}
