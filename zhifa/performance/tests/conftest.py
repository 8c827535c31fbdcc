from zhifa.cases.tests.conftest import (  # noqa: F401  (the case fixtures, shared)
    citizen,
    company,
    flow,
    frozen,
    items,
)
