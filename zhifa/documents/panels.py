"""Home panel: the documents the user made lately, for going back to print or correct one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zhifa.core import panels
from zhifa.documents.models import Document
from zhifa.org.choices import Role

ROLES = {
    Role.CASE_HANDLER.value,
    Role.STREET_OFFICER.value,
    Role.LEADER.value,
    Role.LEGAL_REVIEWER.value,
}
SHOWN = 5


@panels.register("documents/_panel_recent.html", ROLES, order=40)
def recent_documents(request: HttpRequest) -> dict[str, Any] | None:
    rows = list(
        Document.objects.filter(issued_by=request.user).order_by("-issued_at", "-id")[:SHOWN]
    )
    return {"documents": rows} if rows else None
