"""A general-procedure case from the clue to the archive, in a real browser, as the bureau's
people would take it (issue 8, "done when"): the handler registers the clue and asks to file,
the leader approves, the handler records a transcript and the report, makes the 事先告知书 and
serves it through the 送达 page, the party waives, the reviewer passes the review, the leader
decides, the 决定书 is served, the fine is paid, the case is closed and archived — and the file
then holds every document its steps had to make. Screenshots: test-artifacts/walk-*.png."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.conftest import ARTIFACTS, login, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RECEIPT = ARTIFACTS / "walk-receipt.png"


def _done(page, what: str) -> None:
    """The step went through: back on the case page with its success message."""
    page.wait_for_load_state("networkidle")
    message = page.locator(".msg-success")
    if message.count() == 0:  # show the refusal, not a timeout
        errors = page.locator(".errorlist, .callout-error").all_inner_texts()
        raise AssertionError(f"{what}: {errors or page.content()[:2000]}")


def _step(page, base: str, case_id: int, step: str, fields: dict | None = None, party=None) -> None:
    page.goto(f"{base}/cases/{case_id}/{step}/")
    if party is not None:  # the live search fills the list, then the party is chosen
        page.fill("#id_party_q", party.name)
        page.wait_for_selector(f'#id_party option[value="{party.pk}"]', state="attached")
        page.select_option("#id_party", str(party.pk))
    for selector, value in (fields or {}).items():
        kind = page.locator(selector).first.evaluate("e => e.tagName + ':' + (e.type || '')")
        if kind.startswith("SELECT"):
            page.select_option(selector, value)
        elif kind.endswith(":radio") or kind.endswith(":checkbox"):
            page.check(selector)
        else:
            page.fill(selector, value)
    page.click("button[name=go]")
    _done(page, step)


def _serve(page, base: str, case_id: int, kind_label: str) -> None:
    """直接送达 on the 送达 page, with the photo of the signed 送达回证 (民事诉讼法 Art 87)."""
    page.goto(f"{base}/delivery/case/{case_id}/")
    link = page.locator(f"article.svc-doc:has-text('{kind_label}') a[data-mode=in_person]").first
    link.click()
    page.wait_for_load_state("networkidle")
    page.set_input_files("#id_receipt_scan", str(RECEIPT))
    page.click("#serve")
    page.wait_for_load_state("networkidle")
    assert page.locator(".msg-success").count() == 1, page.content()[:2000]


class _Server:
    def __init__(self, url: str) -> None:
        self.url = url


def _switch(page, base: str, username: str) -> None:
    """Another person at the desk: signed out, the next one signs in."""
    page.context.clear_cookies()
    login(page, _Server(base), username)


def test_a_general_case_walks_from_clue_to_archive_in_the_browser(desk, live_server, district):
    from zhifa.cases.choices import ReviewCheck
    from zhifa.cases.models import Case
    from zhifa.documents.checks import missing_documents
    from zhifa.documents.models import Document
    from zhifa.law.models import ViolationItem
    from zhifa.org.models import Officer
    from zhifa.parties.models import Party
    from zhifa.testing.service import PNG

    RECEIPT.write_bytes(PNG)
    base = live_server.url
    item = ViolationItem.objects.get(code="DL-002")  # 擅自挖掘城市道路: ≤ ¥20,000
    party = Party.objects.filter(kind="organisation").order_by("id").first()
    partner = Officer.objects.get(user__username="handler2")
    me = Officer.objects.get(user__username="handler")
    page = desk

    login(page, live_server, "handler")
    page.goto(f"{base}/cases/new/clue/")
    page.select_option("#id_source", "patrol")
    page.fill("#id_place", "人民路12号")
    page.fill("#id_facts", "巡查发现人民路12号人行道被擅自挖掘，约12平方米")
    page.click("button[name=go]")
    _done(page, "clue")
    case_id = int(re.search(r"/cases/(\d+)/", page.url).group(1))

    _step(page, base, case_id, "request_filing", {
        "#id_lead": str(me.pk), "#id_assist": str(partner.pk),
        "#id_violation_item": str(item.pk),
    }, party=party)  # fmt: skip
    _switch(page, base, "leader")
    _step(page, base, case_id, "approve_filing")
    _switch(page, base, "handler")
    now = timezone.localtime()
    start = max(now - timedelta(minutes=30), now.replace(hour=0, minute=0))
    _step(page, base, case_id, "record_transcript", {
        "#id_kind": "site_inspection",
        "#id_started_at": start.strftime("%Y-%m-%dT%H:%M"),
        "#id_ended_at": (now - timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M"),
        "#id_interviewee": "项目经理王某",
        "#id_content": "现场检查：人行道被挖掘约12平方米，未见挖掘许可。",
    })  # fmt: skip
    _step(page, base, case_id, "submit_report", {
        "#id_findings": "当事人未经批准擅自挖掘人民路人行道约12平方米",
        "input[name=outcome][value=penalty]": "",
        "input[name=penalty_kinds][value=fine]": "",
        "#id_fine": "5000", "#id_discretion_level": "general",
    })  # fmt: skip
    shot(page, "walk-report-desk")
    _step(page, base, case_id, "notify")
    _serve(page, base, case_id, "行政处罚事先告知书")
    _step(page, base, case_id, "waive_statement")
    _step(page, base, case_id, "submit_legal_review")
    _switch(page, base, "reviewer")
    # Art 58: each of the seven checks passed (主体、事实、证据、依据、程序、裁量、文书)
    checks = {f"#id_check_{item}_0": "" for item in ReviewCheck.values}
    _step(
        page,
        base,
        case_id,
        "pass_legal_review",
        {**checks, "#id_opinion": "事实清楚，证据确凿，程序合法。"},
    )
    _switch(page, base, "leader")
    _step(page, base, case_id, "decide", {"#id_outcome": "penalty"})
    _switch(page, base, "handler")
    _serve(page, base, case_id, "行政处罚决定书")
    _step(page, base, case_id, "record_payment", {"#id_amount": "5000", "#id_channel": "bank"})
    _switch(page, base, "leader")
    _step(page, base, case_id, "close")
    _step(page, base, case_id, "archive")
    shot(page, "walk-archived-desk")

    case = Case.objects.get(pk=case_id)
    assert case.status == "archived"
    kinds = set(Document.objects.filter(case=case).values_list("kind", flat=True))
    assert {
        "filing_approval", "site_inspection", "investigation_report", "prior_notice",
        "legal_review", "penalty_decision", "service_receipt", "closing_approval",
        "file_index", "file_note",
    } <= kinds  # fmt: skip
    assert missing_documents(case.pk) == []
