"""The general procedure (普通程序) end to end through the API, with bearer tokens: penalty to
archive, no penalty, transfer, hearing, and legal review returned for more investigation."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhifa.cases.audit import verify_case
from zhifa.cases.chain import digest_stream
from zhifa.cases.models import Case
from zhifa.cases.tests.conftest import on_the_day
from zhifa.documents.choices import DocumentKind as K
from zhifa.testing import factories as f

pytestmark = pytest.mark.django_db


def _due(flow, kind: str) -> str:
    """The due day of the case's open clock of ``kind`` (GET /cases/{id}/deadlines)."""
    rows = flow.handler.get(f"{flow.case_id}/deadlines")
    return next(r["due_on"] for r in rows if r["kind"] == kind and r["state"] == "open")


def _intact(case_id: int) -> None:
    assert verify_case(Case.objects.get(pk=case_id)) is None


def test_a_penalty_case_walks_from_clue_to_archive(api_flow, api, leader, frozen):
    flow = api_flow
    photo = SimpleUploadedFile(
        "现场.jpg", b"\xff\xd8\xff\xe0 photo of the dug-up pavement", "image/jpeg"
    )
    clue = flow.clue(files=[photo], latitude="39.904200", longitude="116.407400")
    assert (clue["status"], clue["procedure"], clue["event_count"]) == ("clue", "general", 1)
    flow.step(
        flow.handler,
        "request-filing",
        {
            "handler_ids": flow.handler_ids,
            "violation_code": flow.violation_code,
            "party_id": flow.party_id,
            "act_on": flow.on(-3),
            "on": flow.on(0),
        },
    )
    filed = flow.step(flow.leader, "approve-filing", {"on": flow.on(0)})
    assert (filed["status"], filed["filed_on"]) == ("investigating", flow.on(0))

    # Investigation: evidence with its digests, a transcript, an evidence preservation.
    document = SimpleUploadedFile("施工许可查询.pdf", b"%PDF-1.4 no permit on record")
    added = flow.handler.upload(
        f"{flow.case_id}/evidence",
        {"kind": "documentary", "description": "道路挖掘许可查询结果", "files": [document]},
    )
    file = added["event"]["evidence"][0]
    digests, size = digest_stream(io.BytesIO(b"%PDF-1.4 no permit on record"))
    assert (file["size"], file["sm3"], file["sha256"]) == (size, digests.sm3, digests.sha256)
    download = flow.handler.client.get(file["url"])
    assert b"".join(download.streaming_content) == b"%PDF-1.4 no permit on record"
    flow.version = added["case"]["version"]
    transcript = flow.step(
        flow.handler,
        "transcripts",
        {
            "kind": "site_inspection",
            "started_at": f"{flow.on(1)}T09:00:00+08:00",
            "ended_at": f"{flow.on(1)}T09:40:00+08:00",
            "place": "人民路12号",
            "content": "现场人行道被挖开约12平方米，未设置围挡。",
            "interviewee": "现场负责人",
        },
        expect=201,
    )
    assert transcript["kind"] == "site_inspection"
    kept = flow.step(flow.handler, "preservations", {"items": "挖掘机一台", "on": flow.on(2)}, 201)
    approved = flow.step(flow.leader, f"preservations/{kept['id']}/approve", {"on": flow.on(2)})
    assert approved["decision_due"] == flow.on(11)  # 7 working days (Art 56)
    flow.serve(K.PRESERVATION_NOTICE, 2)  # the approval made its 先行登记保存通知书
    flow.step(
        flow.handler, f"preservations/{kept['id']}/decide", {"decision": "退还", "on": flow.on(4)}
    )
    flow.serve(K.PRESERVATION_DECISION, 4)

    report = flow.step(
        flow.handler,
        "report",
        {
            "findings": "擅自挖掘人民路人行道约12平方米",
            "outcome": "penalty",
            "fine": "5000.00",
            "penalty_kinds": ["fine", "correction_order"],
            "discretion_level": "general",
            "on": flow.on(7),
        },
        expect=201,
    )
    assert (report["fine"], report["case"]["status"]) == ("5000.00", "investigated")
    notice = flow.step(flow.handler, "notice", {"on": flow.on(8)}, expect=201)
    assert (notice["notified_on"], notice["served_on"], notice["statement_due"]) == (
        flow.on(8),
        None,
        None,
    )
    flow.serve(K.PRIOR_NOTICE, 8)  # through the delivery app: the periods run from it (Art 62)
    assert _due(flow, "statement") == flow.on(15)  # 5 working days after the 10th
    assert notice["hearing_offered"] is False  # ¥5,000 for an organisation: under ¥50,000
    flow.step(
        flow.handler, "statements", {"content": "已停工，请求从轻", "received_on": flow.on(9)}, 201
    )
    # Art 45: re-examined, and the record says whether it is adopted and why not — through the
    # generic step endpoint (the step's page form); without a reason it is refused, 422
    review = {"adopted": "0", "reasons": "", "on": flow.on(10)}
    with on_the_day(flow.day + timedelta(days=10)):
        refused = flow.step(flow.handler, "steps/review_statement", review, expect=422)
    assert (refused["field"], "第45条" in refused["message"]) == ("reasons", True)
    review["reasons"] = "停工系责令后所为，不影响违法事实的认定"
    flow.step(flow.handler, "steps/review_statement", review)
    flow.review(submit=16, decide=17)
    decision = flow.step(flow.leader, "decide", {"on": flow.on(18)})
    assert "罚决字" in decision["number"]
    assert (decision["fine"], decision["case"]["status"]) == ("5000.00", "decided")
    flow.serve(K.PENALTY_DECISION, 21)
    served = flow.case()
    assert (served["status"], served["payment_due"]) == ("served", flow.on(36))

    frozen.move_to(f"{flow.on(30)} 10:00 +0800")
    owed = flow.case()["owed"]
    assert (owed["total_owed"], owed["lines"]) == ("5000.00", [])
    paid = flow.step(
        flow.handler,
        "payments",
        {"amount": "5000.00", "paid_on": flow.on(30), "channel": "bank", "reference": "FS001"},
        expect=201,
    )
    assert paid["case"]["status"] == "performed"
    archived = flow.closed_and_archived(flow.on(31))
    assert (archived["status"], archived["paid"], archived["surcharge_paid"]) == (
        "archived",
        "5000.00",
        "0.00",
    )

    detail = flow.case()
    assert detail["legal_review_done"]
    assert detail["owed"]["total_owed"] == "0.00"
    assert detail["party"]["name"] == "示范市鑫源建筑工程有限公司"
    assert [h["name"] for h in detail["handlers"]] == ["张伟", "李娜"]
    kinds = [e["kind"] for e in flow.handler.get(f"{flow.case_id}/events")]
    assert kinds == [
        "register_clue",
        "request_filing",
        "approve_filing",
        "add_evidence",
        "record_transcript",
        "request_preservation",
        "approve_preservation",
        "service_completed",  # the 先行登记保存通知书, with its 送达回证
        "decide_preservation",
        "service_completed",  # the 处理决定书
        "submit_report",
        "notify",
        "record_notice_service",  # the 事先告知书 served: the periods run (Art 62)
        "service_completed",
        "record_statement",
        "review_statement",  # adopted or not, and why (Art 45)
        "submit_legal_review",
        "pass_legal_review",
        "decide",
        "record_service",
        "service_completed",
        "record_payment",
        "close",
        "archive",
    ]
    clocks = flow.handler.get(f"{flow.case_id}/deadlines")
    assert all(c["state"] != "open" for c in clocks)
    _intact(flow.case_id)


