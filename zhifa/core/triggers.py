"""Database triggers that keep evidence tables append-only, for the apps' migrations.

PostgreSQL (the city-scale deployment): a trigger function refuses UPDATE and DELETE, so not
even a stray SQL statement through a normal connection can edit or remove a row. ``TRUNCATE``
(what Django's ``flush`` uses there, e.g. between transactional tests) fires no row trigger.

SQLite (the embedded default): one trigger refuses UPDATE (``create``), another DELETE
(``create_sqlite_delete``, added later by each app's own migration: cases 0004, documents 0004,
disclosure 0004). SQLite has no TRUNCATE — Django's ``flush`` runs ``DELETE FROM`` — so the
DELETE trigger lets a row go only while this connection is flushing the whole database, as
TRUNCATE does on PostgreSQL: its ``WHEN`` calls ``zhifa_flushing()``, a function that
``install_sqlite_flush_guard`` registers on every Django connection and that answers 1 only
inside ``connection.ops.execute_sql_flush``. Any other tool (the ``sqlite3`` shell, another
program) does not have the function, so its DELETE fails too. A later migration that rebuilds
such a table on SQLite (Django's table remake) drops its triggers: each app has a test that an
UPDATE and a DELETE are refused.

The names are part of the deployed schema (migrations already applied use them): a migration
passes its own function name, trigger suffix and message, and they must not change."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

FLUSHING_FUNCTION = "zhifa_flushing"


@dataclass(frozen=True)
class AppendOnly:
    tables: Sequence[str]
    function: str  # the PostgreSQL trigger function
    suffix: str  # PostgreSQL trigger name: <table>_<suffix>
    message: str  # 不可修改或删除 on PostgreSQL; the SQLite messages say 不可修改 / 不可删除

    def create(self, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {self.function}() RETURNS trigger AS $$\n"
                "BEGIN\n"
                f"    RAISE EXCEPTION '{self.message}不可修改或删除 (表 %%)', TG_TABLE_NAME\n"
                "        USING ERRCODE = 'insufficient_privilege';\n"
                "END;\n"
                "$$ LANGUAGE plpgsql;"
            )
            for table in self.tables:
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_{self.suffix} BEFORE UPDATE OR DELETE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION {self.function}();"
                )
        elif vendor == "sqlite":
            for table in self.tables:
                schema_editor.execute(
                    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{self.message}不可修改'); END;"
                )

    def drop(self, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        for table in self.tables:
            if vendor == "postgresql":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_{self.suffix} ON {table};")
            elif vendor == "sqlite":
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update;")

    def create_sqlite_delete(self, schema_editor: Any) -> None:
        """SQLite: refuse DELETE except while Django flushes the whole database (PostgreSQL's
        ``create`` refuses DELETE already)."""
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in self.tables:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
                f"WHEN {FLUSHING_FUNCTION}() IS NOT 1 "
                f"BEGIN SELECT RAISE(ABORT, '{self.message}不可删除'); END;"
            )

    def drop_sqlite_delete(self, schema_editor: Any) -> None:
        if schema_editor.connection.vendor != "sqlite":
            return
        for table in self.tables:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete;")


def _guard_flush(connection: Any) -> None:
    """Register ``zhifa_flushing()`` on this SQLite connection and let it answer 1 only while
    ``execute_sql_flush`` runs (the whole-database ``flush``, SQLite's TRUNCATE)."""
    state = connection.__dict__.setdefault("_zhifa_flush_state", {"flushing": False})
    connection.connection.create_function(
        FLUSHING_FUNCTION, 0, lambda: 1 if state["flushing"] else 0
    )
    ops = connection.ops
    if getattr(ops, "_zhifa_flush_guarded", False):
        return
    original: Callable[[list[str]], None] = ops.execute_sql_flush

    def execute_sql_flush(sql_list: list[str]) -> None:
        state["flushing"] = True
        try:
            original(sql_list)
        finally:
            state["flushing"] = False

    ops.execute_sql_flush = execute_sql_flush
    ops._zhifa_flush_guarded = True


def _on_connection_created(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        _guard_flush(connection)


def install_sqlite_flush_guard() -> None:
    """Called from ``CoreConfig.ready``: every new SQLite connection gets ``zhifa_flushing``."""
    from django.db.backends.signals import connection_created

    connection_created.connect(_on_connection_created, dispatch_uid="zhifa_sqlite_flush_guard")
