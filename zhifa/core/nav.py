"""The main navigation: each app registers its entries with the roles that see them."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from zhifa.org.choices import ADMIN_SITE_ROLES, Role
from zhifa.security.separation import refusal

ALL_ROLES = frozenset(Role.values)


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int


_ENTRIES: list[NavEntry] = []


def register(
    label: str, url_name: str, roles: frozenset[str] | set[str] = ALL_ROLES, order: int = 100
) -> None:
    _ENTRIES.append(NavEntry(label, url_name, frozenset(roles), order))
    _ENTRIES.sort(key=lambda e: e.order)


def items_for(request: HttpRequest) -> list[dict[str, object]]:
    user = request.user
    role = getattr(user, "role", "")
    items = []
    for entry in _ENTRIES:
        if role not in entry.roles and not getattr(user, "is_superuser", False):
            continue
        url = reverse(entry.url_name)
        if refusal(user, url):
            continue  # an area the role may not open (三员分立: no case data for administrators)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": entry.label, "url": url, "active": active})
    return items


register("首页", "home", order=0)
register("管理后台", "admin:index", ADMIN_SITE_ROLES, order=900)
