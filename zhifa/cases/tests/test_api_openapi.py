"""/api/v1/openapi.json documents the whole case API: every path, a Chinese summary on each
operation, a typed request body on each step and a typed response (errors included)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases"
READS = [
    "/",
    "/{case_id}",
    "/by-number/{number}",
    "/{case_id}/events",
    "/{case_id}/deadlines",
    "/deadlines",
    "/{case_id}/balance",
    "/{case_id}/evidence/{file_id}",
    "/{case_id}/steps",
]
STEPS = [
    "/{case_id}/steps/{step}",
    "/clues",
    "/on-the-spot",
    "/{case_id}/request-filing",
    "/{case_id}/approve-filing",
    "/{case_id}/reject-filing",
    "/{case_id}/withdraw",
    "/{case_id}/handlers",
    "/{case_id}/handlers/{officer_id}/recuse",
    "/{case_id}/evidence",
    "/{case_id}/transcripts",
    "/{case_id}/void-entry",
    "/{case_id}/preservations",
    "/{case_id}/preservations/{preservation_id}/approve",
    "/{case_id}/preservations/{preservation_id}/decide",
    "/{case_id}/report",
    "/{case_id}/notice",
    "/{case_id}/statements",
    "/{case_id}/waive-statement",
    "/{case_id}/hearing/request",
    "/{case_id}/hearing/schedule",
    "/{case_id}/hearing/record",
    "/{case_id}/legal-review",
    "/{case_id}/legal-review/opinion",
    "/{case_id}/collective-discussion",
    "/{case_id}/extend-time-limit",
    "/{case_id}/decide",
    "/{case_id}/simple-filing",
    "/{case_id}/remedies",
    "/{case_id}/remedies/{remedy_id}/result",
    "/{case_id}/close",
    "/{case_id}/archive",
    "/{case_id}/payments",
    "/{case_id}/payment-plans",
    "/{case_id}/payment-plans/{plan_id}/decision",
    "/{case_id}/reminders",
    "/{case_id}/reminder-statements",
    "/{case_id}/court-applications",
    "/{case_id}/court-applications/{application_id}/progress",
]
MULTIPART = {"/clues", "/on-the-spot", "/{case_id}/evidence"}


@pytest.fixture(scope="module")
def schema(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_case_path_is_documented(schema):
    paths = {p for p in schema["paths"] if p.startswith(CASES)}
    expected = {CASES + p for p in READS + STEPS}
    assert expected <= paths
    assert paths - expected == set(), "an endpoint is missing from this list"


@pytest.mark.parametrize("path", READS)
def test_every_read_has_a_chinese_summary_and_a_typed_response(schema, path):
    operation = schema["paths"][CASES + path]["get"]
    assert _chinese(operation["summary"])
    assert operation["responses"]["200"]["content"]
    if path != "/{case_id}/evidence/{file_id}":
        assert operation["responses"]["404"]["content"]["application/json"]["schema"]


@pytest.mark.parametrize("path", STEPS)
def test_every_step_has_a_chinese_summary_a_typed_body_and_typed_responses(schema, path):
    operation = schema["paths"][CASES + path]["post"]
    assert _chinese(operation["summary"])
    content = operation["requestBody"]["content"]
    kind = "multipart/form-data" if path in MULTIPART else "application/json"
    assert content[kind]["schema"]
    [ok] = [code for code in operation["responses"] if code in {"200", "201"}]
    assert operation["responses"][ok]["content"]["application/json"]["schema"]
    for refusal in ("403", "404", "409", "422"):
        error = operation["responses"][refusal]["content"]["application/json"]["schema"]
        assert error == {"$ref": "#/components/schemas/ErrorOut"}


def test_choices_and_versions_are_documented(schema):
    components = schema["components"]["schemas"]
    report = components["ReportIn"]["properties"]
    assert report["outcome"]["enum"] == ["penalty", "no_penalty", "transfer"]
    assert "version" in report
    assert "stale_version" in report["version"]["description"]
    assert components["CaseDetailOut"]["properties"]["owed"]
