"""The paths a city-scale database takes (issue 11), taken here on a few cases by lowering their
thresholds: each must give the same answer as the path a district takes.

- counts stop at ``ZHIFA_COUNT_CAP`` and say so ("1000+", ``count_capped``);
- a common word is searched by a walk testing each case's tokens, a rare one through the
  index's ids — the same cases either way, on SQLite and PostgreSQL;
- "my cases" of a handler with thousands probes each case instead of collecting their ids."""

from __future__ import annotations

import pytest
from django.db.models import Q
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from zhifa.cases import selectors
from zhifa.cases.models import Case
from zhifa.cases.tests.test_pages_lists import many
from zhifa.core import textsearch
from zhifa.core.counting import AtLeast, CappedPaginator, capped_count

pytestmark = pytest.mark.django_db


def test_a_count_stops_at_the_cap_and_says_more(flow, frozen):
    many(5, flow, file=False)
    rows = Case.objects.all()
    with override_settings(ZHIFA_COUNT_CAP=3):
        counted = capped_count(rows)
        assert (int(counted), counted.capped, str(counted)) == (3, True, "3+")
        paginator = CappedPaginator(rows, 2)
        assert paginator.num_pages == 2  # the pages reach the cap, not past it
    assert (int(capped_count(rows)), capped_count(rows).capped) == (5, False)
    with override_settings(ZHIFA_COUNT_CAP=0):  # 0: exact
        assert str(capped_count(rows)) == "5"
    # templates print it with its "+", comparisons see the number
    shown = Template("{{ n }} {% if n > 2 %}more{% endif %}").render(
        Context({"n": AtLeast(3, True)})
    )
    assert shown == "3+ more"


def test_the_case_list_and_the_api_say_when_the_count_is_capped(flow, frozen, handler, api):
    many(4, flow, file=False)
    with override_settings(ZHIFA_COUNT_CAP=3):
        page = handler.client().get(reverse("cases:list")).content.decode()
        assert "共 3+ 件" in page
        assert "只列出前 3 件，请用上面的条件缩小范围" in page
        body = api(handler).client.get("/api/v1/cases/").json()
    assert (body["count"], body["count_capped"]) == (3, True)
    body = api(handler).client.get("/api/v1/cases/").json()
    assert (body["count"], body["count_capped"]) == (4, False)


@pytest.mark.parametrize("q", ["人民路", "人民路3", "占道", "鑫源", "有限公司", "号", "XYZ"])
def test_a_common_word_finds_the_same_cases_as_a_rare_one(flow, frozen, handler, monkeypatch, q):
    """The walk (each row's tokens, its party among the matching parties, its item) and the
    index's ids give the same cases, for the case's own text and for the party's name."""
    many(6, flow, file=False)
    user = handler.user
    rare = set(Case.objects.filter(selectors.text_match(user, q)).values_list("pk", flat=True))
    monkeypatch.setattr(selectors, "COMMON_MATCHES", 0)  # every word is "common"
    common = set(Case.objects.filter(selectors.text_match(user, q)).values_list("pk", flat=True))
    assert common == rare
    if q in ("人民路", "鑫源"):
        assert len(rare) == 6  # the place of each, the party of each


def test_the_row_test_matches_exactly_what_the_index_matches(flow, frozen):
    many(3, flow, file=False)
    for q in ("人民路1", "路", "1号", "巡查", "人民 路", "无此地"):
        by_index = Case.objects.filter(textsearch.condition(Case, q))
        by_row = Case.objects.filter(textsearch.row_condition(Case, q))
        assert set(by_row) == set(by_index), q


def test_mine_is_the_same_cases_whether_collected_or_probed(flow, frozen, handler, monkeypatch):
    many(4, flow)
    user = handler.user
    cases = Case.objects.order_by("-id")
    collected = list(selectors.mine(cases, user).values_list("pk", flat=True))
    monkeypatch.setattr(selectors, "MANY_CASES", 1)
    user._zhifa_handles_many = None  # forget the request's answer
    assert selectors.handles_many(user)
    probed = list(selectors.mine(cases, user).values_list("pk", flat=True))
    assert probed == collected
    assert len(collected) == 4


def test_the_first_of_several_statuses_are_those_one_sorted_query_gives(flow, frozen):
    """The leader's closing and archiving queues read each status's first rows from its index,
    all in one statement (``core.firsts.first_rows``): the same cases, in the same order, as
    sorting every case of those statuses."""
    from datetime import date, timedelta

    many(9, flow, file=False)
    statuses = ["closed", "not_filed", "withdrawn"]
    start = date(2026, 3, 1)
    for i, pk in enumerate(Case.objects.order_by("pk").values_list("pk", flat=True)):
        # interleaved: each status has early and late cases; two share a day (id breaks ties)
        Case.objects.filter(pk=pk).update(
            status=statuses[i % 3], status_on=start + timedelta(days=(i * 5) % 7)
        )
    rows = Case.objects.all()
    for limit in (1, 2, 4, 20):
        expected = list(rows.filter(status__in=statuses).order_by("status_on", "id")[:limit])
        assert selectors.first_by_status(rows, statuses, limit) == expected
    assert selectors.first_by_status(rows.none(), statuses, 3) == []
    assert selectors.first_by_status(rows, ["clue"], 3) == []


