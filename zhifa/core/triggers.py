"""Database triggers that keep evidence tables append-only, for the apps' migrations.

PostgreSQL (the city-scale deployment): a trigger function refuses UPDATE and DELETE, so not
even a stray SQL statement through a normal connection can edit or remove a row. SQLite (the
embedded default): a trigger refuses UPDATE; DELETE is refused by the application (model and
queryset) and detected by the verifiers — a DELETE trigger would also block Django's own
``flush`` used by the test runner. A later migration that rebuilds such a table on SQLite
(Django's table remake) drops its triggers: each app has a test that an UPDATE is refused.

The names are part of the deployed schema (migrations already applied use them): a migration
passes its own function name, trigger suffix and message, and they must not change."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AppendOnly:
    tables: Sequence[str]
    function: str  # the PostgreSQL trigger function
    suffix: str  # PostgreSQL trigger name: <table>_<suffix>
    message: str  # 不可修改或删除 on PostgreSQL; the SQLite message drops "或删除"

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
