"""卷内目录 and 备考表 count the pages of documents made by the same step (the 结案审批表 at
closing, the last report before archiving…) without laying anything out inside the step's
transaction: a step that holds the case lock never renders (ADR 0010). Their page numbers come
from the listed documents' renders, made first when the index itself is rendered."""

from __future__ import annotations

import pytest
from django.db import transaction

from zhifa.documents import actions as doc_actions
from zhifa.documents import renderer
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import Document, DocumentRender
from zhifa.documents.tests.conftest import pdf_text, stored

pytestmark = pytest.mark.django_db


def _never_inside(monkeypatch) -> list[str]:
    laid_out: list[str] = []
    real = renderer._render_files

    def spy(doc, layout):
        laid_out.append(doc.number)
        return real(doc, layout)

    monkeypatch.setattr(renderer, "_render_files", spy)
    return laid_out


@pytest.mark.parametrize("kind", [K.FILE_INDEX, K.FILE_NOTE])
def test_the_file_counts_pages_when_rendered_not_inside_the_step(flow, frozen, monkeypatch, kind):
    case = flow.reported()
    laid_out = _never_inside(monkeypatch)
    with transaction.atomic():  # as a step: a new document and the index in one transaction
        report = doc_actions.reserve(case, K.CLOSING_APPROVAL, event=None, actor=flow.leader.user)
        index = doc_actions.reserve(case, kind, event=None, actor=flow.leader.user)
    assert laid_out == []  # nothing rendered while the transaction (and its lock) was open
    block = index.context["index" if kind == K.FILE_INDEX else "note"]
    unrendered = [r for r in block["rows"] if r.get("doc_id") == report.pk]
    assert unrendered
    assert unrendered[0]["pages"] is None

    renderer.render_pending([index.pk])  # the index alone: it renders what it lists first
    assert DocumentRender.objects.filter(document=report, status="rendered").exists()
    listed = Document.objects.filter(case=case).exclude(kind__in=[K.FILE_INDEX, K.FILE_NOTE])
    pages = sum(d.pages for d in listed)
    assert pages > 0
    text = pdf_text(stored(Document.objects.get(pk=index.pk)))  # whitespace removed
    assert f"本卷共{listed.count()}件，{pages}页" in text
    assert "待生成" not in text
