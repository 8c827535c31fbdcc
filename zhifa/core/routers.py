"""Reads that may come from the read replica (``DATABASE_REPLICA_URL``; docs/scale-out.md).

Nothing goes to the replica unless the code asks for it: ``reading_from_replica()`` around the
public portal, the case export and the statistics — pages and commands that read a lot, show
what was already decided and never write what they read. A replica lags its primary (by
milliseconds to seconds, more during a long report on the primary), so a global read router
would break read-your-writes for staff: an officer who records a step and opens the case page
the next instant must see the step. Outside the block every query goes to ``default``.

Inside the block:

- reads go to the replica alias (``settings.ZHIFA_READ_REPLICA``; empty: none configured, the
  block changes nothing) — except while ``default`` is inside a transaction (``atomic``): a
  read there belongs to that transaction and must see its writes;
- writes always go to ``default`` (the replica is read-only), so a recorded row of the security
  audit log or a cache of the statistics still lands on the primary;
- migrations run on ``default`` only; objects from either alias may be related (same data).

Tests configure the replica alias as a TEST MIRROR of ``default`` (settings), i.e. another
connection to the same test database: with ``ZHIFA_READ_REPLICA = "replica"`` a test that
commits (``transaction=True``) sees which connection each query took.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

_reading: ContextVar[bool] = ContextVar("zhifa_reading_from_replica", default=False)


def replica_alias() -> str:
    """The configured replica's alias, or "" when there is none."""
    alias = str(getattr(settings, "ZHIFA_READ_REPLICA", "") or "")
    return alias if alias and alias in settings.DATABASES else ""


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Within this block reads may be served by the replica (see the module's docstring)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def replica_reads[F: Callable[..., Any]](view: F) -> F:
    """A view (or command handler) whose reads may come from the replica."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def read_alias() -> str:
    """Where a read issued now goes."""
    alias = replica_alias()
    if alias and _reading.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return alias
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """``DATABASE_ROUTERS``: reads to the replica only inside ``reading_from_replica()``."""

    def db_for_read(self, model: Any, **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        same = {DEFAULT_DB_ALIAS, replica_alias() or DEFAULT_DB_ALIAS}
        if obj1._state.db in same and obj2._state.db in same:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS
