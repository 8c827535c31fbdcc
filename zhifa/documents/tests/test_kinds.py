"""Every kind of document generated for a demo case, its PDF read back with pdftotext: the title,
the 文号, the party, the amounts and what the law requires each to say."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import transaction

from zhifa.cases import actions
from zhifa.cases.record import Place
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.formatting import cn_date
from zhifa.documents.models import Document
from zhifa.documents.renderer import render_pending
from zhifa.documents.samples import SAMPLES
from zhifa.documents.tests.conftest import day, pdf_text, stored
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db

GENERAL = [
    K.FILING_APPROVAL, K.SITE_INSPECTION, K.INTERVIEW, K.PRESERVATION_NOTICE,
    K.PRESERVATION_DECISION, K.CORRECTION_ORDER, K.INVESTIGATION_REPORT, K.PRIOR_NOTICE,
    K.STATEMENT_RECORD, K.STATEMENT_REVIEW, K.HEARING_RIGHTS, K.HEARING_NOTICE,
    K.HEARING_RECORD, K.HEARING_REPORT, K.LEGAL_REVIEW, K.DISCUSSION_RECORD,
    K.PENALTY_DECISION, K.SERVICE_ADDRESS, K.SERVICE_RECEIPT, K.ENFORCEMENT_REMINDER,
    K.ENFORCEMENT_APPLICATION, K.FILE_INDEX,
]  # fmt: skip
SIMPLE = [K.ON_THE_SPOT_DECISION, K.CLOSING_APPROVAL, K.FILE_NOTE]
NO_PENALTY = [K.NO_PENALTY_DECISION]


def test_the_three_walks_cover_every_kind():
    assert sorted(GENERAL + SIMPLE + NO_PENALTY) == sorted(K.values)


def _check(doc, *phrases: str) -> str:
    pdf = stored(doc)
    if os.environ.get("ZHIFA_DOCS_DUMP"):  # to look at every kind: a folder to write them to
        Path(os.environ["ZHIFA_DOCS_DUMP"], f"{doc.kind}.pdf").write_bytes(pdf)
    if os.environ.get("ZHIFA_WRITE_SAMPLES"):  # regenerate data/samples.json (fictional data)
        samples = json.loads(SAMPLES.read_text("utf-8")) if SAMPLES.exists() else {}
        samples[doc.kind] = {k: v for k, v in doc.context.items() if k != "document"}
        SAMPLES.write_text(
            json.dumps(samples, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8"
        )
    text = pdf_text(pdf)
    title = doc.get_kind_display().replace("(", "（").replace(")", "）")
    for phrase in (title, doc.number, *phrases):
        assert phrase in text, f"{doc.get_kind_display()}：缺少「{phrase}」\n{text}"
    return text


def test_every_document_of_a_general_procedure_case_reads_right(demo, frozen):
    """From 立案审批表 to 强制执行申请书 and 卷内目录, each issued when its step is done."""
    leader = demo.flow.leader.user
    case = demo.investigated()
    party = case.party.name
    docs = {
        K.FILING_APPROVAL: demo.issue(K.FILING_APPROVAL, demo.d(0)),
        K.SITE_INSPECTION: demo.issue(K.SITE_INSPECTION, demo.d(1)),
        K.INTERVIEW: demo.issue(K.INTERVIEW, demo.d(1)),
        K.PRESERVATION_NOTICE: demo.issue(K.PRESERVATION_NOTICE, demo.d(1)),
        K.PRESERVATION_DECISION: demo.issue(K.PRESERVATION_DECISION, demo.d(3)),
        K.CORRECTION_ORDER: demo.issue(
            K.CORRECTION_ORDER, demo.d(3), extra={"deadline": demo.d(18).isoformat()}
        ),
        K.INVESTIGATION_REPORT: demo.issue(K.INVESTIGATION_REPORT, demo.d(7)),
        K.SERVICE_ADDRESS: demo.issue(K.SERVICE_ADDRESS, demo.d(7), extra={"electronic": True}),
    }
    _check(docs[K.FILING_APPROVAL], party, case.number, "负责人审批意见", "同意立案")
    _check(docs[K.SITE_INSPECTION], "液化石油气钢瓶23只", "执法证号", "京城管")
    _check(docs[K.INTERVIEW], "你单位是否取得燃气经营许可证", "被询问人")
    _check(docs[K.PRESERVATION_NOTICE], party, "第五十六条", "液化石油气钢瓶23只", "七个工作日")
    _check(docs[K.PRESERVATION_DECISION], "解除先行登记保存，退还当事人")
    _check(docs[K.CORRECTION_ORDER], party, "第二十八条第一款", f"{cn_date(demo.d(18))}前改正")
    _check(docs[K.INVESTIGATION_REPORT], "罚款人民币壹拾伍万元整（¥150,000.00）", "一般")
    _check(docs[K.SERVICE_ADDRESS], party, "☑同意", "第六十一条第二款")

    case = demo.decided()
    docs[K.PRIOR_NOTICE] = demo.issue(K.PRIOR_NOTICE, demo.d(8))
    docs[K.HEARING_RIGHTS] = demo.issue(K.HEARING_RIGHTS, demo.d(8))
    docs[K.HEARING_NOTICE] = demo.issue(K.HEARING_NOTICE, demo.d(11), actor=leader)
    docs[K.HEARING_RECORD] = demo.issue(K.HEARING_RECORD, demo.d(25), actor=leader)
    docs[K.LEGAL_REVIEW] = demo.issue(K.LEGAL_REVIEW, demo.d(29), actor=demo.flow.reviewer.user)
    docs[K.DISCUSSION_RECORD] = demo.issue(K.DISCUSSION_RECORD, demo.d(30), actor=leader)
    _check(docs[K.PRIOR_NOTICE], party, "第四十四条", "陈述和申辩", "要求举行听证", "壹拾伍万元整")
    notice = case.notices.get()
    _check(docs[K.HEARING_RIGHTS], "5个工作日内", cn_date(notice.hearing_request_due))
    _check(docs[K.HEARING_NOTICE], cn_date(demo.d(25)), "区城管委听证室", "孙主持", "申请回避")
    _check(docs[K.HEARING_RECORD], "当事人承认未取得许可", "孙主持")
    _check(
        docs[K.LEGAL_REVIEW], "同意", "事实清楚，证据确凿", "赵法",
        "审核事项", "审核要点", "结论", "说明", "执法主体", "裁量", "文书", "通过",
    )  # fmt: skip
    _check(
        docs[K.DISCUSSION_RECORD],
        "刘主任（示范区城市管理委员会负责人）、赵法（法制科法制审核员）、张伟",  # Art 57 ¶2
        "同意承办人意见",
    )
    # Art 45: what the party said, and the bureau's review of it
    docs[K.STATEMENT_RECORD] = demo.issue(K.STATEMENT_RECORD, demo.d(9))
    _check(
        docs[K.STATEMENT_RECORD], "陈述申辩笔录", party, "我单位正在办理许可，请求从轻处罚",
        "第四十五条", "不因当事人陈述、申辩而给予更重的处罚", "陈述申辩人（签名）",
    )  # fmt: skip
    docs[K.STATEMENT_REVIEW] = Document.objects.get(case=case, kind=K.STATEMENT_REVIEW)
    _check(
        docs[K.STATEMENT_REVIEW], "陈述申辩复核意见书", "不予采纳",
        "经复核，本机关不予采纳，理由是：正在办理许可不属于", "第四十五条",
    )  # fmt: skip
    # Art 65: the host's report on the hearing
    docs[K.HEARING_REPORT] = demo.issue(
        K.HEARING_REPORT, demo.d(26), actor=leader, extra={"opinion": "建议维持拟处罚意见。"}
    )
    _check(
        docs[K.HEARING_REPORT], "听证报告", "孙主持", "当事人承认未取得许可", "四、主持人意见",
        "建议维持拟处罚意见", "第六十四条",
    )  # fmt: skip

    decision = demo.issue(K.PENALTY_DECISION, demo.d(31), actor=leader)
    assert decision.number == case.decisions.get().number  # the decision's own 文号
    text = _check(
        decision,
        # Art 59 (1) the party's name and address
        party, case.party.address, case.party.id_number,
        # (2) facts and evidence
        "一、违法事实", "在人民路12号底商从事瓶装燃气经营活动", "二、证据", "现场照片", "询问笔录",
        # (3) penalty and basis
        "《城镇燃气管理条例》第四十五条第一款", "罚款人民币壹拾伍万元整（¥150,000.00）",
        "没收违法所得",
        # (4) manner and deadline of performance
        "五、履行方式和期限", "自收到本决定书之日起15日内", "非税收入", "百分之三加处罚款",
        # (5) route and time limit for review or litigation
        "60日内向示范区人民政府申请行政复议", "6个月内向示范区人民法院提起行政诉讼",
        # (6) the deciding agency and date (the seal: test_decision_defects)
        f"示范区城市管理委员会{cn_date(demo.d(31))}",
        # the party was heard (Arts 44, 45, 63): the statement, its review, the hearing
        "我单位正在办理许可，请求从轻处罚", "经复核，本机关不予采纳，理由是", "举行了听证",
    )  # fmt: skip
    assert "验证码" in text

    case = demo.served()
    receipt = demo.issue(K.SERVICE_RECEIPT, demo.d(32), extra={"document": decision.pk})
    _check(receipt, decision.number, party, "直接送达", cn_date(demo.d(32)))

    case = demo.in_court()
    reminder_row = case.reminders.get()
    reminder = demo.issue(K.ENFORCEMENT_REMINDER, reminder_row.issued_on)
    owed = reminder_row.fine_owed + reminder_row.surcharge_owed
    assert owed == Decimal("300000.00")  # the surcharge reached the fine (Art 72 ¶1(1))
    _check(
        reminder,
        party, decision.number, "第三十五条", "陈述和申辩", "10个工作日内",
        "罚款人民币壹拾伍万元整（¥150,000.00）", "合计人民币叁拾万元整（¥300,000.00）",
        "申请人民法院强制执行",
    )  # fmt: skip
    application = demo.issue(
        K.ENFORCEMENT_APPLICATION, reminder_row.wait_until + timedelta(days=1), actor=leader
    )
    _check(
        application,
        "申请人：示范区城市管理委员会", party, decision.number, "第五十五条", "示范区人民法院",
        "合计人民币叁拾万元整（¥300,000.00）", "催告书及送达回证",
    )  # fmt: skip
    index = demo.issue(K.FILE_INDEX, reminder_row.wait_until + timedelta(days=1))
    text = _check(index, "卷内目录", decision.number, "现场照片")
    missing = [d.number for d in docs.values() if d.number not in text]
    assert not missing, text


def test_the_simple_procedure_decision_and_the_closing_approval(
    handler, handler2, leader, items, citizen, east_street, frozen
):
    """当场处罚 (Art 52 ¶2): time, place, basis, fine, the review-first notice, the officers;
    the party's refusal to sign is noted."""
    decision = actions.decide_on_the_spot(
        actor=handler.user, co_handler=handler2.officer, violation_item=items["spit"],
        party=citizen, facts="在地铁站口随地吐痰", place=Place("人民路地铁站口"),
        street=east_street,
        penalty_kinds=["fine"], fine=Decimal("50"), collect_on_spot=True, party_signed=False,
        on=day(0),
    )  # fmt: skip
    case = decision.case
    refusal = doc_actions.capture_signature(
        case, actor=handler.user, kind=K.ON_THE_SPOT_DECISION, role="party", name=citizen.name,
        refused=True, refusal_note="执法人员已全程录像",
    )  # fmt: skip
    doc = doc_actions.issue_document(
        case, K.ON_THE_SPOT_DECISION, actor=handler.user, on=day(0), signatures=[refusal]
    )
    assert doc.number == decision.number
    assert "当罚字" in doc.number
    _check(
        doc,
        citizen.name, citizen.id_number, "人民路地铁站口", "罚款人民币伍拾元整（¥50.00）",
        "第五十一条", "第六十八条当场收缴", "应当先申请行政复议",
        "当事人拒绝签名：执法人员已全程录像",
        "执法证号", handler2.officer.name,
    )  # fmt: skip
    # 结案审批表 and 备考表 as the close and archive steps reserve them (the closing itself
    # waits for delivery's 送达回证 rule, zhifa.delivery.checks)
    with transaction.atomic():
        closing = doc_actions.reserve(case, K.CLOSING_APPROVAL, event=None, actor=leader.user)
        note = doc_actions.reserve(
            case, K.FILE_NOTE, event=None, actor=leader.user, extra={"notes": "现场录像1段另存。"}
        )
    render_pending([closing.pk, note.pk])
    closing = Document.objects.get(pk=closing.pk)
    block = closing.context["closing"]
    # the reason to close, or what still stands in the way of closing (delivery's rules)
    _check(
        closing,
        citizen.name,
        decision.number,
        "已缴罚款",
        "人民币伍拾元整（¥50.00）",
        (block["reason"] or block["problem"])[:12],
    )
    text = _check(
        Document.objects.get(pk=note.pk),
        "备考表", "本卷共", "页", "立卷人", handler.officer.name, "现场录像1段另存",
    )  # fmt: skip
    pages = sum(d.pages for d in Document.objects.filter(case=case).exclude(kind=K.FILE_NOTE))
    assert f"本卷共{Document.objects.filter(case=case).count() - 1}件，{pages}页" in text


