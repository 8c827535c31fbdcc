"""The SQLite backend waits for the write lock in short steps (zhifa/core/sqlite/base.py): a
transaction that finds another writer's lock gets it once released — not "database is locked",
and without SQLite's growing sleeps — and the connection keeps its busy timeout afterwards."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from django.db import connection, connections

from zhifa.core.sqlite.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend"),
    pytest.mark.django_db,  # (another connection is opened: the test allows it)
]


def _wrapper(path: str, timeout: float = 5) -> DatabaseWrapper:
    settings = dict(connection.settings_dict)
    settings |= {"NAME": path, "OPTIONS": settings["OPTIONS"] | {"timeout": timeout}}
    return DatabaseWrapper(settings, alias="lock-test")


def test_the_settings_use_it():
    assert connection.settings_dict["ENGINE"] == "zhifa.core.sqlite"
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_transaction_waits_for_the_lock_and_gets_it_when_released(tmp_path):
    path = str(tmp_path / "lock.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (n INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO t VALUES (1)")
    released = threading.Event()

    def release() -> None:
        time.sleep(0.05)
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    waiter = _wrapper(path)
    waiter.ensure_connection()
    waiter.set_autocommit(True)
    waiter._start_transaction_under_autocommit()  # blocks until the holder commits
    assert released.is_set()
    waiter.connection.execute("INSERT INTO t VALUES (2)")
    waiter.connection.execute("COMMIT")
    assert waiter.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert [r[0] for r in waiter.connection.execute("SELECT n FROM t ORDER BY n")] == [1, 2]
    waiter.close()
    holder.close()


def test_it_gives_up_after_its_timeout(tmp_path):
    path = str(tmp_path / "lock.sqlite3")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE t (n INTEGER)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = _wrapper(path, timeout=0.05)
    waiter.ensure_connection()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        waiter._start_transaction_under_autocommit()
    assert waiter.connection.execute("PRAGMA busy_timeout").fetchone()[0] == 50
    holder.execute("ROLLBACK")
    waiter.close()
    holder.close()
