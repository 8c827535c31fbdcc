"""Navigation entry and home panel of disclosure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from zhifa.core import nav, panels
from zhifa.core.counting import BADGE_CAP, capped_count
from zhifa.disclosure.choices import PublicationStatus, RepairStatus
from zhifa.disclosure.models import CreditRepair, Publication
from zhifa.org.choices import Role

ROLES: set[str] = {Role.LEADER, Role.LEGAL_REVIEWER}  # no administrator (三员分立)

nav.register("执法公示", "disclosure:overview", ROLES, 70)


@panels.register("disclosure/_panel_disclosure.html", ROLES, order=70)
def disclosure_panel(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    pending = Publication.objects.filter(status=PublicationStatus.PENDING)
    return {
        "pending": capped_count(pending, BADGE_CAP),
        "overdue": capped_count(pending.filter(due_on__lt=today), BADGE_CAP),
        "repairs": CreditRepair.objects.filter(status=RepairStatus.REQUESTED).count(),
    }
