"""``{% load parties %}{% party_props party %}``: a party's details as the current user may see
them, for any page that shows a party (cases, documents …). Takes a ``Party`` or a ``PartyView``.
"""

from __future__ import annotations

from typing import Any

from django import template

from zhifa.parties.models import Party
from zhifa.parties.presenters import PartyView, present_party

register = template.Library()


@register.inclusion_tag("parties/_party_props.html", takes_context=True)
def party_props(context: template.Context, party: Party | PartyView) -> dict[str, Any]:
    if isinstance(party, Party):
        party = present_party(party, context["request"].user)
    return {"party": party}
