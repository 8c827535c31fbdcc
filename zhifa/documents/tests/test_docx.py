"""The Word version: generated from the same HTML (East-Asian font set with w:eastAsia), or
filled from an administrator's docxtpl template."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from docx.oxml.ns import qn

from zhifa.documents import actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.tests.conftest import day

pytestmark = pytest.mark.django_db


def _open(doc) -> docx.document.Document:
    with default_storage.open(doc.docx.name, "rb") as fh:
        return docx.Document(io.BytesIO(fh.read()))


def _text(word) -> str:
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_generated_docx_has_the_structure_and_chinese_fonts(flow, frozen):
    case = flow.decided()
    doc = actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))
    word = _open(doc)
    text = _text(word)
    for phrase in ("行政处罚决定书", doc.number, case.party.name, "罚款人民币伍仟元整（¥5,000.00）",
                   "五、履行方式和期限", "六、救济途径和期限", "示范区城市管理委员会"):  # fmt: skip
        assert phrase in text, phrase
    section = word.sections[0]
    assert round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28
    runs = [r for p in word.paragraphs for r in p.runs if r.text.strip()]
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in runs}
    assert fonts <= {"仿宋", "宋体", "黑体"}
    assert "仿宋" in fonts
    title = next(p for p in word.paragraphs if p.text == "行政处罚决定书")
    assert title.runs[0].bold


def test_the_generated_docx_keeps_tables(flow, frozen):
    case = flow.filed()
    doc = actions.issue_document(case, K.FILING_APPROVAL, actor=flow.handler.user, on=day(0))
    word = _open(doc)
    assert word.tables
    cells = [c.text for row in word.tables[0].rows for c in row.cells]
    assert "案件编号" in cells
    assert case.number in cells


def test_an_administrators_docxtpl_template_fills_the_word_version(flow, frozen, admin_persona):
    template = docx.Document()
    template.add_paragraph("责令改正通知书 {{ document.number }}")
    template.add_paragraph("当事人：{{ party.name }}")
    buffer = io.BytesIO()
    template.save(buffer)
    html = '{% extends "documents/kinds/correction_order.html" %}'
    row = actions.save_template(
        K.CORRECTION_ORDER,
        actor=admin_persona.user,
        html=html,
        docx=SimpleUploadedFile("order.docx", buffer.getvalue()),
        note="Word 模板",
    )
    case = flow.filed()
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    assert doc.template == row
    text = _text(_open(doc))
    assert f"责令改正通知书 {doc.number}" in text
    assert f"当事人：{case.party.name}" in text
