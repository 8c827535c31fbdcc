from zhifa.cases.tests.conftest import (  # noqa: F401  (the case fixtures, shared)
    api,
    api_flow,
    citizen,
    company,
    flow,
    frozen,
    items,
)
