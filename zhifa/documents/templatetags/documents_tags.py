"""``{% case_documents case %}``: the documents section the case page includes
(``documents/_case_documents.html``), fetched here so the case view need not know about it."""

from __future__ import annotations

from typing import Any

from django import template

from zhifa.cases.models import Case
from zhifa.documents.access import can_rerender
from zhifa.documents.checks import reissue_needed
from zhifa.documents.views import offer

register = template.Library()


@register.inclusion_tag("documents/_case_documents_body.html")
def case_documents(case: Case, user: Any = None) -> dict[str, Any]:
    """The case page's documents: each with its render state (生成中 / 生成失败 with the error and
    重新生成 for staff who may retry)."""
    data = offer(case)
    return {
        "case": case,
        **data,
        # cite an entry voided since (作废错误记录): to be re-issued (Art 47)
        "reissue": {d.pk for d in reissue_needed(case.pk)},
        "failed": sum(1 for d in data["documents"] if d.render_state == "render_failed"),
        "can_rerender": bool(getattr(user, "is_authenticated", False) and can_rerender(user, case)),
    }


@register.filter
def corrected_by(doc: Any) -> Any:
    """The document that corrects ``doc`` (prefetched ``corrections``), or None."""
    rows = list(doc.corrections.all())
    return rows[-1] if rows else None
