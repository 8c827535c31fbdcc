"""The case list (filters, paging, a fixed number of queries) and the deadline lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from zhifa.cases import actions, selectors
from zhifa.cases.models import Case, CaseDeadline
from zhifa.cases.record import Place
from zhifa.cases.tests.pages_helpers import at, day

pytestmark = pytest.mark.django_db


def many(n, flow, *, file: bool = True, street=None) -> list[Case]:
    """``n`` cases of the flow's handlers, filed (two handlers, a 90-day clock) when ``file``."""
    cases = []
    for i in range(n):
        case = actions.register_clue(
            source="patrol",
            found_on=day(0) - timedelta(days=i % 20),
            facts=f"巡查发现第{i}处占道",
            place=Place(f"人民路{i}号"),
            street=street or flow.street,
            actor=flow.handler.user,
            violation_item=flow.item,
            party=flow.party,
        )
        if file:
            actions.request_filing(
                case,
                actor=flow.handler.user,
                handlers=[flow.handler.officer, flow.handler2.officer],
                violation_item=flow.item,
                party=flow.party,
                act_on=case.found_on,
                on=day(0),
            )
            actions.approve_filing(case, actor=flow.leader.user, on=day(0))
        cases.append(case)
    return cases


def test_the_list_shows_status_party_item_handlers_and_the_next_due_date(flow, frozen, handler):
    case = flow.filed()
    text = handler.client().get(reverse("cases:list")).content.decode()
    assert case.number in text
    assert "调查取证" in text
    assert "示范市鑫源建筑工程有限公司" in text
    assert "张伟、李娜" in text
    assert "2026-06-01" in text  # 90 days after filing (Art 60), rolled past a Sunday


def test_the_list_queries_do_not_grow_with_the_cases(
    flow, frozen, handler, django_assert_max_num_queries
):
    many(5, flow)
    client = handler.client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:list"))
    many(45, flow)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("cases:list"))
    assert response.content.decode().count('data-label="编号"') == 50


def test_auxiliary_staff_do_not_find_cases_by_the_partys_name(flow, frozen, auxiliary, leader):
    """They see the party masked (行政处罚法 Art 50): a name they may not read is no search
    term for them either — on the page as in the API. The number and the place still are."""
    case = many(1, flow)[0]
    page = auxiliary.client().get(reverse("cases:list"), {"q": "鑫源"}).content.decode()
    assert case.number not in page
    page = auxiliary.client().get(reverse("cases:list"), {"q": case.number[-6:]}).content.decode()
    assert case.number in page
    assert case.number in leader.client().get(reverse("cases:list"), {"q": "鑫源"}).content.decode()


def test_it_filters_by_status_procedure_text_mine_dates_and_overdue(
    flow, frozen, handler, leader, handler2, west_street
):
    filed = many(3, flow)
    clue = many(1, flow, file=False)[0]
    other = many(1, flow, file=False, street=west_street)[0]
    client = leader.client()

    def numbers(**params) -> set[str]:
        text = client.get(reverse("cases:list"), params).content.decode()
        return {c.number for c in Case.objects.all() if c.number in text}

    assert numbers(status="clue") == {clue.number, other.number}
    assert numbers(status="investigating") == {c.number for c in filed}
    assert numbers(procedure="simple") == set()
    assert numbers(q="人民路1号") == {filed[1].number}
    assert numbers(q=filed[2].number) == {filed[2].number}
    assert numbers(q="鑫源") == {c.number for c in Case.objects.all()}
    assert numbers(street=west_street.pk) == {other.number}
    assert numbers(date_from="2026-02-28", date_to="2026-02-28") == {filed[2].number}
    assert numbers(date_field="filed_on", date_from="2026-03-02") == {c.number for c in filed}
    assert numbers(mine="on") == set()  # the leader handles none
    mine = handler.client().get(reverse("cases:list"), {"mine": "on"}).content.decode()
    assert all(c.number in mine for c in filed)
    assert clue.number not in mine
    assert numbers(overdue="on") == set()
    at(frozen, 95)  # the 90-day decision clock ran out
    client = leader.client()
    assert numbers(overdue="on") == {c.number for c in filed}
    assert numbers(status="nonsense") == set(Case.objects.values_list("number", flat=True))


def test_the_list_is_paged(flow, frozen, leader):
    many(52, flow, file=False)
    client = leader.client()
    first = client.get(reverse("cases:list"), {"status": "clue"}).content.decode()
    assert "第 1 / 2 页" in first
    assert "status=clue&amp;page=2" in first
    second = client.get(reverse("cases:list"), {"status": "clue", "page": 2}).content.decode()
    assert second.count('data-label="编号"') == 2


