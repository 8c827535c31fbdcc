"""Approvals and legal review, as the law has them:

- 法制审核 (行政处罚法 Art 58): the reviewer checks 执法主体、事实、证据、依据、程序、裁量、文书,
  each 通过 or 有问题 with a note; a review cannot pass while an item has a problem; the
  法制审核意见书 prints the checklist as a table.
- 负责人集体讨论 (Art 57 ¶2): the attendees are serving officers (not auxiliary staff, not one
  who had left), at least the local quorum, the heads first; the 集体讨论记录 lists them with
  their posts.
- 结案 and 归档: the head's 审批意见 (as for 立案, Art 54) is stored in the step's event and
  printed on the 结案审批表 and the 备考表.

Through the action, the page, the dedicated endpoint and the generic steps endpoint."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from zhifa.cases import actions
from zhifa.cases.models import CaseEvent, CollectiveDiscussion, LegalReview
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    at,
    day,
    post_step,
    step_url,
)
from zhifa.cases.timeline import summarise
from zhifa.core.errors import InvalidInput
from zhifa.documents import render
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.contexts import enforcement as file_pages
from zhifa.documents.models import Document
from zhifa.documents.renderer import render_pending, source_for
from zhifa.performance.actions import record_payment
from zhifa.testing import factories as f
from zhifa.testing.review import checklist, fields, returned

pytestmark = pytest.mark.django_db

ITEMS = ["执法主体", "事实", "证据", "依据", "程序", "裁量", "文书"]


def in_review(flow, frozen):
    """Heard, submitted for legal review on day 10; the reviewer acts on day 11."""
    case = flow.heard()
    at(frozen, 10)
    actions.submit_legal_review(case, actor=flow.handler.user, on=day(10))
    at(frozen, 11)
    return flow.refresh()


def html_of(doc: Document) -> str:
    """The document's HTML from its frozen context, as the renderer lays it out."""
    context = dict(doc.context)
    if doc.kind in file_pages.FILE_KINDS:  # 卷内目录, 备考表: page counts added when rendered
        context = file_pages.complete(context)
    return render.render_html(doc.kind, context, source=source_for(doc))


def document(case, kind: str) -> Document:
    return Document.objects.filter(case=case, kind=kind).latest("id")


# --- 法制审核 (Art 58) -------------------------------------------------------------------------


def test_it_stores_the_checklist_on_the_review_and_in_its_event(flow, frozen):
    case = in_review(flow, frozen)
    rows = checklist()
    rows[2]["note"] = "现场照片与勘验笔录相互印证"
    actions.record_legal_review(
        case, actor=flow.reviewer.user, outcome="passed", opinion="同意。", checklist=rows
    )
    review = LegalReview.objects.get(case=case)
    assert review.checklist == rows
    assert [r["label"] for r in review.checklist_rows] == ITEMS
    event = CaseEvent.objects.filter(case=case, kind="pass_legal_review").get()
    assert event.payload["checklist"] == rows
    assert flow.refresh().legal_review_done
    shown = {i.label: i.full or i.text for i in summarise(event.payload)}  # the case's timeline
    assert shown["审核内容"].startswith(
        "执法主体 通过；事实 通过；证据 通过（现场照片与勘验笔录相互印证）；依据 通过"
    )


BAD_CHECKLISTS = [
    # (outcome, checklist, code, field, words of the message)
    (
        "passed",
        checklist(evidence="挖掘面积无测量记录"),
        "passed_with_problem",
        "checklist.evidence",
        "「证据」有问题，不能审核通过",
    ),
    ("passed", checklist(facts=""), "note_required", "checklist.facts.note", "「事实」有问题的"),
    (
        "passed",
        checklist()[:-1],
        "checklist_incomplete",
        "checklist.documents",
        "缺少「文书」一项",
    ),
    ("passed", [], "checklist_required", "checklist", "请逐项填写执法主体、事实、证据"),
    ("passed", None, "checklist_required", "checklist", "请逐项填写"),
    (
        "passed",
        [*checklist(), {"item": "mood", "result": "pass"}],
        "invalid_checklist",
        "checklist",
        "「mood」不是审核事项",
    ),
    (
        "passed",
        [*checklist()[:6], {"item": "documents", "result": "maybe"}],
        "invalid_choice",
        "checklist.documents",
        "请选择通过或有问题",
    ),
    (
        "returned",
        checklist(),
        "returned_without_problem",
        "checklist",
        "退回补充调查的，应至少有一项为有问题",
    ),
]


