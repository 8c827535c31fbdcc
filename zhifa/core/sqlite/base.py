"""Django's SQLite backend, waiting for the write lock in short steps.

Every transaction takes the write lock at ``BEGIN IMMEDIATE`` (settings: SQLite has no
``SELECT … FOR UPDATE``). When another writer holds it, SQLite's own busy handler sleeps in
growing steps — 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100 ms — so a write that finds the lock
taken for 3 ms may sleep 50 ms or more: measured, a cheap write's p99 went from 7 ms to 91 ms
while six threads issued documents (benchmarks/bench_document_contention.py). Here ``BEGIN
IMMEDIATE`` is retried every 0.5–5 ms instead, up to the same 30 s timeout; statements inside
the transaction keep SQLite's handler (they already hold the lock)."""

from __future__ import annotations

import sqlite3
import time

from django.db.backends.sqlite3 import base

FIRST_STEP = 0.0005  # seconds
LONGEST_STEP = 0.005


def _locked(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class DatabaseWrapper(base.DatabaseWrapper):
    def _start_transaction_under_autocommit(self) -> None:
        mode = getattr(self, "transaction_mode", None)  # "IMMEDIATE" in the settings
        if mode is None:
            super()._start_transaction_under_autocommit()
            return
        raw = self.connection
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        deadline = time.monotonic() + timeout
        step = FIRST_STEP
        raw.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    raw.execute(f"BEGIN {mode}")
                    return
                except sqlite3.OperationalError as exc:
                    if not _locked(exc) or time.monotonic() >= deadline:
                        raise
                time.sleep(step)
                step = min(step * 1.5, LONGEST_STEP)
        finally:
            raw.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