def test_a_no_penalty_decision_is_served_and_closed(api_flow, frozen):
    """Art 33 ¶1 首违不罚: no prior notice; reviewed under the bureau's rule; served; closed."""
    flow = api_flow
    flow.reported(outcome="no_penalty")
    flow.review(8, 9)
    decision = flow.step(flow.leader, "decide", {"education_given": True, "on": flow.on(10)})
    assert (decision["outcome"], decision["no_penalty_reason"]) == ("no_penalty", "first_minor")
    assert "不罚字" in decision["number"]
    flow.serve(K.NO_PENALTY_DECISION, 11)
    served = flow.case()
    assert (served["status"], served["payment_due"]) == ("served", None)
    archived = flow.closed_and_archived(flow.on(11))
    assert (archived["status"], archived["fine"], archived["outcome"]) == (
        "archived",
        None,
        "no_penalty",
    )
    assert flow.case()["closing_reason"] == "不予处罚决定已送达"
    _intact(flow.case_id)


def test_a_transfer_is_decided_closed_and_archived_without_service(api_flow, frozen):
    """Art 57 ¶1(4): transferred; no legal review is needed and nothing is served."""
    flow = api_flow
    report = flow.reported(outcome="transfer")
    assert report["transfer_to"] == "示范区公安分局"
    assert flow.case()["requires_legal_review"] is False
    decision = flow.step(flow.leader, "decide", {"on": flow.on(8)})
    assert (decision["outcome"], decision["transfer_to"]) == ("transfer", "示范区公安分局")
    assert flow.closed_and_archived(flow.on(8))["status"] == "archived"
    assert flow.case()["closing_reason"] == "已移送"
    _intact(flow.case_id)