@pytest.mark.parametrize(("outcome", "rows", "code", "field", "says"), BAD_CHECKLISTS)
def test_a_review_with_a_bad_checklist_is_refused_and_nothing_is_written(
    flow, frozen, outcome, rows, code, field, says
):
    case = in_review(flow, frozen)
    before = Snapshot.of(case)
    with pytest.raises(InvalidInput) as exc:
        actions.record_legal_review(
            case, actor=flow.reviewer.user, outcome=outcome, opinion="意见", checklist=rows
        )
    assert (exc.value.code, exc.value.field) == (code, field)
    assert says in exc.value.message
    assert "第58条" in exc.value.message
    assert Snapshot.of(case) == before
    assert LegalReview.objects.get(case=case).decided_on is None


def test_a_review_returned_for_investigation_names_the_problem(flow, frozen):
    case = in_review(flow, frozen)
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="returned",
        opinion="请补充勘验。",
        checklist=returned("挖掘面积仅有当事人陈述"),
    )
    review = LegalReview.objects.get(case=case)
    problems = [r for r in review.checklist_rows if r["problem"]]
    assert [(r["label"], r["note"]) for r in problems] == [("证据", "挖掘面积仅有当事人陈述")]
    assert flow.refresh().status == "investigating"


def test_the_review_page_asks_each_item_and_refuses_a_pass_with_a_problem(flow, frozen):
    case = in_review(flow, frozen)
    client = flow.reviewer.client()
    page = client.get(step_url(case, "pass_legal_review")).content.decode()
    for label in ITEMS:
        assert f"审核内容：{label}" in page
    assert "执法主体是否合法，执法人员是否具备执法资格" in page
    assert page.count('type="radio"') == 14  # 通过 / 有问题 for each of the seven
    before = Snapshot.of(case)
    data = {"opinion": "同意。", **fields(discretion="罚款数额超出一般档次")}
    response = post_step(client, case, "pass_legal_review", data)
    assert response.status_code == 422
    assert_refused(response, "「裁量」有问题，不能审核通过", before, case)
    data = {"opinion": "同意。", **fields(discretion="")}
    response = post_step(client, case, "pass_legal_review", data)
    assert_refused(response, "「裁量」有问题的，应当说明问题所在", before, case)
    data = fields()
    del data["check_subject"]
    response = post_step(client, case, "pass_legal_review", {"opinion": "同意。", **data})
    assert_refused(response, "审核内容：执法主体：", before, case)
    response = post_step(client, case, "pass_legal_review", {"opinion": "同意。", **fields()})
    assert_done(response, case, "同意")


def test_the_api_needs_the_checklist_and_returns_it(flow, frozen, api):
    case = in_review(flow, frozen)
    client = api(flow.reviewer)
    path = f"{case.pk}/legal-review/opinion"
    body = {"version": case.version, "outcome": "passed", "opinion": "同意。"}
    missing = client.post(path, body, expect=422)
    assert missing["field"] == "checklist"
    assert "checklist" in missing["message"]
    problem = client.post(path, body | {"checklist": checklist(basis="引用条款有误")}, expect=422)
    assert (problem["code"], problem["field"]) == ("passed_with_problem", "checklist.basis")
    assert "「依据」有问题" in problem["message"]
    done = client.post(path, body | {"checklist": checklist()})
    assert [c["label"] for c in done["checklist"]] == ITEMS
    assert {c["result_label"] for c in done["checklist"]} == {"通过"}
    assert done["case"]["status"] == "reviewed"
    detail = client.get(str(case.pk))
    assert len(detail["legal_review"]["checklist"]) == 7


def test_the_generic_steps_endpoint_takes_the_checklist_fields(flow, frozen, api):
    case = in_review(flow, frozen)
    client = api(flow.reviewer)
    path = f"{case.pk}/steps/return_for_investigation"
    body = {"version": case.version, "opinion": "补充勘验。"}
    refused = client.post(path, body | fields(), expect=422)
    assert refused["code"] == "returned_without_problem"
    done = client.post(path, body | fields(evidence="缺少测量照片"))
    assert done["case"]["status"] == "investigating"
    assert LegalReview.objects.get(case=case).checklist[2]["note"] == "缺少测量照片"


