"""Navigation entry and home panel of the catalog."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest

from zhifa.core import nav, panels
from zhifa.core.nav import ALL_ROLES
from zhifa.law.choices import LegalStatus
from zhifa.law.models import ViolationItem
from zhifa.org.choices import Role

nav.register("权责清单", "law:item_list", ALL_ROLES, 40)


@panels.register("law/_panel_catalog.html", {Role.ADMIN, Role.LEGAL_REVIEWER}, order=70)
def catalog_state(request: HttpRequest) -> dict[str, Any]:
    """For those who keep the catalog: how much of it still needs checking."""
    counts = ViolationItem.objects.filter(active=True).aggregate(
        items=Count("id", distinct=True),
        unverified=Count("id", distinct=True, filter=~Q(legal_status=LegalStatus.VERIFIED)),
        without_bands=Count("id", distinct=True, filter=Q(discretion_bands__isnull=True)),
    )
    return counts
