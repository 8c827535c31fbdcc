"""Read-side queries for parties."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.identifiers import identity_key
from zhifa.parties.models import Party


def identifier_keys(text: str) -> set[str]:
    """Every identity key ``text`` could be: a full ID number typed in its 15- or 18-digit form, a
    credit code in lower case or with spaces, a passport number… Partial numbers match nothing
    (a search by fragments would let a viewer who sees masked data reconstruct a number)."""
    keys = set()
    for id_type in IdType.values:
        try:
            keys.add(identity_key(id_type, text))
        except ValidationError:
            continue
    return keys


def search_parties(parties: QuerySet[Party], q: str = "", kind: str = "") -> QuerySet[Party]:
    """``parties`` (already limited to the viewer's scope) whose name contains ``q`` or whose
    identifier is ``q``, of ``kind`` if given."""
    rows = parties.select_related("street")
    if kind in PartyKind.values:
        rows = rows.filter(kind=kind)
    q = q.strip()
    if q:
        match = Q(name__icontains=q)
        keys = identifier_keys(q)
        if keys:
            match |= Q(identity_key__in=keys)
        rows = rows.filter(match)
    return rows.order_by("name", "id")