def test_the_legal_review_opinion_prints_the_checklist_as_a_table(flow, frozen):
    case = in_review(flow, frozen)
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="returned",
        opinion="请补充现场勘验笔录后重新报送。",
        checklist=returned("挖掘面积仅有当事人陈述"),
    )
    doc = document(case, K.LEGAL_REVIEW)
    html = html_of(doc)
    assert "<th>审核事项</th><th>审核要点</th><th>结论</th><th>说明</th>" in html
    for label in ITEMS:
        assert f'<td class="check-label">{label}</td>' in html
    assert '<td class="check-question">证据是否合法、确实、充分</td>' in html
    assert '<td class="center problem">有问题</td><td>挖掘面积仅有当事人陈述</td>' in html
    assert html.count('<td class="center">通过</td>') == 6
    from zhifa.documents.tests.conftest import pdf_text, stored

    render_pending([doc.pk])
    text = pdf_text(stored(Document.objects.get(pk=doc.pk)))
    for phrase in ("审核事项", "结论", "说明", *ITEMS, "有问题", "挖掘面积仅有当事人陈述"):
        assert phrase in text, phrase


# --- 负责人集体讨论 (Art 57 ¶2) ------------------------------------------------------------------


@pytest.fixture
def left_officer(bureau):
    """An officer who left the bureau on day 5 (the discussion is on day 12)."""
    officer = f.OfficerFactory(unit=bureau, name="钱调", left_on=day(5))
    f.certify(officer)
    return officer


def _discuss(flow, ids, **kw):
    return actions.record_collective_discussion(
        flow.refresh(),
        actor=flow.leader.user,
        held_on=day(12),
        attendee_ids=ids,
        conclusion="同意按拟处理意见处罚",
        agreed_outcome="penalty",
        agreed_fine=flow.fine,
        **kw,
    )


def test_the_discussion_page_offers_serving_officers_heads_first(
    flow, frozen, auxiliary, left_officer
):
    case = flow.reviewed()
    at(frozen, 12)
    page = flow.leader.client().get(step_url(case, "record_discussion")).content.decode()
    assert page.count('type="checkbox" name="attendee_ids"') == 4  # 刘主任, 赵法, 张伟, 李娜
    assert "刘主任 · 负责人" in page
    assert page.index("刘主任 · 负责人") < page.index("赵法 · 法制审核员") < page.index("张伟")
    assert auxiliary.officer.name not in page
    assert left_officer.name not in page
    ticked = re.findall(
        r'<input type="checkbox" name="attendee_ids" value="(\d+)"[^>]* checked', page
    )
    assert ticked == [str(flow.leader.officer.pk)]  # the chair attends
    assert "不少于3人" in page


ATTENDEE_REFUSALS = [
    # (who is named beside the head and the reviewer, code, words of the message)
    ("auxiliary", "auxiliary_attendee", "王协为辅助人员，不能参加负责人集体讨论"),
    ("left", "attendee_not_serving", "钱调在2026-03-14不在职"),
    ("unknown", "unknown_attendee", "编号999999的执法人员不存在"),
    ("nobody", "too_few_attendees", "集体讨论参加人员不得少于3人"),
]


@pytest.mark.parametrize(("who", "code", "says"), ATTENDEE_REFUSALS)
def test_a_discussion_names_serving_officers_only(
    flow, frozen, auxiliary, left_officer, who, code, says
):
    case = flow.reviewed()
    at(frozen, 12)
    third = {
        "auxiliary": [auxiliary.officer.pk],
        "left": [left_officer.pk],
        "unknown": [999999],
        "nobody": [],
    }[who]
    before = Snapshot.of(case)
    with pytest.raises(InvalidInput) as exc:
        _discuss(flow, [flow.leader.officer.pk, flow.reviewer.officer.pk, *third])
    assert (exc.value.code, exc.value.field) == (code, "attendee_ids")
    assert says in exc.value.message
    assert Snapshot.of(case) == before
    assert not CollectiveDiscussion.objects.filter(case=case).exists()


def test_the_page_and_the_api_refuse_an_auxiliary_attendee_on_the_field(
    flow, frozen, auxiliary, api
):
    case = flow.reviewed()
    at(frozen, 12)
    ids = [flow.leader.officer.pk, flow.reviewer.officer.pk, auxiliary.officer.pk]
    data = {
        "held_on": day(12).isoformat(),
        "attendee_ids": ids,
        "conclusion": "同意",
        "agreed_outcome": "penalty",
        "agreed_fine": "5000",
    }
    before = Snapshot.of(case)
    response = post_step(flow.leader.client(), case, "record_discussion", data)
    assert response.status_code == 422
    assert_refused(response, "王协为辅助人员", before, case)
    body = data | {"version": case.version}
    refused = api(flow.leader).post(f"{case.pk}/collective-discussion", body, expect=422)
    assert (refused["code"], refused["field"]) == ("auxiliary_attendee", "attendee_ids")
    assert "王协为辅助人员" in refused["message"]
    wrong = api(flow.leader).post(
        f"{case.pk}/collective-discussion", body | {"attendee_ids": "刘主任"}, expect=422
    )
    assert wrong["field"] == "attendee_ids"


