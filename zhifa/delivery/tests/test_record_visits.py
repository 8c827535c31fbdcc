"""The case page's record reads the party's visits to its page as one line each (issue 9 §2):
every request is still its own event of the chain (行政处罚法 Art 47), but a visit — the same
link, requests no more than 30 minutes apart — is one line, with its times in Asia/Shanghai."""

from __future__ import annotations

import re

import pytest

from zhifa.cases import timeline
from zhifa.cases.models import CaseEvent

pytestmark = pytest.mark.django_db


def visit_lines(case) -> list[timeline.Entry]:
    return [e for e in timeline.entries(case) if e.event.kind == "e_service_access"]


def test_one_visit_is_one_line_with_its_steps_and_local_times(sent, party, clock):
    party.sign_in()  # 09:00 Beijing time (01:00 UTC)
    party.get("/p/")
    party.get(f"/p/doc/{sent['document'].pk}/")
    lines = visit_lines(sent["case"])
    events = CaseEvent.objects.filter(case=sent["case"], kind="e_service_access").count()
    assert events == 5
    assert len(lines) == 1
    items = {i.label: i.text for i in lines[0].items}
    assert items["时间"] == "2026-03-17 09:00"  # Beijing time, not 01:00 UTC
    assert items["操作"].startswith("打开链接、发送验证码、验证通过、查看送达文书列表、查看文书《")
    assert items["记录"].endswith("中的 5 条")
    assert lines[0].seqs == f"{lines[0].event.seq}–{lines[0].grouped[-1].seq}"


def test_a_return_after_half_an_hour_is_a_second_visit(sent, party, clock):
    party.sign_in()
    clock.move_to("2026-03-17 09:45 +0800")  # still signed in (60 minutes), back after 45
    party.get("/p/")
    lines = visit_lines(sent["case"])
    assert len(lines) == 2
    assert {i.label: i.text for i in lines[1].items}["时间"] == "2026-03-17 09:45"


def test_the_case_page_shows_no_raw_utc_times(sent, party, clock, flow):
    party.sign_in()
    party.get(f"/p/doc/{sent['document'].pk}/")
    html = flow.handler.client().get(f"/cases/{sent['case'].pk}/").content.decode()
    record = html[html.find('id="timeline"') :]
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", record), "an ISO time string is shown"
    assert "当事人访问送达页面" in record