def test_a_hearing_is_offered_requested_noticed_held_reviewed_and_discussed(
    api_flow, items, bureau, frozen, leader, reviewer, handler2
):
    """Art 63: an organisation's fine above ¥50,000 → hearing rights; request within 5 WD
    (Art 64(1)); notice at least 7 WD before (Art 64(2)); a held hearing requires legal review
    (Art 58 ¶1(2)); a complex case goes to collective discussion (Art 57 ¶2)."""
    flow = api_flow
    flow.violation_code, flow.fine = items["gas"].code, "150000.00"
    flow.kinds = ["fine", "confiscate_gains"]
    flow.filed(complex_case=True)
    flow.step(
        flow.handler,
        "report",
        {
            "findings": "无证经营瓶装燃气",
            "outcome": "penalty",
            "fine": flow.fine,
            "penalty_kinds": flow.kinds,
            "discretion_level": "general",
            "on": flow.on(7),
        },
        expect=201,
    )
    notice = flow.step(flow.handler, "notice", {"on": flow.on(8)}, expect=201)
    flow.serve(K.PRIOR_NOTICE, 8)  # through the delivery app: the periods run from it (Art 62)
    assert notice["hearing_offered"] is True
    assert _due(flow, "hearing_request") == flow.on(15)  # 5 WD after the 10th
    hearing = flow.step(flow.handler, "hearing/request", {"requested_on": flow.on(10)}, 201)
    assert hearing["requested_on"] == flow.on(10)

    host = f.OfficerFactory(unit=bureau, name="主持人")
    late = {"notified_on": flow.on(14), "hearing_on": flow.on(18), "place": "听证室"}
    refused = flow.leader.post(
        f"{flow.case_id}/hearing/schedule", late | {"host_id": host.pk}, expect=409
    )
    assert refused["code"] == "hearing_notice_late"
    assert "七日前" in refused["message"]
    handler_as_host = late | {"hearing_on": flow.on(25), "host_id": flow.handler_ids[0]}
    refused = flow.leader.post(f"{flow.case_id}/hearing/schedule", handler_as_host, expect=409)
    assert refused["code"] == "host_is_investigator"

    body = {"notified_on": flow.on(14), "hearing_on": flow.on(25), "place": "区城管委听证室"}
    scheduled = flow.step(flow.leader, "hearing/schedule", body | {"host_id": host.pk})
    assert (scheduled["scheduled_on"], scheduled["host_id"]) == (flow.on(25), host.pk)
    assert scheduled["host_name"] == "主持人"
    flow.serve(K.HEARING_NOTICE, 14)  # the 听证通知书 reaches the party (Art 64(2))
    decide_early = flow.leader.post(f"{flow.case_id}/decide", {"on": flow.on(20)}, expect=409)
    assert decide_early["code"] == "decision_not_ready"
    held = flow.step(
        flow.leader, "hearing/record", {"held_on": flow.on(25), "minutes": "当事人称已停止经营"}
    )
    assert held["held_on"] == flow.on(25)
    detail = flow.case()
    assert detail["hearing_held"]
    assert detail["requires_legal_review"]
    assert detail["requires_collective_discussion"]

    flow.review(26, 27)
    discussed = flow.step(
        flow.leader,
        "collective-discussion",
        {
            "held_on": flow.on(28),
            "attendee_ids": [handler2.officer.pk, reviewer.officer.pk, leader.officer.pk],
            "conclusion": "同意给予罚款十五万元、没收违法所得的处罚",
            "agreed_outcome": "penalty",
            "agreed_fine": "150000.00",
        },
        expect=201,
    )
    assert discussed["case"]["status"] == "discussed"
    assert discussed["attendees"] == ["刘主任", "赵法", "李娜"]  # the head first (Art 57 ¶2)
    assert sorted(discussed["attendee_ids"]) == sorted(
        [leader.officer.pk, reviewer.officer.pk, handler2.officer.pk]
    )
    decision = flow.step(flow.leader, "decide", {"on": flow.on(29)})
    assert decision["fine"] == "150000.00"
    assert decision["penalty_kinds"] == ["fine", "confiscate_gains"]
    flow.serve(K.PENALTY_DECISION, 30)
    frozen.move_to(f"{flow.on(35)} 10:00 +0800")
    flow.step(
        flow.handler,
        "payments",
        {"amount": "150000.00", "paid_on": flow.on(35), "channel": "online"},
        expect=201,
    )
    assert flow.closed_and_archived(flow.on(36))["status"] == "archived"
    _intact(flow.case_id)


