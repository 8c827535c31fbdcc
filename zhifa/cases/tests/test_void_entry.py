"""作废错误记录 (行政处罚法 Art 47, the full record): a wrong entry — a transcript with a wrong
date, a mistyped fact — is never edited in place. A new event voids it with its reason; the
entry stays in the record, leaves the evidence the documents list, and the documents that cited
it are flagged for re-issue (and hold up 结案 and 归档 until re-issued)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from zhifa.cases import actions
from zhifa.cases.audit import verify_case
from zhifa.cases.models import CaseEvent, Transcript
from zhifa.cases.tests.conftest import on_the_day
from zhifa.cases.tests.pages_helpers import SHANGHAI, at, day, post_step, step_url
from zhifa.core.errors import DomainError, InvalidInput
from zhifa.documents.checks import reissue_needed
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.contexts.common import evidence
from zhifa.documents.models import Document

pytestmark = pytest.mark.django_db

WRONG = "笔录开始时间记为3月3日，实为3月4日"


def _with_transcript(flow, frozen):
    case = flow.filed()
    at(frozen, 2)
    start = datetime.combine(day(2), datetime.min.time(), SHANGHAI) + timedelta(hours=9)
    actions.record_transcript(
        case,
        actor=flow.handler.user,
        kind="interview",
        started_at=start,
        ended_at=start + timedelta(minutes=40),
        place="执法大队询问室",
        interviewee="王某",
        content="问：……答：……",
    )
    case.refresh_from_db()
    return case, CaseEvent.objects.get(case=case, kind="record_transcript")


def test_a_wrong_transcript_is_voided_not_edited(flow, frozen):
    case, entry = _with_transcript(flow, frozen)
    transcript = Transcript.objects.get(case=case)
    before = (entry.payload, entry.digest_sm3, transcript.content, transcript.started_at)
    assert any(r["name"].startswith("询问笔录") for r in evidence(case))
    at(frozen, 3)
    void = actions.void_entry(case, actor=flow.handler.user, entry=entry, reason=WRONG)
    assert (void.kind, void.corrects_id, void.payload["reason"]) == ("void_entry", entry.pk, WRONG)
    entry.refresh_from_db()
    transcript.refresh_from_db()
    # the entry itself is untouched; only the row says which event voided it
    assert (entry.payload, entry.digest_sm3, transcript.content, transcript.started_at) == before
    assert transcript.voided_id == void.pk
    assert not any(r["name"].startswith("询问笔录") for r in evidence(case))
    case.refresh_from_db()
    assert verify_case(case) is None


def test_the_documents_citing_it_are_flagged_until_re_issued(flow, frozen):
    case, entry = _with_transcript(flow, frozen)
    own = Document.objects.get(case=case, kind=K.INTERVIEW)
    assert own.event_id == entry.pk
    at(frozen, 3)
    actions.void_entry(case, actor=flow.handler.user, entry=entry, reason=WRONG)
    assert [d.pk for d in reissue_needed(case.pk)] == [own.pk]
    page = flow.handler.client().get(f"/cases/{case.pk}/").content.decode()
    assert "引用的记录已作废，应重新制作" in page


@pytest.mark.parametrize(
    ("reason", "pick", "error", "field"),
    [
        ("", "entry", InvalidInput, "reason"),  # the reason is the record
        (WRONG, "other", InvalidInput, "entry"),  # not a transcript or evidence entry
        (WRONG, "twice", InvalidInput, "entry"),  # already voided
    ],
)
def test_bad_voids_are_refused_and_write_nothing(flow, frozen, reason, pick, error, field):
    case, entry = _with_transcript(flow, frozen)
    at(frozen, 3)
    actions.add_evidence(case, actor=flow.handler.user, kind="documentary", description="营业执照")
    case.refresh_from_db()
    if pick == "twice":
        actions.void_entry(case, actor=flow.handler.user, entry=entry, reason=WRONG)
        case.refresh_from_db()
    target = CaseEvent.objects.get(case=case, seq=1) if pick == "other" else entry
    events = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(error) as refused:
        actions.void_entry(case, actor=flow.handler.user, entry=target, reason=reason)
    assert refused.value.field == field
    assert CaseEvent.objects.filter(case=case).count() == events


def test_nothing_to_void_is_not_offered(flow, frozen):
    case = flow.filed()
    with pytest.raises(DomainError) as refused:
        actions.void_entry(case, actor=flow.handler.user, entry=case.events.first(), reason=WRONG)
    assert refused.value.code == "nothing_to_void"


def test_the_page_and_the_api_void(flow, frozen, api, handler):
    case, entry = _with_transcript(flow, frozen)
    at(frozen, 3)
    client = handler.client()
    text = client.get(step_url(case, "void_entry")).content.decode()
    assert "第47条" in text
    assert f"第{entry.seq}项" in text
    response = post_step(client, case, "void_entry", {"entry": str(entry.seq), "reason": WRONG})
    assert response.status_code in (200, 302)
    assert CaseEvent.objects.filter(case=case, kind="void_entry").count() == 1
    case.refresh_from_db()
    evidence_entry = actions.add_evidence(
        case, actor=handler.user, kind="documentary", description="营业执照复印件"
    )
    case.refresh_from_db()
    with on_the_day(day(3)):
        done = api(handler).post(
            f"{case.pk}/void-entry",
            {
                "entry_seq": evidence_entry.seq,
                "reason": "非本案当事人的执照",
                "version": case.version,
            },
            expect=201,
        )
        assert done["event"]["kind"] == "void_entry"
        refused = api(handler).post(
            f"{case.pk}/void-entry",
            {"entry_seq": evidence_entry.seq, "reason": WRONG, "version": case.version + 1},
            expect=409,
        )
    assert refused["code"] == "nothing_to_void"
