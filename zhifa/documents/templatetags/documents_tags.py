"""``{% case_documents case %}``: the documents section the case page includes
(``documents/_case_documents.html``), fetched here so the case view need not know about it."""

from __future__ import annotations

from typing import Any

from django import template

from zhifa.cases.models import Case
from zhifa.documents.views import offer

register = template.Library()


@register.inclusion_tag("documents/_case_documents_body.html")
def case_documents(case: Case) -> dict[str, Any]:
    return {"case": case, **offer(case)}


@register.filter
def corrected_by(doc: Any) -> Any:
    """The document that corrects ``doc`` (prefetched ``corrections``), or None."""
    rows = list(doc.corrections.all())
    return rows[-1] if rows else None