def test_a_street_officer_s_deadlines_are_its_street_s_read_by_the_clocks_own_street(
    flow, frozen, street_officer, west_street, handler
):
    """Each clock carries its case's street (``clocks.start``); a street officer's deadline
    lists read the street's clocks from their own index and show exactly the open clocks of
    the street's cases — none of another street's."""
    from datetime import timedelta

    from django.db.models import F

    from zhifa.cases.models import CaseDeadline
    from zhifa.cases.tests.pages_helpers import at, day

    at(frozen, 0)
    many(3, flow)
    many(2, flow, street=west_street)
    at(frozen, 95)
    clocks = CaseDeadline.objects.all()
    assert clocks.count() >= 5
    assert not clocks.filter(street__isnull=True).exists()
    assert not clocks.exclude(street_id=F("case__street_id")).exists()

    user = street_officer.user
    street = user.org_unit.street_id
    today = day(95)
    expected = set(
        clocks.filter(met_on__isnull=True, cancelled=False, case__street_id=street)
        .filter(due_on__lte=today + timedelta(days=selectors.warning_days()))
        .values_list("pk", flat=True)
    )
    assert expected
    assert set(selectors.deadlines_for_unit(user.org_unit.street, today, viewer=user)) == {
        CaseDeadline.objects.get(pk=pk) for pk in expected
    }
    overdue = {d.pk for d in selectors.overdue_deadlines(user, today)}
    assert overdue
    assert overdue <= expected
    everyone = {d.pk for d in selectors.overdue_deadlines(handler.user, today)}
    assert overdue < everyone  # the bureau also sees the other street's


def test_the_closing_queue_read_by_index_ranges_is_the_cases_whose_decision_needs_nothing_more(
    flow, frozen, leader
):
    """The leader's 结案 queue is read term by term (every performed case; a no-penalty or
    transferred outcome of the other statuses; a revoked decision): the same cases, longest
    waiting first, as the one condition over every case of those statuses."""
    from datetime import date, timedelta

    from zhifa.cases.workflow import STEPS

    many(18, flow, file=False)
    sources = sorted(STEPS["close"].sources)
    shapes = [  # (status, outcome, revoked)
        ("performed", "penalty", False),
        ("decided", "penalty", False),  # waits for performance: not in the queue
        ("decided", "transfer", False),
        ("decided", "no_penalty", False),  # a no-penalty decision still to be served
        ("served", "no_penalty", False),
        ("served", "penalty", False),
        ("served", "penalty", True),  # revoked
        ("court", "transfer", True),  # in two terms: once in the queue
        ("performed", "penalty", True),  # performed and revoked: once, whichever read it
    ]
    start = date(2026, 2, 1)
    for i, pk in enumerate(Case.objects.order_by("pk").values_list("pk", flat=True)):
        status, outcome, revoked = shapes[i % len(shapes)]
        if status not in sources:
            continue
        Case.objects.filter(pk=pk).update(
            status=status,
            outcome=outcome,
            decision_revoked=revoked,
            status_on=start + timedelta(days=(i * 3) % 5),
        )
    # the performed and revoked ones wait longest: read twice, they lead the queue
    Case.objects.filter(status="performed", decision_revoked=True).update(
        status_on=start - timedelta(days=1)
    )
    visible = Case.objects.all()
    closing = [item.case for item in selectors._closing_waiting(visible, 20)[0]]
    ended = (
        Q(status="performed")
        | Q(status__in=set(sources) - {"decided"}, outcome="no_penalty")
        | Q(status__in=sources, outcome="transfer")
        | Q(status__in=sources, decision_revoked=True)
    )
    expected = list(visible.filter(status__in=sources).filter(ended).order_by("status_on", "id"))
    assert len(expected) >= 5
    assert closing == expected[:20]
    for limit in (1, 3, 6):  # a case read twice never takes the place of another
        assert [i.case for i in selectors._closing_waiting(visible, limit)[0]] == expected[:limit]


def test_a_page_read_by_its_keys_is_the_page_the_slice_gives(
    flow, frozen, handler, django_assert_num_queries
):
    """core.counting.keyed_page (every CappedPaginator page of a queryset): the page's keys by a
    query of the key alone, then the rows by key with what the list shows — the same rows in
    the same order as the one sliced query, with the annotation, the joined rows (no query
    more when they are read) and the prefetched handlers."""
    from datetime import date

    from zhifa.cases.models import CaseDeadline
    from zhifa.core.counting import keyed_page

    many(5, flow)
    today = date(2026, 12, 31)

    def plain_page(number: int) -> list[Case]:
        return list(lists[0][(number - 1) * 2 : number * 2])

    lists = [
        selectors.case_list(handler.user, selectors.CaseFilters(), today),
        selectors.case_list(handler.user, selectors.CaseFilters(status="open", mine=True), today),
        selectors.deadlines_for_user(handler.user, today, days=400),
    ]
    for rows in lists:
        for bottom, top in ((0, 2), (2, 4), (4, 9), (9, 12)):
            plain = list(rows[bottom:top])
            keyed = keyed_page(rows, bottom, top)
            assert [r.pk for r in keyed] == [r.pk for r in plain]
            for got, want in zip(keyed, plain, strict=True):
                if isinstance(got, CaseDeadline):
                    with django_assert_num_queries(0):
                        assert got.case.party.name == want.case.party.name
                        assert got.case.violation_item_id == want.case.violation_item_id
                else:
                    with django_assert_num_queries(0):
                        assert got.next_due == want.next_due
                        assert got.party.name == want.party.name
                        handlers = [h.officer.name for h in got.active_handlers]
                        assert handlers == [h.officer.name for h in want.active_handlers]
    assert len(list(lists[0])) == 5
    assert len(list(lists[2])) > 2
    paginator = CappedPaginator(lists[0], 2)
    with django_assert_num_queries(4):  # the count, the keys, the rows, their handlers
        assert [c.pk for c in paginator.page(2).object_list] == [c.pk for c in plain_page(2)]
    assert [c.pk for c in paginator.page(3).object_list] == [c.pk for c in lists[0][4:5]]
    # dictionaries and aggregates are paged as Django pages them
    assert paginator.__class__(lists[0].values("id"), 2).page(1).object_list[0].keys() == {"id"}
