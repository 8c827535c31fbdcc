"""The credit profile: a party's enforcement history across all its cases on the party page, and
repeat violations of the same catalog item within ZHIFA_REPEAT_VIOLATION_MONTHS (default 12),
which weigh in discretion (行政处罚法 Art 34 benchmarks)."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template

from zhifa.disclosure.history import repeat_violations, repeat_window
from zhifa.disclosure.tests.conftest import on_the_spot, run_job


@pytest.fixture
def repeated(handler, handler2, items, citizen, east_street, clock):
    """The same citizen spat in the street on 2025-11-03 and 2026-09-28, and let a dog foul on
    2026-10-09."""
    clock(date(2025, 11, 3))
    first = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    clock(date(2026, 9, 28))
    second = on_the_spot(handler, handler2, items["spit"], citizen, east_street)
    clock(date(2026, 10, 9))
    other = on_the_spot(handler, handler2, items["dog"], citizen, east_street)
    return first, second, other


def test_it_flags_the_same_item_within_a_year(repeated):
    first, second, other = repeated
    assert repeat_violations(second) == [first]
    assert repeat_window(second) == (date(2025, 9, 28), date(2026, 9, 28))
    assert repeat_violations(other) == []
    assert repeat_violations(first) == []


def test_the_period_is_configurable(settings, repeated):
    settings.ZHIFA_DISCLOSURE = settings.ZHIFA_DISCLOSURE | {"REPEAT_VIOLATION_MONTHS": 6}
    assert repeat_violations(repeated[1]) == []


def test_a_revoked_decision_is_no_repetition(repeated, leader):
    from zhifa.disclosure.tests.conftest import remedy_result

    first, second, _ = repeated
    remedy_result(
        first,
        leader.user,
        result="revoked",
        applied_on=date(2025, 11, 4),
        decided_on=date(2025, 12, 1),
    )
    assert repeat_violations(second) == []


def test_the_case_page_include_names_the_earlier_decision(repeated):
    first, second, _ = repeated
    html = Template("{% load disclosure %}{% repeat_violations_panel case %}").render(
        Context({"case": second})
    )
    assert "重复违法" in html
    assert first.number in html
    assert (
        Template("{% load disclosure %}{% repeat_violations_panel case %}")
        .render(Context({"case": first}))
        .strip()
        == ""
    )


def test_the_case_page_warns_the_handler_of_the_repetition(repeated, handler):
    first, second, other = repeated
    html = handler.client().get(f"/cases/{second.pk}/").content.decode()
    assert 'id="repeat-violations"' in html
    assert first.number in html
    assert (
        'id="repeat-violations"' not in handler.client().get(f"/cases/{other.pk}/").content.decode()
    )


def test_the_party_page_shows_the_history_of_every_case(repeated, handler, citizen):
    run_job(date(2026, 10, 9))
    html = handler.client().get(f"/parties/{citizen.pk}/").content.decode()
    assert 'id="enforcement-history"' in html
    assert "共 3 件案件，其中处罚决定 3 件" in html
    for case in repeated:
        assert case.number in html
    assert "公示中" in html
    assert "暂无执法记录" not in html


def test_a_street_officer_sees_only_its_streets_cases(
    repeated, citizen, handler, handler2, items, west_street, street_officer
):
    elsewhere = on_the_spot(handler, handler2, items["dog"], citizen, west_street)
    html = street_officer.client().get(f"/parties/{citizen.pk}/").content.decode()
    assert "共 3 件案件" in html
    assert "另有 1 件不在您的数据范围内" in html
    assert elsewhere.number not in html


def test_a_party_without_cases_has_an_empty_record(handler, company):
    html = handler.client().get(f"/parties/{company.pk}/").content.decode()
    assert "暂无执法记录" in html