def test_a_no_penalty_decision_states_the_reason_and_the_remedy(flow, frozen):
    """不予行政处罚决定书 (Art 33 ¶1 首违不罚)."""
    case = flow.reported(outcome="no_penalty")
    actions.submit_legal_review(case, actor=flow.handler.user, on=day(8))
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="符合首违不罚条件",
        checklist=checklist(),
        on=day(9),
    )
    actions.decide(case, actor=flow.leader.user, education_given=True, on=day(10))
    doc = doc_actions.issue_document(
        case, K.NO_PENALTY_DECISION, actor=flow.leader.user, on=day(10)
    )
    assert "不罚字" in doc.number
    _check(doc, case.party.name, "首违不罚", "不予行政处罚", "已对当事人进行了教育", "申请行政复议")


@pytest.mark.parametrize(
    ("reason", "article", "guardian"),
    [
        ("first_minor", "第三十三条第一款、第五十七条第一款第二项", ""),
        ("no_fault", "第三十三条第二款、第五十七条第一款第二项", ""),
        ("facts_not_established", "第五十七条第一款第三项", ""),
        ("under_age", "第三十条、第五十七条第一款第二项", "责令其监护人加以管教"),
        ("mental_incapacity", "第三十一条、第五十七条第一款第二项", "责令其监护人严加看管和治疗"),
    ],
)
def test_a_no_penalty_decision_cites_the_article_of_its_ground(reason, article, guardian):
    """行政处罚法 Arts 30, 31, 33, 57: each ground of 不予行政处罚 stands on its own article, and
    for a minor or a person who could not control the act the guardian is ordered to act."""
    from zhifa.documents import render
    from zhifa.documents.contexts.common import no_penalty_basis
    from zhifa.documents.samples import sample_context

    context = sample_context(K.NO_PENALTY_DECISION)
    context["decision"] = dict(context["decision"]) | no_penalty_basis(reason)
    html = render.render_html(K.NO_PENALTY_DECISION, context)
    assert f"依据《中华人民共和国行政处罚法》{article}的规定" in html
    assert ("不予行政处罚，并责令其监护人" in html) is bool(guardian)
    if guardian:
        assert f"不予行政处罚，并{guardian}。" in html
