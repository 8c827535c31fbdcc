"""Home panels and navigation entries of the people app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zhifa.core import nav, panels
from zhifa.org import selectors
from zhifa.org.certificates import may_act_as_handler
from zhifa.org.choices import Role
from zhifa.org.models import Officer

FIELD_ROLES = {Role.CASE_HANDLER, Role.AUXILIARY, Role.STREET_OFFICER, Role.LEGAL_REVIEWER}

nav.register("执法人员", "org:officer_list", {Role.LEADER, Role.ADMIN, Role.LEGAL_REVIEWER}, 60)


@panels.register("org/_panel_me.html", FIELD_ROLES | {Role.LEADER}, order=50)
def my_certificate(request: HttpRequest) -> dict[str, Any] | None:
    officer = (
        Officer.objects.filter(user_id=request.user.pk or 0)
        .prefetch_related("certificates__events")
        .first()
    )
    if officer is None:
        return None
    today = timezone.localdate()
    year = today.year
    hours = (
        selectors.officers_with_training_hours(year)
        .values_list("year_hours", flat=True)
        .get(pk=officer.pk)
    )
    certificate = max(officer.certificates.all(), key=lambda c: c.issued_on, default=None)
    return {
        "officer": officer,
        "certificate": certificate,
        "eligibility": may_act_as_handler(officer, today),
        "hours": hours,
        "minimum": selectors.training_minimum(),
        "year": year,
    }


@panels.register("org/_panel_people.html", {Role.LEADER, Role.ADMIN}, order=60)
def people_attention(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "officers": Officer.objects.filter(left_on__isnull=True).count(),
        "expiring": selectors.certificates_expiring(today).count(),
        "below": selectors.officers_below_training_minimum(today.year).count(),
        "year": today.year,
    }
