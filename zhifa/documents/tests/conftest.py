"""Fixtures for document tests: the case fixtures of the cases app (``flow``, ``items``, parties,
``frozen``), and ``Demo`` — a case walked through every step that has a document (transcripts,
preservation, hearing, legal review, discussion, decision, service, 催告, court), with helpers to
read a PDF's text (pdftotext) the way a person would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from zhifa.cases import actions
from zhifa.cases.models import Case
from zhifa.cases.record import Place, Upload
from zhifa.cases.tests.conftest import (  # noqa: F401  (fixtures shared with the cases app)
    START,
    Flow,
    citizen,
    company,
    flow,
    frozen,
    items,
    on_the_day,
)
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document
from zhifa.performance import actions as perf
from zhifa.performance import selectors as perf_selectors
from zhifa.testing import factories as f
from zhifa.testing import service
from zhifa.testing.review import checklist

DEMO_START = date(2025, 3, 3)
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
# A 1×1 PNG: a photo of the scene, as evidence.
PHOTO = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def poppler(tool: str) -> str:
    """The path of a poppler tool; a missing one fails the test with what to install."""
    exe = shutil.which(tool)
    if exe is None:
        pytest.fail(f"{tool} is not installed: apt-get install poppler-utils (DEVELOPERS.md)")
    return exe


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, with all whitespace removed (a phrase broken
    over two lines still matches)."""
    poppler("pdftotext")
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return re.sub(r"\s+", "", out)


def stored(doc: Document) -> bytes:
    with default_storage.open(doc.pdf.name, "rb") as fh:
        return fh.read()


def day(n: int) -> date:
    return START + timedelta(days=n)


def at(n: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day(n), datetime.min.time()).replace(hour=hour))


