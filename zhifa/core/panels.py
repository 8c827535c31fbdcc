"""Home-page panels per role. Each app registers what its users need to see first; the home
view shows the panels of the user's role in order. Later apps add panels without touching core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]  # None hides the panel
    roles: frozenset[str]
    order: int = 100


_PANELS: list[Panel] = []


def register(template: str, roles: set[str] | frozenset[str], order: int = 100) -> Callable:
    def decorator(func: Callable[[HttpRequest], dict[str, Any] | None]) -> Callable:
        _PANELS.append(Panel(template, func, frozenset(roles), order))
        _PANELS.sort(key=lambda p: p.order)
        return func

    return decorator


def panels_for(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    role = getattr(request.user, "role", "")
    shown = []
    for panel in _PANELS:
        if role not in panel.roles:
            continue
        context = panel.context(request)
        if context is not None:
            shown.append((panel.template, context))
    return shown
