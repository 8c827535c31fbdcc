"""Queries per page (issue 11, city scale). The case page of an open general case with its whole
history (evidence, documents, their services, a hearing, the legal review, the decision) takes
at most 20 queries for every role, at every stage; each list page (the case list with each
filter, the deadline lists, each role's home, the API lists) takes as many queries for 33 cases
as for 3, within a ceiling — so a page's cost follows what it shows, never the database."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhifa.cases import actions
from zhifa.cases.forms.base import uploads
from zhifa.cases.models import Case, CaseDeadline, CaseEvent, EvidenceFile, Hearing
from zhifa.cases.tests.conftest import on_the_day
from zhifa.cases.tests.pages_helpers import at, day, detail_url
from zhifa.cases.tests.test_pages_intake import pending, photo
from zhifa.cases.tests.test_pages_lists import many
from zhifa.delivery.models import Service
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document
from zhifa.testing import factories as f
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db

CASE_PAGE = 20  # the issue's goal for the case page
# The hour's first sight of the party's data whole is a row of the security audit log
# (parties.access.note_personal_data_view): savepoint, the log's head, the insert, release.
AUDIT_ROW = 4


def queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [q["sql"] for q in captured.captured_queries]


def shown(sqls: list[str]) -> str:
    return "\n".join(f"{i + 1:3}. {sql[:160]}" for i, sql in enumerate(sqls))


# --- the case page ----------------------------------------------------------------------------


def assert_case_page_within(case: Case, personas: list, stage: str) -> None:
    for persona in personas:
        client = persona.client()
        first = queries(client, detail_url(case))
        sqls = queries(client, detail_url(case))
        assert len(sqls) <= CASE_PAGE, f"{stage}, {persona.user.username}:\n{shown(sqls)}"
        assert len(first) <= CASE_PAGE + AUDIT_ROW, f"{stage}, first:\n{shown(first)}"


def test_the_case_page_of_an_open_general_case_with_its_whole_history_is_at_most_20_queries(
    flow, frozen, handler, leader, reviewer, street_officer, bureau
):
    """行政处罚法 Arts 44–64 walked through: a fine above the hearing threshold (¥150,000 on an
    organisation), photos, the prior notice served, a hearing requested, noticed and held, the
    legal review, the decision served — the page asked by each role after every stage."""
    everyone = [handler, leader, reviewer, street_officer]
    flow.item = flow.item.__class__.objects.get(code="RQ-001")  # 无证燃气经营 ¥50k–500k
    flow.fine = Decimal("150000")
    flow.kinds = ["fine", "confiscate_gains"]
    case = flow.notified()  # filed, reported, the 事先告知书 served
    start = flow.day
    for n in range(3):
        actions.add_evidence(
            case,
            actor=handler.user,
            kind="audio_visual",
            uploads=uploads([photo(f"现场{n}-1.png"), photo(f"现场{n}-2.png")]),
        )
    assert_case_page_within(flow.refresh(), everyone, "notified, with photos")
    with on_the_day(start + timedelta(days=12)):
        actions.request_hearing(case, actor=handler.user, requested_on=start + timedelta(days=12))
    with on_the_day(start + timedelta(days=14)):
        actions.schedule_hearing(
            case,
            actor=leader.user,
            notified_on=start + timedelta(days=14),
            hearing_on=start + timedelta(days=25),
            place="区城管委听证室",
            host=f.OfficerFactory(unit=bureau, name="主持人"),
        )
    assert_case_page_within(flow.refresh(), everyone, "hearing scheduled")
    with on_the_day(start + timedelta(days=25)):
        actions.record_hearing(
            case, actor=leader.user, held_on=start + timedelta(days=25), minutes="当事人陈述……"
        )
    with on_the_day(start + timedelta(days=26)):
        actions.submit_legal_review(case, actor=handler.user, on=start + timedelta(days=26))
    assert_case_page_within(flow.refresh(), everyone, "in legal review")
    with on_the_day(start + timedelta(days=26)):
        actions.record_legal_review(
            case,
            actor=reviewer.user,
            outcome="passed",
            opinion="事实清楚，证据确凿，适用依据正确，程序合法。",
            checklist=checklist(),
            on=start + timedelta(days=26),
        )
    with on_the_day(start + timedelta(days=27)):
        actions.decide(case, actor=leader.user, on=start + timedelta(days=27))
    flow.serve(K.PENALTY_DECISION, start + timedelta(days=28))
    case = flow.refresh()
    assert case.is_open
    assert case.status == "served"
    # the whole history is there, so a query per row would show
    assert CaseEvent.objects.filter(case=case).count() >= 15
    assert EvidenceFile.objects.filter(case=case).count() >= 6
    assert Document.objects.filter(case=case).count() >= 5
    assert Service.objects.filter(case=case).count() >= 2
    assert Hearing.objects.filter(case=case, held_on__isnull=False).exists()
    assert_case_page_within(case, everyone, "decision served")

    page = handler.client().get(detail_url(case)).content.decode()
    decision = case.decisions.get()
    assert decision.number in page  # the decisions section
    assert "区城管委听证室" in page  # the hearing, with its notice
    assert "现场2-2.png" in page  # the timeline's evidence
    for doc in Document.objects.filter(case=case):
        assert doc.number in page  # the documents section
    delivery = page[page.find('id="delivery"') :]
    assert "直接送达" in delivery  # the services section


# --- a case with every kind of record -----------------------------------------------------------


def _earlier_penalty(flow, frozen) -> None:
    """An earlier penalty decision against the party for the same item (无证燃气经营), two
    months before: the case page's 重复违法 panel lists it."""
    flow.day = day(-60)
    at(frozen, -60)
    flow.decided()
    flow.day = day(0)


