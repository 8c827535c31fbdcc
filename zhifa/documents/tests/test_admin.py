"""Administrators edit templates: each save is a new version, checked by compiling and rendering
the sample data, with a PDF preview; issued documents record the version they used."""

from __future__ import annotations

import pytest

from zhifa.core.errors import InvalidInput
from zhifa.documents import actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.models import DocumentTemplate, FrozenDocument
from zhifa.documents.tests.conftest import day, pdf_text, stored

pytestmark = pytest.mark.django_db
CUSTOM = (
    '{% extends "documents/kinds/correction_order.html" %}'
    "{% block title %}责令限期改正通知书（新版）{% endblock %}"
)


def test_every_save_is_a_new_version_and_documents_record_theirs(flow, frozen, admin_persona):
    client = admin_persona.client()
    response = client.post(
        "/admin/documents/documenttemplate/add/",
        {"kind": K.CORRECTION_ORDER, "html": CUSTOM, "note": "标题", "active": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    v1 = DocumentTemplate.objects.get()
    assert v1.version == 1
    response = client.post(
        f"/admin/documents/documenttemplate/{v1.pk}/change/",
        {
            "kind": K.CORRECTION_ORDER,
            "html": CUSTOM.replace("新版", "第二版"),
            "note": "改",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert list(DocumentTemplate.objects.order_by("version").values_list("version", flat=True)) == [
        1,
        2,
    ]
    v1.refresh_from_db()
    assert "新版" in v1.html  # the old version is kept as it was
    case = flow.filed()
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    assert doc.template.version == 2
    assert "责令限期改正通知书（第二版）" in pdf_text(stored(doc))


def test_a_template_that_does_not_compile_is_refused(admin_persona):
    response = admin_persona.client().post(
        "/admin/documents/documenttemplate/add/",
        {"kind": K.CORRECTION_ORDER, "html": "{% if %}坏模板", "active": "on"},
    )
    assert response.status_code == 200
    assert "模板无法编译" in response.content.decode()
    assert not DocumentTemplate.objects.exists()
    with pytest.raises(InvalidInput):
        actions.save_template(K.CORRECTION_ORDER, actor=None, html="{{ party.name|nosuchfilter }}")


def test_the_preview_renders_the_draft_to_an_inline_pdf(admin_persona):
    response = admin_persona.client().post(
        "/admin/documents/documenttemplate/preview/",
        {
            "kind": K.PENALTY_DECISION,
            "html": CUSTOM.replace("correction_order", "penalty_decision"),
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "inline" in response["Content-Disposition"]
    assert "（新版）" in pdf_text(response.content)


def test_a_saved_version_can_be_previewed_with_a_demo_case(flow, frozen, admin_persona):
    case = flow.decided()
    row = actions.save_template(
        K.PENALTY_DECISION, actor=None, html=CUSTOM.replace("correction_order", "penalty_decision")
    )
    response = admin_persona.client().get(
        f"/admin/documents/documenttemplate/{row.pk}/preview/?case={case.number}"
    )
    assert response.status_code == 200
    assert case.party.name in pdf_text(response.content)


def test_a_version_is_never_edited_in_place(admin_persona):
    row = actions.save_template(K.CORRECTION_ORDER, actor=None, html=CUSTOM)
    row.html = "changed"
    with pytest.raises(FrozenDocument):
        row.save()
    actions.set_template_active(row, active=False)  # the flag may change
    row.refresh_from_db()
    assert not row.active
    assert row.html == CUSTOM


def test_issued_documents_are_read_only_in_the_admin(flow, frozen, admin_persona):
    case = flow.filed()
    doc = actions.issue_document(case, K.CORRECTION_ORDER, actor=flow.handler.user, on=day(1))
    client = admin_persona.client()
    assert client.get("/admin/documents/document/").status_code == 200
    assert client.get("/admin/documents/document/add/").status_code == 403
    assert (
        client.post(f"/admin/documents/document/{doc.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
