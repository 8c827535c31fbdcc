"""Case handling in a real browser: an on-the-spot decision on a phone, a filing approved at a
desk. Screenshots go to test-artifacts/ (cases-*.png)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import ARTIFACTS, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_handler_decides_on_the_spot_on_a_phone(phone, live_server, district):
    from zhifa.cases.models import Decision
    from zhifa.law.models import ViolationItem
    from zhifa.org.models import Officer
    from zhifa.parties.models import Party

    party = Party.objects.filter(kind="person").order_by("id").first()
    item = ViolationItem.objects.get(code="SR-001")  # 随地吐痰: ¥50 / ¥200
    partner = Officer.objects.get(user__username="handler2")

    login(phone, live_server, "handler")
    shot(phone, "cases-home-handler-phone")
    phone.click("#panel-today >> text=当场处罚")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("h1").first.inner_text().startswith("当场处罚")
    assert "公民 ¥200" in phone.locator("#limit").inner_text()

    phone.select_option("#id_violation_item", str(item.pk))
    phone.fill("#id_party_q", party.name)  # the live search fills the list
    phone.wait_for_selector(f'#id_party option[value="{party.pk}"]', state="attached")
    phone.select_option("#id_party", str(party.pk))
    assert "当事人为自然人：罚款不超过 ¥200" in phone.locator("#limit").inner_text()
    phone.fill("#id_fine", "50")
    phone.select_option("#id_co_handler", str(partner.pk))
    phone.fill("#id_place", "人民路地铁站B口")
    phone.fill("#id_facts", "当事人在地铁站口随地吐痰，经劝阻后承认")
    shot(phone, "cases-on-the-spot-form-phone")
    phone.click("button[name=go]")
    phone.wait_for_load_state("networkidle")

    decision = Decision.objects.get()
    assert phone.locator(".msg-success").inner_text().startswith("已作出当场处罚决定")
    # 「保存并打印决定书」 opens the decision's print page; the case is one tap back
    assert phone.locator("#print-roll").count() == 1
    phone.click(".crumbs a")
    phone.wait_for_load_state("networkidle")
    assert phone.locator(".decision-number").first.inner_text() == decision.number
    assert decision.fine == 50
    assert decision.case.procedure == "simple"
    shot(phone, "cases-on-the-spot-decided-phone")
    # The next step stays in view while the page scrolls (sticky, under the top bar).
    phone.locator("#timeline").scroll_into_view_if_needed()
    bar = phone.locator("#next-step").bounding_box()
    assert bar is not None
    assert 0 <= bar["y"] < 140
    phone.screenshot(path=str(ARTIFACTS / "cases-sticky-phone.png"))  # the viewport only


def test_a_refused_on_the_spot_fine_shows_the_law_on_a_phone(phone, live_server, district):
    from zhifa.cases.models import Case
    from zhifa.law.models import ViolationItem
    from zhifa.org.models import Officer
    from zhifa.parties.models import Party

    party = Party.objects.filter(kind="person").order_by("id").first()
    item = ViolationItem.objects.get(code="SR-001")
    partner = Officer.objects.get(user__username="handler2")
    login(phone, live_server, "handler")
    phone.goto(f"{live_server.url}/cases/new/on-the-spot/?party={party.pk}")
    phone.select_option("#id_violation_item", str(item.pk))
    phone.fill("#id_fine", "300")
    phone.select_option("#id_co_handler", str(partner.pk))
    phone.fill("#id_place", "人民路")
    phone.fill("#id_facts", "随地吐痰")
    phone.click("button[name=go]")
    phone.wait_for_load_state("networkidle")
    errors = phone.locator(".errorlist, .form-errors").all_inner_texts()
    assert any("罚款" in e for e in errors), errors
    assert not Case.objects.exists()
    shot(phone, "cases-on-the-spot-refused-phone")


def test_a_leader_approves_a_filing_at_a_desk(desk, live_server, district):
    from zhifa.cases import actions
    from zhifa.cases.record import Place
    from zhifa.law.models import ViolationItem
    from zhifa.org.models import Officer, OrgUnit, User
    from zhifa.parties.models import Party

    today = timezone.localdate()
    handler = User.objects.get(username="handler")
    officers = [Officer.objects.get(user=handler), Officer.objects.get(user__username="handler2")]
    company = Party.objects.filter(kind="organisation").order_by("id").first()
    case = actions.register_clue(
        source="complaint",
        found_on=today - timedelta(days=1),
        facts="群众投诉：工地夜间施工未设围挡，扬尘严重",
        place=Place("建设路88号"),
        street=OrgUnit.objects.filter(kind="street").order_by("code").first(),
        actor=handler,
    )
    actions.request_filing(
        case,
        actor=handler,
        handlers=officers,
        violation_item=ViolationItem.objects.get(code="SR-013"),
        party=company,
        act_on=today - timedelta(days=1),
    )

    login(desk, live_server, "leader")
    desk.goto(f"{live_server.url}/")
    assert case.number in desk.locator("#panel-approvals").inner_text()
    shot(desk, "cases-home-leader-desk")
    desk.click(f"#panel-approvals >> text={case.number}")
    desk.wait_for_load_state("networkidle")
    assert "批准立案" in desk.locator("#next-step").inner_text()
    shot(desk, "cases-filing-pending-desk")
    desk.click("#next-step a.next-go")
    desk.wait_for_load_state("networkidle")
    assert "九十日内" in desk.locator(".law-note").inner_text()
    shot(desk, "cases-approve-filing-desk")
    desk.click("button[name=go]")
    desk.wait_for_load_state("networkidle")

    assert "已批准立案" in desk.locator(".msg-success").inner_text()
    assert desk.locator(".case-head [data-status]").inner_text() == "调查取证"
    case.refresh_from_db()
    assert case.status == "investigating"
    timeline = desk.locator("#timeline").inner_text()
    assert re.search(r"批准立案\s*立案待批 → 调查取证", timeline)
    shot(desk, "cases-filed-desk")