def _every_kind(flow, frozen, *, host, third, n: int) -> Case:
    """A gas-licence case (¥150,000 on an organisation) walked from filing to the court through
    the actions, with ``n`` rows of each record that can repeat (transcripts, evidence,
    preservations, statements with their reviews, service-address confirmations with their
    signatures, payment plans, payments, remedies, statements after the 催告) and one of each
    other: a recusal and an assignment, a voided entry, a 责令改正, the time limit extended, the
    report, the prior notice, a hearing, the legal review, the collective discussion, the
    decision served, a document corrected, its publication, the 催告 served, the court's
    acceptance and the court package."""
    from zhifa.cases.actions import investigation
    from zhifa.delivery import actions as delivery
    from zhifa.disclosure import jobs
    from zhifa.documents import actions as documents
    from zhifa.documents.court_package import build_court_package
    from zhifa.documents.renderer import render_pending
    from zhifa.performance import actions as perf
    from zhifa.performance import selectors as perf_selectors
    from zhifa.testing.service import PNG

    handler, leader = flow.handler.user, flow.leader.user
    at(frozen, 0)
    case = flow.filed()
    at(frozen, 1)
    for i in range(n):
        actions.record_transcript(
            case,
            actor=handler,
            kind="interview",
            started_at=timezone.now() - timedelta(hours=2 * i + 2),
            ended_at=timezone.now() - timedelta(hours=2 * i + 1),
            place="区城管委询问室",
            interviewee=f"王经理{i}",
            content="问：是否取得燃气经营许可证？\n答：没有。",
        )
        actions.add_evidence(
            case,
            actor=handler,
            kind="audio_visual",
            uploads=uploads([photo(f"现场{i}-1.png"), photo(f"现场{i}-2.png")]),
        )
        kept = actions.request_preservation(case, actor=handler, items=f"钢瓶{i}组", on=day(1))
        actions.approve_preservation(kept, actor=leader, on=day(1))
    wrong = case.events.filter(kind="record_transcript").latest("seq")
    actions.void_entry(case, actor=handler, entry=wrong, reason="询问时间记错", on=day(1))
    investigation.order_correction(
        case, actor=handler, content="立即停止经营，清理钢瓶", due_on=day(5), on=day(1)
    )
    at(frozen, 2)
    actions.recuse_handler(
        case, flow.handler2.officer, actor=leader, reason="与当事人有利害关系", on=day(2)
    )
    actions.assign_handler(case, third, actor=leader, on=day(2))
    at(frozen, 3)
    for kept in case.preservations.order_by("id"):
        actions.decide_preservation(kept, actor=handler, decision="解除先行登记保存", on=day(3))
    at(frozen, 6)
    due = case.deadlines.get(kind="decision", cancelled=False).due_on
    actions.extend_time_limit(
        case, actor=leader, reason="需补充鉴定", new_due=due + timedelta(days=20), on=day(6)
    )
    at(frozen, 7)
    actions.submit_report(
        case,
        actor=handler,
        findings="当事人未取得燃气经营许可证从事瓶装燃气经营",
        outcome="penalty",
        fine=flow.fine,
        penalty_kinds=flow.kinds,
        discretion_level="general",
        on=day(7),
    )
    at(frozen, 8)
    actions.notify_intended_penalty(case, actor=handler, on=day(8))
    flow.serve(K.PRIOR_NOTICE, day(8))
    at(frozen, 9)
    for i in range(n):
        actions.record_statement(case, actor=handler, content=f"请求从轻{i}", received_on=day(9))
        actions.review_statement(
            case, actor=handler, adopted=False, reasons="不属从轻情形", on=day(9)
        )
    review = Document.objects.filter(case=case, kind=K.STATEMENT_REVIEW).latest("id")
    documents.issue_document(
        case,
        K.STATEMENT_REVIEW,
        actor=handler,
        on=day(9),
        extra={"adopted": "no", "reasons": "不属于依法从轻处罚的情形。"},
        corrects=review,
    )
    at(frozen, 10)
    actions.request_hearing(case, actor=handler, requested_on=day(10))
    at(frozen, 11)
    actions.schedule_hearing(
        case,
        actor=leader,
        notified_on=day(11),
        hearing_on=day(25),
        place="区城管委听证室",
        host=host,
    )
    flow.serve(K.HEARING_NOTICE, day(11))
    at(frozen, 25)
    actions.record_hearing(case, actor=leader, held_on=day(25), minutes="当事人承认未取得许可")
    at(frozen, 28)
    actions.submit_legal_review(case, actor=handler, on=day(28))
    at(frozen, 29)
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="事实清楚，证据确凿，适用依据正确，程序合法。",
        checklist=checklist(),
        on=day(29),
    )
    at(frozen, 30)
    actions.record_collective_discussion(
        case,
        actor=leader,
        held_on=day(30),
        attendee_ids=flow.attendee_ids,
        conclusion="同意承办人意见。",
        agreed_outcome="penalty",
        agreed_fine=flow.fine,
    )
    at(frozen, 31)
    actions.decide(case, actor=leader, on=day(31))
    flow.serve(K.PENALTY_DECISION, day(32))
    at(frozen, 33)
    jobs.run(day(33))  # the decision registered for publication (信用信息公示)
    for _ in range(n):
        signature = documents.capture_signature(
            flow.refresh(),
            actor=handler,
            kind=K.SERVICE_ADDRESS,
            role="party",
            name="王经理",
            png=PNG,
        )
        delivery.record_consent(
            case.party,
            actor=handler,
            case=case,
            signed_on=day(33),
            electronic=True,
            phone="13800138000",
            address="示范区人民路12号",
            signature=signature,
        )
        owed = perf_selectors.balance(flow.refresh(), day(33)).unpaid_principal
        plan = perf.request_payment_plan(
            flow.refresh(),
            actor=handler,
            kind="deferral",
            reason="经营困难",
            instalments=[(day(90), owed)],
            on=day(33),
        )
        perf.decide_payment_plan(plan, actor=leader, approve=False, note="未提供证明", on=day(33))
        perf.record_payment(
            flow.refresh(), actor=handler, amount=Decimal(1000), paid_on=day(33), channel="bank"
        )
    at(frozen, 36)
    for _ in range(n):
        actions.record_remedy(
            flow.refresh(), actor=handler, kind="review", applied_on=day(36), body="示范区人民政府"
        )
        actions.record_remedy_result(
            case.remedies.get(decided_on__isnull=True),
            actor=leader,
            result="upheld",
            decided_on=day(36),
            result_received_on=day(36),
        )
    end = perf_selectors.statutory_period_end(flow.refresh())
    assert end is not None
    reminded = (end - day(0)).days + 1
    at(frozen, reminded)
    perf.issue_reminder(flow.refresh(), actor=handler, on=day(reminded))
    flow.serve(K.ENFORCEMENT_REMINDER, day(reminded))
    at(frozen, reminded + 2)
    for i in range(n):
        perf.record_reminder_statement(
            flow.refresh(),
            actor=handler,
            content=f"资金周转困难{i}",
            adopted=False,
            reasons="未提供证据",
            received_on=day(reminded + 2),
        )
    wait = case.reminders.get().wait_until
    assert wait is not None
    court = (wait - day(0)).days + 1
    at(frozen, court)
    application = perf.apply_to_court(flow.refresh(), actor=leader, on=day(court))
    # the steps' documents are rendered after their transactions commit (here: now)
    render_pending(Document.objects.filter(case=case).values_list("pk", flat=True))
    build_court_package(flow.refresh(), actor=leader, on=day(court))
    at(frozen, court + 3)
    perf.record_court_result(
        application,
        actor=leader,
        stage="accepted",
        on=day(court + 3),
        court_case_number="(2026)执1号",
    )
    return flow.refresh()


