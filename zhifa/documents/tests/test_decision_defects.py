"""Regression tests for the defects seen in rendered decisions, each read back from the PDF
(pdftotext) or the DOCX: 经查 once; evidence by kind, description and date; 责令改正 apart from
the penalties with its deadline (Art 28); the review of each statement (Art 45); the seal only
where configured and served; where to pay (Art 67); the QR code in the Word version; the hearing
right whenever offered (Arts 44, 63); the 催告书 after an upheld review; the on-the-spot slip's
place, facts and time (Art 52 ¶2); the 80 mm roll beside A4."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from pypdf import PdfReader

from zhifa.cases import actions
from zhifa.cases.actions.investigation import order_correction
from zhifa.cases.models import Remedy, Statement
from zhifa.cases.record import Place, Upload
from zhifa.core.errors import DomainError
from zhifa.documents import actions as doc_actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.formatting import cn_date
from zhifa.documents.models import Document
from zhifa.documents.render import qr_png
from zhifa.documents.renderer import render_pending
from zhifa.documents.tests.conftest import PHOTO, day, pdf_text, stored
from zhifa.testing.review import checklist

pytestmark = pytest.mark.django_db
MM = 72 / 25.4  # PDF points per millimetre


def _decision(case, flow) -> Document:
    return doc_actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def test_the_facts_open_with_jingcha_once(flow, frozen):
    case = flow.decided(findings="经查，当事人擅自挖掘人民路人行道约12平方米。")
    text = pdf_text(stored(_decision(case, flow)))
    assert "经查，当事人擅自挖掘人民路人行道约12平方米。" in text
    assert "经查，经查" not in text
    assert text.count("经查") == 1


def test_evidence_is_listed_by_kind_description_and_date_not_by_file_name(flow, frozen):
    case = flow.filed()
    actions.add_evidence(
        case, actor=flow.handler.user, kind="audio_visual", description="施工现场照片",
        uploads=[Upload(io.BytesIO(PHOTO), "IMG_2034.png", "audio_visual", "", "image/png"),
                 Upload(io.BytesIO(PHOTO + b"2"), "IMG_2035.png", "audio_visual", "", "image/png")],
    )  # fmt: skip
    actions.add_evidence(
        case, actor=flow.handler.user, kind="documentary", description="施工许可查询记录"
    )  # written evidence without a file is evidence too
    flow.case = case
    case = _walk_to_decision(flow)
    text = pdf_text(stored(_decision(case, flow)))
    evidence = _between(text, "二、证据", "三、陈述申辩")
    assert f"视听资料：施工现场照片（{cn_date(day(0))}，共2件）" in evidence
    assert f"书证：施工许可查询记录（{cn_date(day(0))}）" in evidence
    assert "IMG_2034" not in text
    assert ".png" not in text


def _walk_to_decision(flow):
    """The rest of Flow.decided() for the case already in ``flow``."""
    case = flow.case
    actions.submit_report(
        case, actor=flow.handler.user, findings="擅自挖掘人民路人行道约12平方米", outcome="penalty",
        fine=flow.fine, penalty_kinds=flow.kinds, discretion_level="general", on=day(7),
    )  # fmt: skip
    actions.notify_intended_penalty(case, actor=flow.handler.user, on=day(8))
    flow.serve(K.PRIOR_NOTICE, day(8))  # through the delivery app (Arts 44, 62)
    actions.waive_statement(case, actor=flow.handler.user, on=day(9))
    actions.submit_legal_review(case, actor=flow.handler.user, on=day(10))
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="同意。",
        checklist=checklist(),
        on=day(11),
    )
    actions.decide(case, actor=flow.leader.user, on=day(14))
    return flow.refresh()


@pytest.mark.parametrize(
    ("due", "says"),
    [
        (None, "本机关同时责令当事人立即改正违法行为"),
        (20, "本机关同时责令当事人于2026年3月22日前改正违法行为"),
    ],
)
def test_an_order_to_correct_is_not_listed_as_a_penalty_and_states_its_deadline(
    flow, frozen, due, says
):
    """行政处罚法 Art 28 ¶1: 责令改正 accompanies the penalty; it is not one (Art 9)."""
    case = flow.filed()
    if due is not None:
        order_correction(
            case, actor=flow.handler.user, content="恢复人行道原状", due_on=day(due), on=day(1)
        )
    flow.case = case
    case = _walk_to_decision(flow)
    text = pdf_text(stored(_decision(case, flow)))
    penalties = _between(text, "作出如下行政处罚：", "五、履行方式和期限")
    assert "罚款人民币伍仟元整（¥5,000.00）" in penalties
    assert "责令改正违法行为。" not in _between(penalties, "：", "依据《")
    assert says in text
    assert "责令改正不属于行政处罚" in text


@pytest.mark.parametrize(
    ("adopted", "response", "says"),
    [
        (True, "当事人已自行恢复部分路面，予以从轻。", "予以采纳：当事人已自行恢复部分路面"),
        (False, "当事人所称施工许可系他处工程。", "经复核，本机关不予采纳，理由是：当事人所称"),
    ],
)
def test_each_statement_is_answered_adopted_or_not_and_why(flow, frozen, adopted, response, says):
    """行政处罚法 Art 45: never just "已进行了复核"."""
    case = _stated(flow)
    Statement.objects.filter(case=case).update(adopted=adopted, response=response)
    case = _decided_after_statement(flow, case)
    text = pdf_text(stored(_decision(case, flow)))
    assert says in text
    assert "已对当事人的陈述、申辩进行了复核" not in text


def test_a_statement_without_its_review_refuses_the_decision(flow, frozen):
    """No recorded review (Art 45): the decision could not say what it must, so the decision
    step itself is refused with the field and the article named, and nothing is numbered."""
    case = _stated(flow)
    flow.case = case
    actions.submit_legal_review(case, actor=flow.handler.user, on=day(16))
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="同意。",
        checklist=checklist(),
        on=day(16),
    )
    with pytest.raises(DomainError) as exc:
        actions.decide(case, actor=flow.leader.user, on=day(16))
    assert exc.value.code == "statement_not_reviewed"
    assert exc.value.field == "statements"
    assert "第45条" in exc.value.message
    assert not Document.objects.filter(case=case, kind=K.PENALTY_DECISION).exists()
    # the review made by hand as a 陈述申辩复核意见书 is a review too
    doc_actions.issue_document(
        case, K.STATEMENT_REVIEW, actor=flow.handler.user, on=day(16),
        extra={"adopted": "no", "reasons": "施工许可系他处工程。"},
    )  # fmt: skip
    actions.decide(case, actor=flow.leader.user, on=day(16))
    text = pdf_text(stored(_decision(flow.refresh(), flow)))
    assert "经复核，本机关不予采纳，理由是：施工许可系他处工程。" in text


def _stated(flow):
    case = flow.notified()
    actions.record_statement(
        case, actor=flow.handler.user, content="我方持有施工许可。", received_on=day(9)
    )
    return flow.refresh()


def _decided_after_statement(flow, case):
    """Legal review and the decision once the statement period has run."""
    flow.case = case
    actions.submit_legal_review(case, actor=flow.handler.user, on=day(16))
    actions.record_legal_review(
        case,
        actor=flow.reviewer.user,
        outcome="passed",
        opinion="同意。",
        checklist=checklist(),
        on=day(16),
    )
    actions.decide(case, actor=flow.leader.user, on=day(16))  # the statement period has run
    return flow.refresh()


@pytest.fixture
def seal_dir(tmp_path, settings, bureau):
    settings.ZHIFA_SEAL_DIR = tmp_path
    (tmp_path / f"{bureau.code}.png").write_bytes(PHOTO)
    return tmp_path


def _images(pdf: bytes) -> int:
    """Distinct images in the PDF (WeasyPrint shares one resource dictionary among pages)."""
    return len({img.data for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images})


def test_the_seal_is_printed_on_served_copies_only_when_configured(
    flow, frozen, settings, tmp_path
):
    settings.ZHIFA_SEAL_DIR = tmp_path  # empty: no seal
    case = flow.decided()
    plain = _decision(case, flow)
    text = pdf_text(stored(plain))
    assert "（印章）" not in text
    assert "(印章)" not in text
    assert _images(stored(plain)) == 0
    assert plain.context["seal"] is None


def test_the_configured_seal_image_is_on_the_decision_and_not_on_internal_forms(
    flow, frozen, seal_dir
):
    case = flow.decided()
    decision = _decision(case, flow)
    assert decision.context["seal"]["sha256"]
    assert _images(stored(decision)) == 1
    assert "电子印章" not in pdf_text(stored(decision))  # an image, not a caption
    with default_storage.open(decision.docx.name, "rb") as fh:
        word = docx.Document(io.BytesIO(fh.read()))
    blobs = [r.target_part.blob for r in word.part.rels.values() if "image" in r.reltype]
    assert PHOTO in blobs  # the seal in the Word version too
    filing = Document.objects.get(case=case, kind=K.FILING_APPROVAL)
    assert filing.context["seal"] is None  # 立案审批表 is not served on the party


def test_where_to_pay_comes_from_configuration(flow, frozen, settings):
    """行政处罚法 Art 67: the party pays the designated bank, not the bureau."""
    settings.ZHIFA_PAYEE_NAME = "示范区财政局非税收入专户"
    settings.ZHIFA_PAYEE_BANK = "示范银行示范区支行"
    settings.ZHIFA_PAYEE_ACCOUNT = "6222 0000 1111 2222"
    settings.ZHIFA_PAYMENT_CODE_URL = "https://pay.example.gov.cn/fs?wsh={number}&je={amount}"
    case = flow.decided()
    doc = _decision(case, flow)
    text = pdf_text(stored(doc))
    assert "户名示范区财政局非税收入专户，开户银行示范银行示范区支行，账号6222000011112222" in text
    assert "缴款码" in text
    assert doc.context["payment"]["code_url"].startswith("https://pay.example.gov.cn/fs?wsh=")
    assert "je=5000.00" in doc.context["payment"]["code_url"]


def test_without_a_payee_nothing_is_invented(flow, frozen, settings):
    settings.ZHIFA_PAYEE_ACCOUNT = ""
    settings.ZHIFA_PAYMENT_CODE_URL = ""
    text = pdf_text(stored(_decision(flow.decided(), flow)))
    assert "账号" not in text
    assert "缴款码" not in text
    assert "非税收入" in text  # the configured payment notice


def test_the_word_version_contains_the_qr_code_it_promises(flow, frozen):
    doc = _decision(flow.decided(), flow)
    with default_storage.open(doc.docx.name, "rb") as fh:
        word = docx.Document(io.BytesIO(fh.read()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "扫描右上角二维码" in text
    blobs = [r.target_part.blob for r in word.part.rels.values() if "image" in r.reltype]
    assert qr_png(doc.context["document"]["verify_url"]) in blobs


def test_the_hearing_right_is_stated_whenever_it_was_offered(flow, frozen, settings):
    """行政处罚法 Arts 44, 63: offered (above the local 较大数额) though not asked for."""
    rules = dict(settings.ZHIFA_LOCAL_RULES)
    rules["HEARING_THRESHOLD_ORG"] = Decimal("1000")
    settings.ZHIFA_LOCAL_RULES = rules
    case = flow.decided()
    assert case.notices.get().hearing_offered
    assert not case.hearings.exists()
    text = pdf_text(stored(_decision(case, flow)))
    assert "当事人依法享有的陈述、申辩、要求听证的权利" in text
    assert "放弃陈述、申辩和听证的权利" in text


def test_the_reminder_after_an_upheld_review_cites_the_review_decision(demo, frozen):
    """行政强制法 Art 35: the 催告 states the decision as it stands — upheld on review."""
    case = demo.reminded()
    Remedy.objects.create(
        case=case, kind="review", applied_on=demo.d(40), body="示范区人民政府",
        result="upheld", decided_on=demo.d(90), note="示政复决字〔2025〕第8号",
    )  # fmt: skip
    reminder = case.reminders.get()
    doc = demo.issue(K.ENFORCEMENT_REMINDER, reminder.issued_on)
    text = pdf_text(stored(doc))
    assert f"于{cn_date(demo.d(40))}向示范区人民政府申请行政复议" in text
    assert (
        f"示范区人民政府于{cn_date(demo.d(90))}作出行政复议决定（示政复决字〔2025〕第8号），"
        "维持本机关的上述行政处罚决定" in text
    )
    assert "在法定期限内未申请行政复议" not in text


@pytest.fixture
def spot(handler, handler2, items, citizen, east_street, frozen):
    decision = actions.decide_on_the_spot(
        actor=handler.user, co_handler=handler2.officer, violation_item=items["spit"],
        party=citizen, facts="在地铁站口随地吐痰", place=Place("人民路地铁站口"),
        street=east_street, act_on=day(-1),
        penalty_kinds=["fine"], fine=Decimal("50"), party_signed=True, on=day(0),
    )  # fmt: skip
    return doc_actions.issue_document(
        decision.case, K.ON_THE_SPOT_DECISION, actor=handler.user, on=day(0)
    )


def test_the_on_the_spot_slip_separates_place_and_facts_and_gives_the_acts_time(spot):
    """行政处罚法 Art 52 ¶2: the time and place of the violation, then the facts."""
    text = pdf_text(stored(spot))
    assert f"违法时间{cn_date(day(-1))}" in text
    assert "违法地点人民路地铁站口" in text
    assert "违法事实在地铁站口随地吐痰" in text
    assert "人民路地铁站口在地铁站口" not in text  # no longer glued together
    assert "决定时间" in text  # the decision's own time (a table cell: read order varies)
    assert "2026年3月2日10时00分" in text


def test_the_on_the_spot_decision_has_a_one_page_80mm_roll_beside_a4(spot, handler):
    roll = spot.rendered("roll80")
    a4 = spot.rendered("a4")
    assert roll is not None
    assert a4 is not None
    assert spot.render_state == "rendered"
    with default_storage.open(roll.pdf.name, "rb") as fh:
        data = fh.read()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1 == roll.pages
    box = reader.pages[0].mediabox
    assert round(float(box.width) / MM) == 80
    assert 100 < float(box.height) / MM < 600  # as long as the content, not a fixed sheet
    text = pdf_text(data)
    for phrase in (spot.number, "当场行政处罚决定书", "违法地点：人民路地铁站口",
                   "罚款人民币伍拾元整", "应当先申请行政复议", "验证码", "扫码核验"):  # fmt: skip
        assert phrase in text, phrase
    assert "<svg" not in text
    a4_box = PdfReader(io.BytesIO(stored(spot))).pages[0].mediabox
    assert round(float(a4_box.width) / MM) == 210
    page = handler.client().get(f"/documents/{spot.pk}/print/").content.decode()
    assert "打印小票" in page
    assert f"/documents/{spot.pk}/roll/" in page
    response = handler.client().get(f"/documents/{spot.pk}/roll/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data


def test_a_served_kind_without_facts_lead_is_unchanged(flow, frozen):
    """The lead is taken off only when the officer wrote it (no text is lost otherwise)."""
    case = flow.decided()
    text = pdf_text(stored(_decision(case, flow)))
    assert "经查，擅自挖掘人民路人行道约12平方米。" in text
    assert re.search(r"经查，经", text) is None


def test_reserve_is_usable_for_an_internal_form_with_a_seal_configured(flow, frozen, seal_dir):
    case = flow.filed()
    with transaction.atomic():
        doc = doc_actions.reserve(case, K.CORRECTION_ORDER, event=None, actor=flow.handler.user)
    render_pending([doc.pk])
    doc = Document.objects.get(pk=doc.pk)
    assert doc.context["seal"] is not None  # 责令改正通知书 is served on the party
    assert _images(stored(doc)) == 1
