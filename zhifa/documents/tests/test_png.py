"""A decision rendered to PNG (pdftoppm -r 80) into test-artifacts/, for a person to look at."""

from __future__ import annotations

import subprocess

import pytest

from zhifa.documents import actions
from zhifa.documents.choices import DocumentKind as K
from zhifa.documents.tests.conftest import day, poppler, stored

pytestmark = pytest.mark.django_db


def test_a_decision_renders_to_png_pages(flow, frozen, artifacts, tmp_path):
    case = flow.decided()
    doc = actions.issue_document(case, K.PENALTY_DECISION, actor=flow.leader.user, on=day(14))
    pdf = tmp_path / "decision.pdf"
    pdf.write_bytes(stored(doc))
    for old in artifacts.glob("document-penalty-decision-*.png"):
        old.unlink()
    subprocess.run(
        [
            poppler("pdftoppm"),
            "-r",
            "80",
            "-png",
            str(pdf),
            str(artifacts / "document-penalty-decision"),
        ],
        check=True,
    )
    pages = sorted(artifacts.glob("document-penalty-decision-*.png"))
    assert len(pages) == doc.pages >= 2
    assert all(p.stat().st_size > 10_000 for p in pages)
