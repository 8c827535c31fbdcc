"""Pages of the investigation: evidence, transcripts, evidence preservation, the report."""

from __future__ import annotations

import pytest

from zhifa.cases import actions
from zhifa.cases.models import EvidenceFile, EvidencePreservation, Proposal, Transcript
from zhifa.cases.tests.pages_helpers import (
    Snapshot,
    assert_done,
    assert_refused,
    day,
    post_step,
    step_url,
)
from zhifa.cases.tests.test_pages_intake import photo

pytestmark = pytest.mark.django_db


def test_auxiliary_staff_add_photos_to_a_case(flow, frozen, auxiliary):
    case = flow.filed()
    client = auxiliary.client()
    text = client.get(step_url(case, "add_evidence")).content.decode()
    assert "视听资料" in text
    assert "第46条" in text
    before = Snapshot.of(case)
    response = post_step(client, case, "add_evidence", {"kind": "audio_visual"})
    assert_refused(response, "请上传证据文件或填写证据说明", before, case)
    data = {"kind": "audio_visual", "description": "现场开挖", "uploads": [photo(), photo("b.png")]}
    assert_done(post_step(client, case, "add_evidence", data), case, "已记录证据")
    files = EvidenceFile.objects.filter(case=case)
    assert files.count() == 2
    # Identical content is stored once (content-addressed), each file keeps its own row.
    assert len({f.sha256 for f in files}) == 1


def test_record_a_transcript(flow, frozen, handler):
    case = flow.filed()
    client = handler.client()
    assert "询问笔录" in client.get(step_url(case, "record_transcript")).content.decode()
    data = {
        "kind": "interview",
        "started_at": "2026-03-02T09:00",
        "ended_at": "2026-03-02T08:30",
        "place": "人民路12号",
        "interviewee": "项目经理",
        "content": "问：……答：……",
        "party_signed": "on",
    }
    before = Snapshot.of(case)
    response = post_step(client, case, "record_transcript", data)
    assert_refused(response, "结束时间必须晚于开始时间", before, case)
    data["ended_at"] = "2026-03-02T09:40"
    assert_done(post_step(client, case, "record_transcript", data), case, "已记录笔录")
    assert Transcript.objects.get(case=case).interviewee == "项目经理"


def test_a_refusal_to_sign_must_be_noted(flow, frozen, handler):
    case = flow.filed()
    data = {
        "kind": "site_inspection",
        "started_at": "2026-03-02T09:00",
        "ended_at": "2026-03-02T09:30",
        "place": "人民路12号",
        "content": "现场检查……",
    }
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "record_transcript", data)
    assert_refused(response, "当事人拒绝签名的，应当注明情况", before, case)


def test_evidence_preservation_request_approval_and_decision(flow, frozen, handler, leader):
    """行政处罚法 Art 56: the head approves; a decision within 7 working days."""
    case = flow.filed()
    h, lead = handler.client(), leader.client()
    before = Snapshot.of(case)
    response = post_step(lead, case, "request_preservation", {"items": "挖掘机一台"})
    assert_refused(response, "负责人不能申请先行登记保存", before, case)
    response = post_step(h, case, "request_preservation", {"items": "挖掘机一台"})
    assert_done(response, case, "等待负责人批准")

    assert "挖掘机一台" in lead.get(step_url(case, "approve_preservation")).content.decode()
    before = Snapshot.of(case)
    response = post_step(h, case, "decide_preservation", {"decision": "予以退还"})
    assert_refused(response, "没有待办理的先行登记保存", before, case)
    response = post_step(h, case, "approve_preservation")
    assert_refused(response, "执法队员不能批准先行登记保存", before, case)
    assert_done(post_step(lead, case, "approve_preservation"), case, "处理期限 2026-03-11")

    assert_done(post_step(h, case, "decide_preservation", {"decision": "予以退还"}), case)
    row = EvidencePreservation.objects.get(case=case)
    assert (row.decided_on, row.decision) == (day(0), "予以退还")


def report_data(**kw) -> dict:
    return {
        "findings": "擅自挖掘人民路人行道约12平方米",
        "outcome": "penalty",
        "penalty_kinds": ["fine", "correction_order"],
        "fine": "5000",
        "discretion_level": "general",
        **kw,
    }


def test_submit_the_investigation_report(flow, frozen, handler):
    case = flow.filed()
    client = handler.client()
    text = client.get(step_url(case, "submit_report")).content.decode()
    assert "DL-002" in text
    assert "裁量基准" in text
    assert "责令改正" in text
    before = Snapshot.of(case)
    response = post_step(client, case, "submit_report", report_data(fine="30000"))
    assert_refused(response, "30,000", before, case)
    response = post_step(client, case, "submit_report", report_data(outcome="no_penalty"))
    assert_refused(response, "不予处罚须写明第33条或第57条规定的理由", before, case)
    assert_done(post_step(client, case, "submit_report", report_data()), case, "调查终结报告")
    case.refresh_from_db()
    assert case.status == "investigated"
    assert Proposal.objects.get(case=case).fine == 5000


def test_a_report_waits_for_the_preservation_decision(flow, frozen, handler, leader):
    case = flow.filed()
    actions.request_preservation(case, actor=handler.user, items="钢管", on=day(0))
    before = Snapshot.of(case)
    response = post_step(handler.client(), case, "submit_report", report_data())
    assert_refused(response, "先行登记保存的证据尚未作出处理决定", before, case)
