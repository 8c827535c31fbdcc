"""The sample data (previews, template checks) covers every kind and renders with the default
templates. Regenerate with ``ZHIFA_WRITE_SAMPLES=1 pytest zhifa/documents/tests/test_kinds.py``."""

import pytest

from zhifa.documents import render, templating
from zhifa.documents.choices import DocumentKind
from zhifa.documents.samples import sample_context


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_kind_has_sample_data_that_renders(kind):
    context = sample_context(kind)
    assert context["party"]["name"]
    assert context["bureau"]["name"]
    html = render.render_html(kind, context, source=templating.file_default(kind))
    assert context["document"]["verify_code_display"] in html
    assert "（草稿" not in html