def test_the_discussion_record_lists_the_attendees_with_their_posts(flow, frozen):
    case = flow.reviewed()
    at(frozen, 12)
    row = _discuss(
        flow, [flow.handler.officer.pk, flow.reviewer.officer.pk, flow.leader.officer.pk]
    )
    assert row.attendees == ["刘主任", "赵法", "张伟"]  # the head first
    assert sorted(row.attendee_ids) == sorted(flow.attendee_ids)
    event = CaseEvent.objects.get(case=case, kind="record_discussion")
    assert event.payload["attendees"] == ["刘主任", "赵法", "张伟"]
    assert event.payload["attendee_ids"] == [
        flow.leader.officer.pk,
        flow.reviewer.officer.pk,
        flow.handler.officer.pk,
    ]
    html = html_of(document(case, K.DISCUSSION_RECORD))
    assert (
        "刘主任（示范区城市管理委员会 负责人）、赵法（法制科 法制审核员）、"
        "张伟（示范区城市管理委员会 执法队员）"
    ) in html
    assert "<th>参加人数</th><td>3人</td>" in html


# --- 结案、归档 的审批意见 ----------------------------------------------------------------------


def paid(flow, frozen):
    case = flow.served()
    at(frozen, 20)
    record_payment(
        case, actor=flow.handler.user, amount=Decimal(5000), paid_on=day(20), channel="bank"
    )
    return flow.refresh()


def test_the_heads_opinions_on_closing_and_archiving_are_printed(flow, frozen):
    case = paid(flow, frozen)
    lead = flow.leader.client()
    page = lead.get(step_url(case, "close")).content.decode()
    assert "审批意见" in page
    assert "不填写的，记为「同意结案。」" in page
    opinion = "同意结案，罚款已全额缴纳。"
    assert_done(post_step(lead, case, "close", {"opinion": opinion}), case, "已结案")
    assert CaseEvent.objects.get(case=case, kind="close").payload["opinion"] == opinion
    closing = document(case, K.CLOSING_APPROVAL)
    assert closing.context["closing"]["opinion"] == opinion
    html = html_of(closing)
    assert f"<p>{opinion}</p>" in html
    assert "负责人：刘主任" in html
    assert_done(post_step(lead, case, "archive", {"opinion": "同意归档，保管期限十年。"}), case)
    assert CaseEvent.objects.get(case=case, kind="archive").payload["opinion"] == (
        "同意归档，保管期限十年。"
    )
    note = html_of(document(case, K.FILE_NOTE))
    assert '<th>负责人审批意见</th><td colspan="3">同意归档，保管期限十年。</td>' in note


def test_a_blank_opinion_is_the_default_approval(flow, frozen, api):
    case = paid(flow, frozen)
    client = api(flow.leader)
    client.post(f"{case.pk}/close", {"version": case.version, "opinion": "  "})
    assert CaseEvent.objects.get(case=case, kind="close").payload["opinion"] == "同意结案。"
    assert "<p>同意结案。</p>" in html_of(document(case, K.CLOSING_APPROVAL))
    case.refresh_from_db()
    client.post(f"{case.pk}/archive", {"version": case.version})
    assert CaseEvent.objects.get(case=case, kind="archive").payload["opinion"] == "同意归档。"
    assert "同意归档。" in html_of(document(case, K.FILE_NOTE))


def test_the_generic_steps_endpoint_takes_the_closing_opinion(flow, frozen, api):
    case = paid(flow, frozen)
    client = api(flow.leader)
    body = {"version": case.version, "opinion": "同意结案。请归档。"}
    client.post(f"{case.pk}/steps/close", body)
    assert CaseEvent.objects.get(case=case, kind="close").payload["opinion"] == "同意结案。请归档。"
    case.refresh_from_db()
    client.post(f"{case.pk}/steps/archive", {"version": case.version, "opinion": "同意。"})
    assert CaseEvent.objects.get(case=case, kind="archive").payload["opinion"] == "同意。"