def test_legal_review_returns_the_case_for_more_investigation_then_passes(api_flow, frozen):
    flow = api_flow
    flow.heard()
    returned = flow.review(10, 11, outcome="returned")
    assert returned["outcome"] == "returned"
    assert returned["case"]["status"] == "investigating"
    assert flow.case()["legal_review_done"] is False

    # More investigation, a new report (larger area → a larger fine), a new notice.
    more = flow.handler.upload(
        f"{flow.case_id}/evidence",
        {"kind": "inspection_record", "description": "补充勘验：挖掘面积15平方米"},
    )
    flow.version = more["case"]["version"]
    report = flow.step(
        flow.handler,
        "report",
        {
            "findings": "补充勘验：挖掘面积15平方米",
            "outcome": "penalty",
            "fine": "6000.00",
            "penalty_kinds": ["fine"],
            "discretion_level": "general",
            "on": flow.on(15),
        },
        expect=201,
    )
    assert report["fine"] == "6000.00"
    flow.step(flow.handler, "notice", {"on": flow.on(16)}, expect=201)
    flow.serve(K.PRIOR_NOTICE, 16)
    flow.step(flow.handler, "waive-statement", {"on": flow.on(17)})
    passed = flow.review(18, 19)
    assert (passed["outcome"], passed["case"]["status"]) == ("passed", "reviewed")
    decision = flow.step(flow.leader, "decide", {"on": flow.on(20)})
    assert decision["fine"] == "6000.00"
    detail = flow.case()
    assert detail["proposal"]["fine"] == "6000.00"
    assert detail["notice"]["intended_fine"] == "6000.00"
    flow.serve(K.PENALTY_DECISION, 21)
    frozen.move_to(f"{flow.on(22)} 10:00 +0800")
    flow.step(
        flow.handler,
        "payments",
        {"amount": "6000.00", "paid_on": flow.on(22), "channel": "bank"},
        expect=201,
    )
    assert flow.closed_and_archived(flow.on(23))["status"] == "archived"
    events = flow.handler.get(f"{flow.case_id}/events")
    assert [e["kind"] for e in events].count("submit_report") == 2
    assert Decimal(events[-1]["payload"]["events"]) == len(events)
    assert (flow.day + timedelta(days=23)).isoformat() == flow.case()["closed_on"]
    _intact(flow.case_id)
