"""A bounded fuzzing pass over the whole OpenAPI (issue 10, "Robustness"): schemathesis sends
generated requests — unbounded years, day counts and integers, wrong types, missing fields — to
every operation of ``/api/v1/``, signed in as a handler (the role with the most write paths), and
no answer may be an HTTP 5xx. A refusal is a 4xx with a Chinese message; a crash is a defect.

Bounded: ``ZHIFA_FUZZ_EXAMPLES`` examples per operation (default 12, so the pass takes about a
minute of the suite); raise it for a deeper run (``ZHIFA_FUZZ_EXAMPLES=200 pytest tests/api``).
The generated data is random but the seed is fixed (``derandomize``), so CI is repeatable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from zhifa.api import api

EXAMPLES = int(os.environ.get("ZHIFA_FUZZ_EXAMPLES", "12"))

_django = get_wsgi_application()


def _app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """The WSGI application without closing the test's database connection at the end of
    each request (as Django's own test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        return list(_django(environ, start_response))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = _app


@pytest.fixture
def token(db, handler, items, company) -> str:
    from zhifa.core.actions import create_api_token

    _, raw = create_api_token(handler.user)
    return raw


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_is_answered_with_a_server_error(case, token):
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → HTTP {response.status_code}\n"
        f"{case.as_curl_command()}\n{response.text[:2000]}"
    )