def _rows(case: Case) -> dict[str, int]:
    """How many rows the case has of each kind of record (each relation of the case)."""
    return {
        rel.name: getattr(case, rel.get_accessor_name()).count()
        for rel in Case._meta.related_objects
        if rel.one_to_many
    }


def _page_counts(case: Case, personas: list) -> dict[str, list[str]]:
    """Each persona's case page, asked twice (the first sight of the hour writes the audit
    row): the second one's queries."""
    counted = {}
    for persona in personas:
        client = persona.client()
        first = queries(client, detail_url(case))
        assert len(first) <= CASE_PAGE + AUDIT_ROW, f"first:\n{shown(first)}"
        counted[persona.user.username] = queries(client, detail_url(case))
    return counted


def test_the_case_page_of_a_case_with_every_kind_of_record_is_at_most_20_queries(
    flow, frozen, handler, leader, reviewer, street_officer, bureau, quick_pdf
):
    """Every relation of the case has rows (documents and their renders, services, signatures,
    consents, the publication, the court package too) and the party has an earlier penalty
    for the same act: the page reads each kind of record once, whatever their number — three
    rows of each kind that repeats take the queries one row takes."""
    flow.item = flow.item.__class__.objects.get(code="RQ-001")  # 无证燃气经营 ¥50k–500k
    flow.fine, flow.kinds = Decimal("150000"), ["fine", "confiscate_gains"]
    _earlier_penalty(flow, frozen)
    earlier = flow.case
    host = f.OfficerFactory(unit=bureau, name="主持人")
    third = f.OfficerFactory(unit=bureau, name="赵强")
    f.certify(third)
    personas = [handler, leader, reviewer, street_officer]

    one = _every_kind(flow, frozen, host=host, third=third, n=1)
    rows = _rows(one)
    assert all(rows.values()), f"a kind of record without rows: {rows}"
    few = _page_counts(one, personas)
    three = _every_kind(flow, frozen, host=host, third=third, n=3)
    more_rows = _rows(three)
    grew = [kind for kind in REPEATING if more_rows[kind] <= rows[kind]]
    assert not grew, f"no more rows of {grew}: {rows} → {more_rows}"
    more = _page_counts(three, personas)

    for who, sqls in more.items():
        assert len(sqls) <= CASE_PAGE, f"{who}:\n{shown(sqls)}"
        assert len(sqls) == len(few[who]), f"{who}: more rows, more queries:\n{shown(sqls)}"
    # and the page is the whole one: each kind of record as the sections show it
    page = handler.client().get(detail_url(three)).content.decode()
    assert earlier is not None
    assert earlier.number in page  # 重复违法
    for i in range(3):
        assert f"请求从轻{i}" in page  # the notice's statements
        assert f"资金周转困难{i}" in page  # the statements after the 催告
        assert f"现场{i}-2.png" in page  # the timeline's evidence
        assert f"王经理{i}" in page  # the transcripts
    assert "主持人 主持人" in page  # the hearing, with its host
    assert "(2026)执1号" in page  # the court
    assert "当事人已同意电子送达" in page  # the consent in force
    for doc in Document.objects.filter(case=three):  # the documents, each with its files
        assert f'id="case-doc-{doc.pk}" class="render-rendered"' in page
    correction = Document.objects.get(case=three, corrects__isnull=False)
    assert f"已被 {correction.number} 更正" in page


