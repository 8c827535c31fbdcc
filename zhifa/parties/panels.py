"""Home panel and navigation entry of the parties app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from zhifa.core import nav, panels
from zhifa.org.choices import Role
from zhifa.parties import access

# Every role, auxiliary staff included: they look parties up on site and see them masked.
nav.register("当事人", "parties:party_list", nav.ALL_ROLES, 20)


@panels.register(
    "parties/_panel_parties.html",
    {Role.CASE_HANDLER, Role.STREET_OFFICER, Role.AUXILIARY},
    order=40,
)
def find_party_panel(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "count": access.parties_visible_to(user).count(),
        "can_register": access.can_register_parties(user),
    }
