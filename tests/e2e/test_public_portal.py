"""The public portal in a real browser, on a phone (390×844) and at a desk (1366×900): search,
a decision, a withdrawal notice, the monthly figures and 事前公开. Screenshots go to
test-artifacts/ (portal-*.png) for people to look at; the pages must not scroll sideways on a
phone."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.e2e.conftest import shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "search": "/gongshi/jueding/",
    "before": "/gongshi/shiqian/",
    "statistics": "/gongshi/tongji/",
}


@pytest.fixture
def portal(db, settings):
    """The demo district's people and parties, and a month of on-the-spot decisions against
    persons, shops and companies in every street — one of them revoked — published by the job."""
    settings.ZHIFA_LOCAL_RULES = {
        **settings.ZHIFA_LOCAL_RULES,
        "CALENDAR_UNCOVERED_YEAR": "provisional",
    }
    settings.ZHIFA_PUBLIC_RATE_LIMIT = 0
    from zhifa.cases import actions
    from zhifa.cases.record import Place
    from zhifa.demo.generators import district as people
    from zhifa.demo.generators import parties
    from zhifa.disclosure import jobs
    from zhifa.law.catalog_io import load_default_catalog
    from zhifa.law.models import ViolationItem
    from zhifa.org.choices import OrgUnitKind
    from zhifa.org.models import Officer, OrgUnit, User
    from zhifa.parties.models import Party

    load_default_catalog()
    today = timezone.localdate()
    units = people.build_units()
    people.build_people(random.Random(7), today, units)
    streets = list(OrgUnit.objects.filter(kind=OrgUnitKind.STREET).order_by("code"))
    parties.build_parties(random.Random(7), streets)
    handler = User.objects.get(username="handler")
    partner = Officer.objects.get(user__username="handler2")
    rng = random.Random(5)
    plan = [
        ("SR-001", "person", "50"),
        ("YQ-001", "person", "50"),
        ("SR-013", "organisation", "2000"),
    ]
    decisions = []
    for n in range(24):
        code, kind, fine = plan[n % 3]
        party = rng.choice(list(Party.objects.filter(kind=kind)[:60]))
        decisions.append(
            actions.decide_on_the_spot(
                actor=handler,
                co_handler=partner,
                violation_item=ViolationItem.objects.get(code=code),
                party=party,
                facts=f"{party.name}在{party.address}违法，电话{party.phone}",
                place=Place(party.address),
                street=streets[n % len(streets)],
                penalty_kinds=["fine"],
                fine=Decimal(fine),
            )
        )
    jobs.run(today)
    leader = User.objects.get(username="leader")
    remedy = actions.record_remedy(
        decisions[0].case, actor=leader, kind="review", applied_on=today, body="示范区人民政府"
    )
    actions.record_remedy_result(remedy, actor=leader, result="revoked", decided_on=today)
    jobs.run(today + timedelta(days=1))
    return decisions


def no_sideways_scroll(page) -> bool:
    """Nothing wider than the device (a phone context widens the layout to fit overflow, so
    the viewport size, not window.innerWidth, is the measure)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    return bool(width <= page.viewport_size["width"])


@pytest.mark.parametrize("device", ["phone", "desk"])
def test_the_portal_reads_on_a_phone_and_at_a_desk(request, device, live_server, portal):
    from zhifa.disclosure.models import Publication

    page = request.getfixturevalue(device)
    page.goto(f"{live_server.url}/gongshi/")
    assert page.locator("h1").inner_text() == "行政执法公示"
    shot(page, f"portal-home-{device}")
    for name, path in PAGES.items():
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert no_sideways_scroll(page), f"{name} scrolls sideways on {device}"
        shot(page, f"portal-{name}-{device}")

    shown = Publication.objects.filter(status="published", party_kind="organisation").first()
    assert shown is not None
    page.goto(f"{live_server.url}/gongshi/jueding/{shown.pk}/")
    assert shown.number in page.locator("h1").inner_text()
    assert shown.party_code in page.content()
    assert no_sideways_scroll(page)
    shot(page, f"portal-decision-{device}")

    withdrawn = Publication.objects.get(status="withdrawn")
    page.goto(f"{live_server.url}/gongshi/jueding/{withdrawn.pk}/")
    assert "撤回公告" in page.locator(".p-notice").inner_text()
    shot(page, f"portal-withdrawn-{device}")


def test_a_visitor_searches_by_name_on_a_phone(phone, live_server, portal):
    from zhifa.disclosure.models import Publication

    company = Publication.objects.filter(status="published", party_kind="organisation").first()
    assert company is not None
    phone.goto(f"{live_server.url}/gongshi/")
    phone.fill("#q", company.party_name[:4])
    phone.click("form.p-search button[type=submit]")
    phone.wait_for_load_state("networkidle")
    assert company.party_name in phone.locator(".p-list").first.inner_text()
    phone.click(f"text={company.number}")
    phone.wait_for_load_state("networkidle")
    assert "处罚依据" in phone.content()
    shot(phone, "portal-search-result-phone")
