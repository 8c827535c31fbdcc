"""``{% case_documents case %}``: the documents section the case page includes
(``documents/_case_documents.html``), fetched here so the case view need not know about it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from zhifa.cases.facts import Facts
from zhifa.cases.models import Case
from zhifa.documents.access import can_rerender
from zhifa.documents.checks import loaded, reissue_needed
from zhifa.documents.views import offer

register = template.Library()


@register.inclusion_tag("documents/_case_documents_body.html", takes_context=True)
def case_documents(context: template.Context, case: Case, user: Any = None) -> dict[str, Any]:
    """The case page's documents: each with its render state (生成中 / 生成失败 with the error and
    重新生成 for staff who may retry). Read from the page's ``case_facts`` (the rows its steps
    read) when it has them."""
    facts = page_facts(context, case)
    data = offer(case, facts)
    stale = facts.memo("documents_reissue", lambda: reissue_needed(case.pk, **loaded(facts)))
    staff = bool(getattr(user, "is_authenticated", False))
    # the page's facts were loaded through ``cases_visible_to`` of their actor
    seen = facts.actor is not None and facts.actor.pk == getattr(user, "pk", None)
    return {
        "case": case,
        **data,
        # cite an entry voided since (作废错误记录): to be re-issued (Art 47)
        "reissue": {d.pk for d in stale},
        "failed": sum(1 for d in data["documents"] if d.render_state == "render_failed"),
        "can_rerender": staff and can_rerender(user, case, visible=seen),
    }


def page_facts(context: template.Context, case: Case) -> Facts:
    """The case page's facts (``case_facts``) if they are this case's, else fresh ones."""
    facts = context.get("case_facts")
    if isinstance(facts, Facts) and facts.case.pk == case.pk:
        return facts
    return Facts(case, timezone.localdate())


@register.filter
def corrected_by(doc: Any) -> Any:
    """The document that corrects ``doc`` (prefetched ``corrections``), or None."""
    rows = list(doc.corrections.all())
    return rows[-1] if rows else None
