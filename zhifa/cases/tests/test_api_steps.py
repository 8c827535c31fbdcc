"""The generic step endpoints: the case page's steps and forms through the API."""

from __future__ import annotations

import pytest

from zhifa.cases.models import Case, CaseEvent
from zhifa.cases.tests.pages_helpers import at

pytestmark = pytest.mark.django_db


def test_it_lists_the_steps_as_the_case_page_shows_them(flow, frozen, api, handler):
    case = flow.reported()
    steps = {s["name"]: s for s in api(handler).get(f"{case.pk}/steps")}
    assert steps["notify"]["allowed"] is True
    assert steps["decide"]["allowed"] is False
    assert "负责人" in steps["decide"]["reason"]


def test_it_takes_a_step_with_the_page_form_and_its_version(flow, frozen, api, handler):
    case = flow.reported()
    on = at(frozen, 8).isoformat()
    client = api(handler)
    body = {"version": case.version - 1, "on": on}
    stale = client.post(f"{case.pk}/steps/notify", body, expect=409)
    assert stale["code"] == "stale_version"
    assert not CaseEvent.objects.filter(case=case, kind="notify").exists()
    done = client.post(f"{case.pk}/steps/notify", {"version": case.version, "on": on})
    assert done["case"]["status"] == "notified"
    assert Case.objects.get(pk=case.pk).status == "notified"


def test_a_bad_field_is_422_naming_it_and_writes_nothing(flow, frozen, api, handler):
    case = flow.notified()
    at(frozen, 9)
    before = CaseEvent.objects.filter(case=case).count()
    refused = api(handler).post(
        f"{case.pk}/steps/record_statement", {"content": "", "version": case.version}, expect=422
    )
    assert refused["field"] == "content"
    assert CaseEvent.objects.filter(case=case).count() == before


def test_an_unknown_step_is_refused(flow, frozen, api, handler):
    case = flow.reported()
    api(handler).post(f"{case.pk}/steps/fly_to_the_moon", {}, expect=422)
