"""The database settings of several app servers (settings.py, "Several app servers";
docs/scale-out.md): PostgreSQL connection pooling and the read replica.

Pure functions of the parsed ``DATABASES`` entries (no Django setup needed), so the settings
stay a few lines and the tests can call them with any values.
"""

from __future__ import annotations

import copy
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

POSTGRES = "django.db.backends.postgresql"


def use_pool(db: Any, *, min_size: int, max_size: int, timeout: int) -> None:
    """Django's psycopg 3 connection pool for ``db`` (``DB_POOL=1``), in place.

    One pool per process and alias: ``max_size`` connections at most, ``min_size`` kept open.
    A pool and persistent connections exclude each other (Django refuses ``CONN_MAX_AGE`` with
    a pool): a request borrows a connection and gives it back at its end."""
    if db["ENGINE"] != POSTGRES:
        raise ImproperlyConfigured("DB_POOL=1 只适用于 PostgreSQL (DATABASE_URL=postgres://…)")
    if not 0 <= min_size <= max_size or max_size < 1:
        raise ImproperlyConfigured(
            f"DB_POOL_MIN_SIZE={min_size}、DB_POOL_MAX_SIZE={max_size}：应满足 0 ≤ 最小 ≤ 最大，"
            "且最大 ≥ 1"
        )
    if timeout < 1:
        raise ImproperlyConfigured(f"DB_POOL_TIMEOUT={timeout}：应为正整数 (秒)")
    db["CONN_MAX_AGE"] = 0
    options = db.setdefault("OPTIONS", {})
    options["pool"] = {"min_size": min_size, "max_size": max_size, "timeout": timeout}


def replica_database(default: Any, url: str | None, *, test: bool) -> Any:
    """The ``replica`` alias: parsed from ``DATABASE_REPLICA_URL`` with the primary's
    connection handling (persistent connections or pool); in the test suite, without a URL,
    a copy of ``default``. Either way a TEST MIRROR of ``default``: tests never create a
    database for it, its connection opens the test database. None: no replica. (``Any``: the
    entries are dj-database-url's ``DBConfig``, which a plain dict is not.)"""
    replica: dict[str, Any]
    if url:
        replica = dict(dj_database_url.parse(url))
        if replica["ENGINE"] != default["ENGINE"]:
            raise ImproperlyConfigured(
                "DATABASE_REPLICA_URL 与 DATABASE_URL 须为同一种数据库 (只读副本是主库的复制)"
            )
        for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS"):
            if key in default:
                replica[key] = default[key]
        pool = default.get("OPTIONS", {}).get("pool")
        if pool:
            replica.setdefault("OPTIONS", {})["pool"] = dict(pool)
    elif test:
        replica = copy.deepcopy(default)
    else:
        return None
    replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
    return replica


def connections_per_server(*, workers: int, threads: int) -> int:
    """Database connections one app server may hold at once: one per request thread."""
    return workers * threads
