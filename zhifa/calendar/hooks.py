"""What other apps do when a year's holiday schedule is confirmed.

The calendar imports only ``core``; the apps that store due dates computed from it (cases: its
clocks and their copies) register a callback from their ``ready()``. ``import_schedule`` calls
every callback inside its transaction, after the new days are written, so the stored
provisional dates are recomputed on the confirmed schedule or nothing is written at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# callback(years=[2027], actor=user_or_None, source="…") -> how many due dates it recomputed
Callback = Callable[..., int]

_CALLBACKS: list[Callback] = []


@dataclass(frozen=True)
class Confirmed:
    years: list[int]
    actor: Any  # zhifa.org.models.User | None (org is above calendar)
    source: str


def on_schedule_confirmed(callback: Callback) -> Callback:
    """Register ``callback`` (usable as a decorator); registering twice has no effect."""
    if callback not in _CALLBACKS:
        _CALLBACKS.append(callback)
    return callback


def schedule_confirmed(event: Confirmed) -> int:
    return sum(cb(years=event.years, actor=event.actor, source=event.source) for cb in _CALLBACKS)


def callbacks() -> list[Callback]:
    return list(_CALLBACKS)