# The kinds of record ``_every_kind`` adds ``n`` rows of.
REPEATING = (
    "transcripts",
    "evidence",
    "preservations",
    "statements",
    "signatures",
    "service_consents",
    "payment_plans",
    "payments",
    "remedies",
    "reminder_statements",
    "documents",
    "events",
)


# --- list pages: as many queries for 33 cases as for 3 ------------------------------------------


def _in_review(flow) -> Case:
    """A general case submitted for legal review (the reviewer's queue)."""
    case = flow.heard()
    with on_the_day(flow.day + timedelta(days=10)):
        actions.submit_legal_review(case, actor=flow.handler.user, on=flow.day + timedelta(days=10))
    return flow.refresh()


def _build(flow, frozen, n: int, *, west_street) -> None:
    """``n`` filed cases (their 90-day clocks), one case waiting for filing approval, one in
    legal review and one of another street — built on day 0, the pages asked on day 95 when
    the clocks are missed."""
    at(frozen, 0)
    many(n, flow)
    pending(flow)
    _in_review(flow)
    many(1, flow, street=west_street)
    at(frozen, 95)


def _pages(category: str) -> dict[str, list[str]]:
    lists = reverse("cases:list")
    deadlines = reverse("cases:deadlines")
    case_lists = [
        lists,
        f"{lists}?mine=on",
        f"{lists}?overdue=on",
        f"{lists}?category={category}",
        f"{lists}?status=investigating",
        f"{lists}?q=人民路",
    ]
    deadline_lists = [f"{deadlines}?tab=mine", f"{deadlines}?tab=unit", f"{deadlines}?tab=overdue"]
    return {
        "handler": ["/", *case_lists, *deadline_lists],
        "leader": ["/", lists, f"{lists}?overdue=on", f"{deadlines}?tab=overdue"],
        "reviewer": ["/", f"{lists}?status=legal_review"],
        "street": ["/", lists, f"{lists}?overdue=on", *deadline_lists],
    }


