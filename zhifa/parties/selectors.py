"""Read-side queries for parties."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from zhifa.core import textsearch
from zhifa.org.models import User
from zhifa.parties.access import can_search_by_identifier
from zhifa.parties.choices import IdType, PartyKind
from zhifa.parties.identifiers import identity_key
from zhifa.parties.models import Party, identity_indexes

IDENTIFIER_SEARCH_REFUSED = (
    "您的角色只能查看脱敏的当事人信息，不能按完整证件号码查询当事人；请按名称查询，或请承办人员查询"
)


def identifier_keys(text: str) -> set[tuple[str, str]]:
    """Every (document type, identity key) ``text`` could be: a full ID number typed in its 15-
    or 18-digit form, a credit code in lower case or with spaces, a passport number… Partial
    numbers match nothing (a search by fragments would let a viewer who sees masked data
    reconstruct a number; the blind index finds exact numbers only anyway)."""
    keys = set()
    for id_type in IdType.values:
        try:
            keys.add((id_type, identity_key(id_type, text)))
        except ValidationError:
            continue
    return keys


def looks_like_identifier(text: str) -> bool:
    """A query that is a valid document number and has a digit (names have none)."""
    text = text.strip()
    return any(c.isdigit() for c in text) and bool(identifier_keys(text))


def identifier_search_refused(viewer: User | AnonymousUser | None, q: str) -> str:
    """Why ``viewer`` gets no match by the identifier ``q`` ("" if it may search by it)."""
    if viewer is not None and can_search_by_identifier(viewer):
        return ""
    return IDENTIFIER_SEARCH_REFUSED if looks_like_identifier(q) else ""


def search_parties(
    parties: QuerySet[Party],
    q: str = "",
    kind: str = "",
    *,
    viewer: User | AnonymousUser | None = None,
) -> QuerySet[Party]:
    """``parties`` (already limited to the viewer's scope) whose name contains ``q`` or — for a
    ``viewer`` who may see ID numbers whole (``access.can_search_by_identifier``) — whose
    identifier is exactly ``q`` (its blind index), of ``kind`` if given. Without a viewer,
    names only: finding a party by its full number is allowed to those who may see it."""
    rows = parties.select_related("street")
    if kind in PartyKind.values:
        rows = rows.filter(kind=kind)
    q = q.strip()
    if q:
        # any continuous part of the name, through the text index (core.textsearch)
        match = textsearch.condition(Party, q) or Q(name__icontains=q)
        if viewer is not None and can_search_by_identifier(viewer):
            for id_type, key in identifier_keys(q):
                match |= Q(id_type=id_type, identity_index__in=identity_indexes(id_type, key))
        rows = rows.filter(match)
    return rows.order_by("name", "id")
