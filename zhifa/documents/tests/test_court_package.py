"""申请人民法院强制执行材料 (行政强制法 Art 55) as one PDF, in the case record."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from zhifa.cases.audit import verify_case
from zhifa.cases.models import EvidenceFile
from zhifa.core.errors import DomainError
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.court_package import build_court_package
from zhifa.documents.models import CourtPackage
from zhifa.documents.tests.conftest import pdf_text
from zhifa.performance.models import ReminderStatement

pytestmark = pytest.mark.django_db


def test_the_package_holds_every_item_of_article_55(demo, frozen):
    leader = demo.flow.leader.user
    demo.decided()
    decision = demo.issue(K.PENALTY_DECISION, demo.d(31), actor=leader)
    demo.served()
    demo.issue(K.SERVICE_RECEIPT, demo.d(32), extra={"document": decision.pk})
    case = demo.in_court()
    reminder_row = case.reminders.get()
    reminder = demo.issue(K.ENFORCEMENT_REMINDER, reminder_row.issued_on)
    on = reminder_row.wait_until + timedelta(days=1)
    with pytest.raises(DomainError) as exc:
        build_court_package(demo.case, actor=leader, on=on)
    assert "催告书送达回证" in exc.value.message  # (the 申请书: made by the apply_to_court step)
    demo.issue(K.SERVICE_RECEIPT, reminder_row.served_on, extra={"document": reminder.pk})
    application = demo.issue(K.ENFORCEMENT_APPLICATION, on, actor=leader)
    # 行政强制法 Art 36: what the party said after the 催告 (the step's row, as it recorded it)
    ReminderStatement.objects.create(
        case=case,
        reminder=reminder_row,
        received_on=reminder_row.served_on,
        content="资金周转困难，请求分期缴纳",
        adopted=False,
        reasons="当事人未提交证明材料，且未申请延期或分期缴纳",
        recorded_by=leader,
    )

    pdf = build_court_package(demo.case, actor=leader, on=on)

    if os.environ.get("ZHIFA_DOCS_DUMP"):
        Path(os.environ["ZHIFA_DOCS_DUMP"], "court_package.pdf").write_bytes(pdf)
    text = pdf_text(pdf)
    for part in (
        "申请人民法院强制执行材料", application.number, decision.number, reminder.number,
        "送达回证", "当事人的陈述申辩材料", "我单位正在办理许可，请求从轻处罚", "履行情况说明",
        "合计尚欠", "人民币叁拾万元整（¥300,000.00）", "加处罚款计算", "×3%×¥150,000.00",
        "催告后陈述申辩", "资金周转困难，请求分期缴纳", "当事人未提交证明材料",
    ):  # fmt: skip
        assert part in text, part
    package = CourtPackage.objects.get()
    assert package.application == application
    assert [c["title"] for c in package.contents] == [
        "强制执行申请书", "行政处罚决定书", "行政处罚决定书送达回证", "当事人的陈述申辩材料",
        "催告书", "催告书送达回证", "履行情况说明",
    ]  # fmt: skip
    assert package.pages == len(PdfReader(__import__("io").BytesIO(pdf)).pages)
    assert EvidenceFile.objects.get(event=package.event).sha256 == package.pdf_sha256
    case = demo.case
    assert verify_case(case) is None