API = [
    "/api/v1/cases/",
    "/api/v1/cases/?status=investigating",
    "/api/v1/cases/deadlines",
    "/api/v1/cases/deadlines?status=overdue",
    "/api/v1/cases/deadlines?scope=unit",
]
# The ceilings, in queries (session, user and the header's unread count come with every page;
# the first API call of a token records its use; the homes show other apps' panels too).
# A text search first probes the index (core.textsearch.matching_ids: a rare word's case ids and
# its parties' ids, or none) and how many cases its parties have (cases.selectors.text_match).
CEILING = {"/": 30, "list": 8, "search": 10, "api": 10}


def _count_all(personas: dict, api, pages: dict) -> dict[str, int]:
    counts = {}
    for name, urls in pages.items():
        client = personas[name].client()
        for url in urls:
            counts[f"{name} {url}"] = len(queries(client, url))
    for name in ("handler", "leader"):
        client = api(personas[name]).client  # a token of today (they expire)
        for url in API:
            counts[f"{name} {url}"] = len(queries(client, url))
    return counts


def test_each_list_page_takes_as_many_queries_for_33_cases_as_for_3(
    flow, frozen, handler, leader, reviewer, street_officer, west_street, api
):
    personas = {
        "handler": handler,
        "leader": leader,
        "reviewer": reviewer,
        "street": street_officer,
    }
    _build(flow, frozen, 3, west_street=west_street)
    category = Case.objects.exclude(category="").values_list("category", flat=True).first()
    pages = _pages(category)
    few = _count_all(personas, api, pages)
    _build(flow, frozen, 30, west_street=west_street)
    assert Case.objects.count() == 33 + 2 + 2 + 2  # filed, waiting, in review, elsewhere
    assert CaseDeadline.objects.filter(met_on__isnull=True, due_on__lt=day(95)).count() >= 33
    more = _count_all(personas, api, pages)
    grew = {page: (few[page], more[page]) for page in few if more[page] != few[page]}
    assert not grew, f"queries grew with the cases (3 → 33): {grew}"
    for page, count in more.items():
        url = page.split(" ", 1)[1]
        kind = "api" if "/api/" in url else "search" if "q=" in url else "list"
        ceiling = CEILING["/"] if url == "/" else CEILING[kind]
        assert count <= ceiling, f"{page}: {count} queries (ceiling {ceiling})"
    # and the pages counted are the full ones
    text = handler.client().get(reverse("cases:list"), {"mine": "on"}).content.decode()
    handled = Case.objects.filter(
        handlers__officer__user=handler.user, handlers__recused_on__isnull=True
    )
    assert text.count('data-label="编号"') == handled.count() >= 33
    street = street_officer.client().get(reverse("cases:deadlines"), {"tab": "overdue"})
    text = street.content.decode()
    assert text.count('data-label="到期日"') >= 33
    assert all(c.number not in text for c in Case.objects.filter(street=west_street))
