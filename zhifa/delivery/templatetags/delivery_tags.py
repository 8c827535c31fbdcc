"""``{% case_services case %}``: the service section the case page includes
(``delivery/_case_services.html``), fetched here so the case view need not know about it."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from zhifa.cases.models import Case
from zhifa.delivery import selectors

register = template.Library()


@register.inclusion_tag("delivery/_case_services_body.html")
def case_services(case: Case) -> dict[str, Any]:
    return {
        "case": case,
        "due": selectors.service_due(case),
        "today": timezone.localdate(),
        "consent": selectors.consent_for(case.party, case),
        "entries": selectors.services_by_document(case),
    }
