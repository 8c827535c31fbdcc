"""The database half of a backup (``zhifa.core.backup``): a consistent dump, its load into an
empty database, and what "empty" and "the same schema" mean.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies every page in one step
under a read transaction — in WAL mode the application goes on writing meanwhile and the copy is
the database as of one commit. A plain file copy is not: it can catch a page half-written or
miss what still sits in the ``-wal`` file. The copy is switched to a rollback journal so it is
one self-contained file, and checked (``PRAGMA quick_check``) before it goes into the archive.

PostgreSQL: ``pg_dump --format=custom`` (one snapshot, compressed) and ``pg_restore --no-owner
--exit-on-error --single-transaction`` (all or nothing). The connection settings come from
Django's ``DATABASES``; the password goes in ``PGPASSWORD``, never on the command line (which
every user of the machine can read in the process list).

Neither ``dumpdata`` nor ``loaddata``: they round timestamps to what JSON carries, and every
digest of the full-process record covers the exact time of its event."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# libpq reads these from the environment (https://www.postgresql.org/docs/15/libpq-envars.html)
PG_OPTIONS = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
}
SHOWN = 5  # tables named in a refusal
ENOUGH = 1000  # rows counted per table to say how full it is (not a city's events)


class BackupError(Exception):
    """A refusal or failure with a Chinese message for the operator (the command's error)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def engine_of(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库：只支持 SQLite 与 PostgreSQL")
    return connection.vendor


def migration_state(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """The latest applied migration of each app (names sort in order: ``0012_…``)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return {}
    latest: dict[str, str] = {}
    for app, name in recorder.applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def unknown_migrations(state: dict[str, str]) -> list[str]:
    """Migrations of a backup that this code does not have (the backup is from a newer zhifa)."""
    disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [f"{app}.{name}" for app, name in state.items() if (app, name) not in disk]


def pending_migrations(connection: BaseDatabaseWrapper) -> list[str]:
    """Migrations of this code not yet applied to the (restored) database."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


# --- dump -----------------------------------------------------------------------------------


def dump(connection: BaseDatabaseWrapper, target: Path) -> None:
    """Write a consistent copy of the database to ``target`` (a new file)."""
    if engine_of(connection) == "sqlite":
        _dump_sqlite(_sqlite_path(connection), target)
    else:
        name = connection.settings_dict["NAME"]
        _run(
            ["pg_dump", "--format=custom", "--no-password", f"--file={target}", "--dbname", name],
            connection.settings_dict,
            "pg_dump 导出数据库",
        )


def _sqlite_path(connection: BaseDatabaseWrapper) -> Path:
    name = str(connection.settings_dict["NAME"] or "")
    if not name or name == ":memory:" or "mode=memory" in name:
        raise BackupError("SQLite 内存数据库无法备份或恢复：DATABASE_URL 应指向一个数据库文件")
    return Path(name)


def _dump_sqlite(source_path: Path, target: Path) -> None:
    if not source_path.is_file():
        raise BackupError(f"SQLite 数据库文件 {source_path} 不存在")
    source = sqlite3.connect(source_path, timeout=30)
    copy = sqlite3.connect(target)
    with closing(source), closing(copy):
        source.backup(copy)  # every page in one step: the state of one commit
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        result = copy.execute("PRAGMA quick_check").fetchone()[0]
    if result != "ok":
        raise BackupError(f"SQLite 数据库自检不通过 (PRAGMA quick_check：{result})，未生成备份")


# --- load -----------------------------------------------------------------------------------


def refuse_unless_empty(connection: BaseDatabaseWrapper) -> None:
    """A restore writes only into an empty database: no table at all, hence no applied
    migration and no row of zhifa's apps. Anything else would mix the backup with data that is
    already there (or fail half-way on a table that exists)."""
    tables = set(connection.introspection.table_names())
    if not tables:
        return
    found = []
    applied = _count(connection, "django_migrations") if "django_migrations" in tables else 0
    if applied:
        found.append(f"已应用 {applied} 个迁移")
    filled = [
        f"{table} {rows if rows < ENOUGH else f'{ENOUGH} 余'} 行"
        for table in _zhifa_tables(tables)
        if (rows := _count(connection, table, limit=ENOUGH))
    ]
    if filled:
        found.append(f"zhifa 的表中已有数据 ({_first(filled)})")
    if not found:
        found.append(f"已有 {len(tables)} 个表 ({_first(sorted(tables))})")
    raise BackupError(
        f"目标数据库不是空库，拒绝恢复：{'；'.join(found)}。恢复只写入空库 (没有任何表，"
        "因此也没有已应用的迁移和数据)，以免备份与现有数据混在一起或覆盖现有数据。请新建一个"
        "空库 (PostgreSQL：createdb；SQLite：让 DATABASE_URL 指向一个尚不存在的文件)，"
        "恢复前不要运行 zhifa migrate。"
    )


def _zhifa_tables(tables: set[str]) -> list[str]:
    return sorted(
        model._meta.db_table
        for config in apps.get_app_configs()
        if config.name.startswith("zhifa.")
        for model in config.get_models(include_auto_created=True)
        if model._meta.db_table in tables
    )


def _count(connection: BaseDatabaseWrapper, table: str, *, limit: int | None = None) -> int:
    quoted = connection.ops.quote_name(table)
    sql = f"SELECT COUNT(*) FROM {quoted}"
    if limit:
        sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {quoted} LIMIT {int(limit)}) AS t"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.fetchone()[0])


def _first(items: list[str]) -> str:
    more = f" 等 {len(items)} 项" if len(items) > SHOWN else ""
    return "、".join(items[:SHOWN]) + more


def load(connection: BaseDatabaseWrapper, source: Path) -> None:
    """Load a dump made by ``dump`` into the (empty) database of ``connection``."""
    if engine_of(connection) == "sqlite":
        target = _sqlite_path(connection)
        connection.close()  # our own connection must not hold the file while it is replaced
        _load_sqlite(source, target)
    else:
        name = connection.settings_dict["NAME"]
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--no-password",
                "--dbname",
                name,
                str(source),
            ],
            connection.settings_dict,
            "pg_restore 恢复数据库",
        )


def _load_sqlite(source: Path, target: Path) -> None:
    """The backup API the other way round: page by page into the target, inside SQLite's own
    locking (a stale ``-wal`` of the target cannot be mixed in, as it could with a file copy)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    dump_db = sqlite3.connect(source)
    live = sqlite3.connect(target, timeout=30)
    with closing(dump_db), closing(live):
        result = dump_db.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            raise BackupError(f"备份中的 SQLite 数据库自检不通过 (PRAGMA quick_check：{result})")
        dump_db.backup(live)
        live.execute("PRAGMA journal_mode=WAL")


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    for option, var in PG_OPTIONS.items():
        value = (settings_dict.get("OPTIONS") or {}).get(option)
        if value:
            env[var] = str(value)
    return env


def _run(argv: list[str], settings_dict: dict[str, Any], what: str) -> None:
    try:
        result = subprocess.run(
            argv, env=_pg_env(settings_dict), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"找不到 {argv[0]}：请安装与数据库服务器同一大版本的 PostgreSQL 客户端 "
            "(Debian：apt-get install postgresql-client)"
        ) from exc
    if result.returncode != 0:
        detail = result.stderr.strip()[-2000:] or "没有输出"
        raise BackupError(f"{what}失败 (退出码 {result.returncode})：{detail}")
