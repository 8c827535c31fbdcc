"""Includes for other apps' staff pages: a party's enforcement history (信用档案) and the repeat
violations of a case. ``{% load disclosure %}`` then ``{% party_history party %}`` /
``{% repeat_violations_panel case %}``."""

from __future__ import annotations

from typing import Any

from django import template

from zhifa.cases.facts import probed
from zhifa.disclosure import history
from zhifa.org.models import User

register = template.Library()


def _viewer(context: template.Context) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


@register.inclusion_tag("disclosure/_party_history_rows.html", takes_context=True)
def party_history(context: template.Context, party: Any) -> dict[str, Any]:
    viewer = _viewer(context)
    if viewer is None:
        return {"h": None}
    return {"h": history.party_history(int(party.pk), viewer)}


@register.inclusion_tag("disclosure/_repeat_violations.html")
def repeat_violations_panel(case: Any) -> dict[str, Any]:
    start, end = history.repeat_window(case)
    # the case page's query probed for one (``history.repeat_possible``): none, no query
    none = probed(case, "repeat_violation_possible") is False
    return {"repeats": [] if none else history.repeat_violations(case), "start": start, "end": end}
