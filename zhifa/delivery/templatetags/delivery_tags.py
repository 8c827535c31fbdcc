"""``{% case_services case %}``: the service section the case page includes
(``delivery/_case_services.html``), fetched here so the case view need not know about it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from zhifa.cases.facts import NOT_PROBED, Facts, probed
from zhifa.cases.models import Case
from zhifa.delivery import selectors

register = template.Library()


@register.inclusion_tag("delivery/_case_services_body.html", takes_context=True)
def case_services(context: template.Context, case: Case) -> dict[str, Any]:
    """Read from the case page's ``case_facts`` (the rows its steps read) when it has them."""
    facts = context.get("case_facts")
    if isinstance(facts, Facts) and facts.case.pk == case.pk:
        due = selectors.service_due(case, facts.rows("deadlines"))
        entries = selectors.services_by_document(
            case, documents=facts.rows("documents"), services=facts.rows("services")
        )
    else:
        due, entries = selectors.service_due(case), selectors.services_by_document(case)
    electronic = probed(case, "consent_electronic")  # the case page's query read it
    if electronic is NOT_PROBED:
        consent = selectors.consent_for(case.party, case)
        electronic = consent is not None and consent.electronic
    return {
        "case": case,
        "due": due,
        "today": timezone.localdate(),
        "consent_electronic": bool(electronic),
        "entries": entries,
    }
