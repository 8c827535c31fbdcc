"""The case fixtures (a catalog and a party for the generated requests to meet)."""

from zhifa.cases.tests.conftest import company, items  # noqa: F401  (fixtures re-exported)
