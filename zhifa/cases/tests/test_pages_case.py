"""The case page (who, what, where, the next step, the actions, the timeline), who may see it
and its evidence, and the home panels of each role."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zhifa.cases import actions
from zhifa.cases.models import EvidenceFile
from zhifa.cases.tests.pages_helpers import at, day, detail_url, step_url
from zhifa.cases.tests.test_pages_intake import pending, photo

pytestmark = pytest.mark.django_db


def with_photo(case, persona):
    from zhifa.cases.forms.base import uploads

    actions.add_evidence(case, actor=persona.user, kind="audio_visual", uploads=uploads([photo()]))
    return EvidenceFile.objects.get(case=case)


def test_the_case_page_says_who_what_where_and_which_provision(flow, frozen, handler):
    case = flow.filed()
    text = handler.client().get(detail_url(case)).content.decode()
    assert case.number in text
    assert "示范市鑫源建筑工程有限公司" in text  # who
    assert "擅自挖掘城市道路" in text
    assert "《城市道路管理条例》" in text
    assert "人民路12号" in text
    assert "东城街道" in text
    assert "张伟" in text
    assert "主办" in text


def test_the_next_step_and_its_due_date_are_at_the_top(flow, frozen, handler, leader):
    case = pending(flow)
    leader_page = leader.client().get(detail_url(case)).content.decode()
    bar = leader_page[leader_page.find('id="next-step"') :][:800]
    assert "批准立案" in bar
    assert step_url(case, "approve_filing") in bar
    handler_page = handler.client().get(detail_url(case)).content.decode()
    bar = handler_page[handler_page.find('id="next-step"') :][:800]
    assert "批准立案" in bar
    assert "负责人" in bar
    assert step_url(case, "approve_filing") not in bar
    filed = flow.filed()
    text = handler.client().get(detail_url(filed)).content.decode()
    bar = text[text.find('id="next-step"') :][:800]
    assert "调查终结报告" in bar
    assert "2026-06-01" in bar


def test_allowed_steps_are_buttons_and_the_others_say_why_not(flow, frozen, handler):
    case = flow.notified()
    text = handler.client().get(detail_url(case)).content.decode()
    actions_card = text[text.find('id="case-actions"') : text.find('id="handlers"')]
    assert f'href="{step_url(case, "record_statement")}"' in actions_card
    assert f'href="{step_url(case, "submit_legal_review")}"' not in actions_card
    assert re.search(r'data-step="submit_legal_review">提交法制审核</span><span class="why">'
                     r"陈述申辩期限 2026-03-17 尚未届满", actions_card)  # fmt: skip
    others = actions_card[actions_card.find('id="others-steps"') :]
    assert '撤销立案<span class="muted">(负责人)</span>' in others  # the leader's step
    assert "其他步骤" in actions_card


def test_the_timeline_shows_events_with_actor_place_payload_evidence_and_digest(
    flow, frozen, handler
):
    case = flow.filed()
    file = with_photo(case, handler)
    case.refresh_from_db()
    text = handler.client().get(detail_url(case)).content.decode()
    timeline = text[text.find('id="timeline"') :]
    for label in ("登记线索", "提请立案", "批准立案", "调查取证"):
        assert label in timeline
    assert "线索 → 立案待批" in timeline  # status change
    assert "巡查发现" in timeline
    assert "人民路12号" in timeline
    assert "张伟" in timeline
    event = case.events.order_by("-seq").first()
    assert f'title="{event.digest_sm3}">{event.digest_sm3[:12]}…' in timeline
    thumb = reverse("cases:evidence", args=[case.pk, file.pk])
    assert f'href="{thumb}"' in timeline
    assert f'src="{thumb}?thumb=1"' in timeline


def test_evidence_is_served_to_those_who_see_the_case_only(
    flow, frozen, handler, street_officer, other_street_officer, client
):
    case = flow.filed()
    file = with_photo(case, handler)
    url = reverse("cases:evidence", args=[case.pk, file.pk])
    response = street_officer.client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    thumb = handler.client().get(url, {"thumb": 1})
    assert thumb["Content-Type"] == "image/jpeg"
    assert len(thumb.content) < file.size
    assert other_street_officer.client().get(url).status_code == 404
    assert client.get(url).status_code == 302  # anonymous: to the login page
    other = reverse("cases:evidence", args=[case.pk + 1, file.pk])
    assert handler.client().get(other).status_code == 404


def test_opening_an_evidence_file_is_one_audit_row_an_hour_thumbnails_none(
    flow, frozen, handler, street_officer, leader
):
    """Evidence shows people, their papers and homes (GB/T 22239-2019 §8.1.4.3; 个人信息保护法
    Art 51): who opened which file is in the security audit log."""
    from zhifa.security.choices import EventKind
    from zhifa.security.models import SecurityEvent

    case = flow.filed()
    file = with_photo(case, handler)
    url = reverse("cases:evidence", args=[case.pk, file.pk])
    handler.client().get(url, {"thumb": 1})
    for _ in range(3):
        handler.client().get(url)
    street_officer.client().get(url)
    rows = SecurityEvent.objects.filter(kind=EventKind.DOCUMENT_DOWNLOADED, object_id=str(file.pk))
    assert [r.actor_id for r in rows.order_by("seq")] == [handler.user.pk, street_officer.user.pk]
    assert {r.detail["case"] for r in rows} == {case.number}
    frozen.shift(3600)
    handler.client().get(url)
    assert rows.all().count() == 3  # a new hour, a new row
    api = handler.client().get(f"/api/v1/cases/{case.pk}/evidence/{file.pk}")
    assert (api.status_code, api["Cache-Control"]) == (200, "private, no-store")
    assert rows.all().count() == 3  # the same account, file and hour through the API
    leader.client().get(f"/api/v1/cases/{case.pk}/evidence/{file.pk}")
    assert rows.all().filter(actor_id=leader.user.pk).count() == 1


def test_an_uploaded_html_file_is_downloaded_not_shown(flow, frozen, handler):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhifa.cases.forms.base import uploads

    case = flow.filed()
    page = SimpleUploadedFile("x.html", b"<script>alert(1)</script>", content_type="text/html")
    actions.add_evidence(case, actor=handler.user, kind="electronic", uploads=uploads([page]))
    file = EvidenceFile.objects.get(case=case)
    response = handler.client().get(reverse("cases:evidence", args=[case.pk, file.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_a_street_officer_of_another_street_gets_404(flow, frozen, other_street_officer):
    case = flow.filed()
    client = other_street_officer.client()
    assert client.get(detail_url(case)).status_code == 404
    assert client.get(step_url(case, "add_evidence")).status_code == 404
    response = client.post(step_url(case, "add_evidence"), {"description": "x"})
    assert response.status_code == 404
    assert case.events.count() == 3


def test_auxiliary_staff_see_the_party_masked(flow, frozen, auxiliary, citizen):
    flow.party = citizen
    case = flow.filed()
    text = auxiliary.client().get(detail_url(case)).content.decode()
    assert "王小明" not in text
    assert "王*" in text
    assert citizen.id_number not in text


def test_the_decision_and_the_surcharge_computation_on_the_case_page(flow, frozen, handler):
    case = flow.served()
    at(frozen, 31)  # one day late
    text = handler.client().get(detail_url(case)).content.decode()
    decision = case.decisions.get()
    assert decision.number in text
    assert "应缴总额" in text
    assert "¥5,150" in text
    assert "2026-04-02 至 2026-04-02，1 日 × 3% × ¥5,000.00 = ¥150.00" in text


# --- home panels -----------------------------------------------------------------------------


def test_the_handler_home_shows_today_and_the_big_buttons(flow, frozen, handler):
    case = flow.notified()
    at(frozen, 14)
    text = handler.client().get("/").content.decode()
    panel = text[text.find('id="panel-today"') :]
    assert reverse("cases:on_the_spot") in panel
    assert reverse("cases:new_clue") in panel
    assert case.number in panel
    assert "陈述申辩期限" in panel


def test_the_leader_home_lists_approvals_oldest_due_first(flow, frozen, leader, handler):
    waiting = pending(flow)
    flow.case = None
    ready = flow.reviewed()
    at(frozen, 12)
    text = leader.client().get("/").content.decode()
    panel = text[text.find('id="panel-approvals"') :]
    assert waiting.number in panel
    assert "立案待批" in panel
    assert ready.number in panel
    assert "可作出决定" in panel
    assert panel.find(ready.number) < panel.find(waiting.number)  # it has a due date


def test_the_decision_queue_agrees_with_the_guards(flow, frozen, leader):
    from zhifa.cases import guards, selectors

    flow.notified()
    case = flow.case
    assert not selectors._decision_ready(selectors.cases_visible_to(leader.user), day(8)).exists()
    assert guards.decision_problems(case, "penalty", day(8))


def test_the_reviewer_home_lists_cases_in_review(flow, frozen, reviewer, handler):
    case = flow.heard()
    actions.submit_legal_review(case, actor=handler.user, on=day(10))
    text = reviewer.client().get("/").content.decode()
    panel = text[text.find('id="panel-reviews"') :]
    assert case.number in panel
    assert "2026-03-12 提交" in panel


def test_auxiliary_home_offers_photos_for_the_units_cases(flow, frozen, auxiliary):
    case = flow.filed()
    text = auxiliary.client().get("/").content.decode()
    panel = text[text.find('id="panel-assist"') :]
    assert case.number in panel
    assert step_url(case, "add_evidence") in panel


def test_the_navigation_has_cases_and_deadlines(handler, auxiliary):
    text = handler.client().get("/").content.decode()
    assert f'href="{reverse("cases:list")}"' in text
    assert f'href="{reverse("cases:deadlines")}"' in text
    aux = auxiliary.client().get("/").content.decode()
    assert f'href="{reverse("cases:list")}"' in aux


def test_the_case_page_survives_a_year_without_a_holiday_schedule(
    handler, handler2, items, citizen, east_street, frozen, settings
):
    """Late in the year, the party's 60 days to seek review run into next year, whose holidays
    may not be entered yet: with ``ZHIFA_CALENDAR_UNCOVERED_YEAR=refuse`` the page says so
    instead of failing (the default, provisional, shows the date marked 暂定)."""
    from decimal import Decimal

    settings.ZHIFA_LOCAL_RULES = {**settings.ZHIFA_LOCAL_RULES, "CALENDAR_UNCOVERED_YEAR": "refuse"}

    from zhifa.calendar.models import CalendarYear
    from zhifa.cases.record import Place

    at(frozen, 274)  # 2026-12-01: paid within the year, reviewed into the next
    CalendarYear.objects.filter(year=2027).delete()
    decision = actions.decide_on_the_spot(
        actor=handler.user,
        co_handler=handler2.officer,
        violation_item=items["spit"],
        party=citizen,
        facts="随地吐痰",
        place=Place("人民路"),
        street=east_street,
        penalty_kinds=["fine"],
        fine=Decimal(50),
    )
    response = handler.client().get(detail_url(decision.case))
    assert response.status_code == 200
    assert "缺少 2027 年的法定节假日安排" in response.content.decode()