@dataclass
class Demo:
    """A gas-licence case (无证燃气经营, ¥150,000: a hearing is offered) walked step by step from
    Monday 3 March 2025 (the court window, 3 months after the 6-month litigation period, must end
    in a year the holiday calendar covers)."""

    flow: Flow
    host: Any
    stage: int = 0  # each step runs once: investigated 1, decided 2, served 3, reminded 4, court 5

    def d(self, n: int) -> date:
        return self.flow.day + timedelta(days=n)

    def at(self, n: int, hour: int) -> datetime:
        return timezone.make_aware(
            datetime.combine(self.d(n), datetime.min.time()).replace(hour=hour)
        )

    def _at(self, stage: int) -> bool:
        """True if the walk already reached ``stage``; else it will be reached now."""
        if self.stage >= stage:
            return True
        self.stage = stage
        return False

    @property
    def case(self) -> Case:
        return self.flow.refresh()

    def issue(self, kind: str, on: date, **kwargs: Any) -> Document:
        who = kwargs.pop("actor", self.flow.handler.user)
        return doc_actions.issue_document(self.case, kind, actor=who, on=on, **kwargs)

    def investigated(self) -> Case:
        if self._at(1):
            return self.case
        fl = self.flow
        fl.item = fl.item.__class__.objects.get(code="RQ-001")
        fl.fine, fl.kinds = Decimal("150000"), ["fine", "confiscate_gains"]
        case = fl.filed()
        user = fl.handler.user
        actions.record_transcript(
            case,
            actor=user,
            kind="site_inspection",
            started_at=self.at(1, 9),
            ended_at=self.at(1, 10),
            place="人民路12号底商",
            interviewee="王经理(现场负责人)",
            content="现场有液化石油气钢瓶23只，正在对外销售。\n当事人未能出示燃气经营许可证。",
        )
        actions.record_transcript(
            case,
            actor=user,
            kind="interview",
            started_at=self.at(1, 10),
            ended_at=self.at(1, 11),
            place="区城管委询问室",
            interviewee="王经理",
            content="问：你单位是否取得燃气经营许可证？\n答：没有，正在办理。",
        )
        pres = actions.request_preservation(
            case, actor=user, items="液化石油气钢瓶23只", on=self.d(1)
        )
        actions.approve_preservation(pres, actor=fl.leader.user, on=self.d(1))
        actions.decide_preservation(
            pres, actor=user, decision="解除先行登记保存，退还当事人", on=self.d(3)
        )
        actions.add_evidence(
            case,
            actor=user,
            kind="audio_visual",
            description="现场照片",
            uploads=[
                Upload(io.BytesIO(PHOTO), "现场照片.png", "audio_visual", "现场照片", "image/png")
            ],
            place=Place("人民路12号"),
        )
        actions.submit_report(
            case,
            actor=user,
            findings="当事人未取得燃气经营许可证，在人民路12号底商从事瓶装燃气经营活动。",
            outcome="penalty",
            fine=fl.fine,
            penalty_kinds=fl.kinds,
            discretion_level="general",
            on=self.d(7),
        )
        return self.case

    def decided(self) -> Case:
        self.investigated()
        if self._at(2):
            return self.case
        fl = self.flow
        actions.notify_intended_penalty(self.case, actor=fl.handler.user, on=self.d(8))
        with on_the_day(self.d(8)):  # served through the delivery app (Arts 44, 62)
            service.serve_kind(self.case, K.PRIOR_NOTICE, actor=fl.handler.user, on=self.d(8))
        actions.record_statement(
            self.case,
            actor=fl.handler.user,
            content="我单位正在办理许可，请求从轻处罚。",
            received_on=self.d(9),
        )
        # 行政处罚法 Art 45: the statement is reviewed — adopted or not, and why — before the
        # decision can say so
        self.issue(
            K.STATEMENT_REVIEW,
            self.d(10),
            extra={"adopted": "no", "reasons": "正在办理许可不属于依法从轻处罚的情形。"},
        )
        actions.request_hearing(self.case, actor=fl.handler.user, requested_on=self.d(10))
        actions.schedule_hearing(
            self.case,
            actor=fl.leader.user,
            notified_on=self.d(11),
            hearing_on=self.d(25),
            place="区城管委听证室",
            host=self.host,
        )
        with on_the_day(self.d(11)):  # the 听证通知书 reaches the party (Art 64(2))
            service.serve_kind(self.case, K.HEARING_NOTICE, actor=fl.handler.user, on=self.d(11))
        actions.record_hearing(
            self.case,
            actor=fl.leader.user,
            held_on=self.d(25),
            minutes="调查人员陈述案件事实。\n当事人承认未取得许可。",
        )
        actions.submit_legal_review(self.case, actor=fl.handler.user, on=self.d(28))
        actions.record_legal_review(
            self.case,
            actor=fl.reviewer.user,
            outcome="passed",
            opinion="事实清楚，证据确凿，适用依据正确，程序合法，处罚适当。",
            checklist=checklist(),
            on=self.d(29),
        )
        actions.record_collective_discussion(
            self.case,
            actor=fl.leader.user,
            held_on=self.d(30),
            attendee_ids=fl.attendee_ids,
            conclusion="同意承办人意见。",
            agreed_outcome="penalty",
            agreed_fine=fl.fine,
        )
        actions.decide(self.case, actor=fl.leader.user, on=self.d(31))
        return self.case

    def served(self) -> Case:
        self.decided()
        if self._at(3):
            return self.case
        service.serve_decision(self.case, actor=self.flow.handler.user, on=self.d(32))
        return self.case

    def reminded(self) -> Case:
        case = self.served()
        if self._at(4):
            return case
        end = perf_selectors.statutory_period_end(case)
        assert end is not None
        on = end + timedelta(days=1)
        perf.issue_reminder(case, actor=self.flow.handler.user, on=on)
        with on_the_day(on):  # 行政强制法 Art 35: the 催告书 served
            service.serve_kind(case, K.ENFORCEMENT_REMINDER, actor=self.flow.handler.user, on=on)
        return self.case

    def in_court(self) -> Case:
        case = self.reminded()
        if self._at(5):
            return case
        wait = case.reminders.get().wait_until
        assert wait is not None  # served above
        perf.apply_to_court(case, actor=self.flow.leader.user, on=wait + timedelta(days=1))
        return self.case


@pytest.fixture
def demo(flow, bureau) -> Demo:  # noqa: F811  (the imported fixture)
    flow.day = DEMO_START
    return Demo(flow, f.OfficerFactory(unit=bureau, name="孙主持"))


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