def test_a_street_officer_lists_only_its_street(flow, frozen, street_officer, west_street):
    mine = many(1, flow, file=False)[0]
    other = many(1, flow, file=False, street=west_street)[0]
    text = street_officer.client().get(reverse("cases:list")).content.decode()
    assert mine.number in text
    assert other.number not in text
    assert 'name="street"' not in text


def test_auxiliary_staff_see_party_names_masked_in_the_list(flow, frozen, auxiliary, citizen):
    flow.party = citizen  # 王小明, a natural person
    many(1, flow, file=False)
    text = auxiliary.client().get(reverse("cases:list")).content.decode()
    assert "王小明" not in text
    assert "王*" in text


# --- deadlines -------------------------------------------------------------------------------


def test_my_deadlines_due_soon_and_overdue_oldest_first(flow, frozen, handler, leader):
    case = flow.notified()  # statement period ends 2026-03-17
    at(frozen, 13)  # 2026-03-15: two days before
    rows = list(selectors.deadlines_for_user(handler.user, day(13)))
    assert [d.kind for d in rows] == ["statement"]
    assert list(selectors.deadlines_for_user(leader.user, day(13))) == []  # not a handler
    text = handler.client().get(reverse("cases:deadlines")).content.decode()
    assert case.number in text
    assert "还有2天" in text
    at(frozen, 200)  # everything still open is overdue
    rows = list(selectors.deadlines_for_user(handler.user, day(200)))
    assert [d.due_on for d in rows] == sorted(d.due_on for d in rows)
    assert {d.kind for d in rows} == {"statement", "decision"}


def test_unit_and_overdue_tabs(flow, frozen, handler, leader, street_officer):
    case = flow.filed()
    at(frozen, 95)
    client = leader.client()
    unit = client.get(reverse("cases:deadlines"), {"tab": "unit"}).content.decode()
    assert case.number in unit
    assert "逾期" in unit
    overdue = client.get(reverse("cases:deadlines"), {"tab": "overdue"}).content.decode()
    assert case.number in overdue
    # The street officer of 东城街道 sees the street's cases under "my unit".
    street = street_officer.client().get(reverse("cases:deadlines"), {"tab": "unit"})
    assert case.number in street.content.decode()


def test_the_deadline_list_queries_do_not_grow(
    flow, frozen, handler, django_assert_max_num_queries
):
    many(3, flow)
    at(frozen, 95)
    client = handler.client()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:deadlines"))
    many(30, flow)
    with django_assert_max_num_queries(len(few)):
        response = client.get(reverse("cases:deadlines"), {"tab": "overdue"})
    assert response.content.decode().count('data-label="到期日"') == 33
    assert CaseDeadline.objects.count() == 33


def test_the_street_home_shows_its_own_overdue_cases(flow, frozen, street_officer, west_street):
    """Issue 9 §2: a street officer's home lists the street's missed deadlines, oldest first,
    whoever handles the case; another street's are not there."""
    ours = flow.filed()  # 东城街道, handled by the brigade
    other = many(1, flow, street=west_street)[0]
    at(frozen, 95)  # the Art 60 limit (90 days) has passed for both
    home = street_officer.client().get("/").content.decode()
    assert 'id="panel-street-overdue"' in home
    panel = home.split('id="panel-street-overdue"')[1].split("</section>")[0]
    assert ours.number in panel
    assert other.number not in panel
    assert "逾期" in panel.split("</h2>")[1]  # the row's own badge, not the title


@pytest.mark.parametrize(
    "url",
    ["/cases/", "/cases/deadlines/?tab=unit", "/api/v1/cases/", "/"],
    ids=["case list", "deadline list", "case API list", "home"],
)
def test_a_list_decrypts_no_partys_personal_data(flow, frozen, leader, monkeypatch, url):
    """A row shows the party's name only: the four SM4 columns of each party (ADR 0012) are
    deferred, not decrypted and thrown away (~0.4 ms a value, 200 a page of 50)."""
    from zhifa.core import crypto

    many(3, flow)
    calls: list[str] = []
    real = crypto.decrypt

    def counting(token: str, label: str) -> str:
        calls.append(label)
        return real(token, label)

    monkeypatch.setattr(crypto, "decrypt", counting)
    response = leader.client().get(url)
    assert response.status_code == 200
    assert calls == []
