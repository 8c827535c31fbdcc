"""Shared set-up for the benchmarks: a database of their own, migrated, with a small cast.

SQLite by default (a file in a fresh temporary directory). When ``DATABASE_URL`` points at
PostgreSQL, a dedicated database (``ZHIFA_BENCH_DB``, default ``zhifa_bench``) is created on
that server, used, and dropped at the end — the database named in the URL is never touched.
"""

from __future__ import annotations

import atexit
import os
import platform
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BENCH_DB = os.environ.get("ZHIFA_BENCH_DB", "zhifa_bench")
RESERVED = {"zhifa", "zhifa_pages", "zhifa_api", "postgres", "template0", "template1"}


def _postgres(url: str) -> str:
    """Create the benchmark database next to the one in ``url``; return its URL."""
    import psycopg

    if BENCH_DB in RESERVED:
        sys.exit(f"refusing to use the database {BENCH_DB!r} for a benchmark")
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')

    atexit.register(drop)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def setup_django() -> str:
    """Point zhifa at a fresh database, migrate it; returns "sqlite" or "postgresql"."""
    var = tempfile.mkdtemp(prefix="zhifa-bench-")
    atexit.register(shutil.rmtree, var, ignore_errors=True)
    os.environ["ZHIFA_VAR_DIR"] = var
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = _postgres(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


@dataclass
class Cast:
    """Two certified handlers, a leader, a legal reviewer, a street and a company."""

    handler: Any
    handler2: Any
    leader: Any
    reviewer: Any
    street: Any
    company: Any
    item: Any


def cast() -> Cast:
    import random

    from zhifa.law.catalog_io import load_default_catalog
    from zhifa.law.models import ViolationItem
    from zhifa.org.actions import issue_certificate
    from zhifa.org.choices import OrgUnitKind, Role
    from zhifa.org.models import Officer, OrgUnit, User
    from zhifa.parties import generate
    from zhifa.parties.actions import register_party

    load_default_catalog()
    bureau = OrgUnit.objects.create(kind=OrgUnitKind.BUREAU, name="示范区城管委", code="BUREAU")
    section = OrgUnit.objects.create(
        kind=OrgUnitKind.SECTION, name="法制科", code="SEC-LAW", parent=bureau
    )
    street = OrgUnit.objects.create(
        kind=OrgUnitKind.STREET, name="东城街道综合执法大队", code="ST-DC", parent=bureau
    )

    def person(username: str, role: str, unit: Any, *, legal: bool = False) -> Any:
        user = User.objects.create(username=username, role=role, name=username, org_unit=unit)
        officer = Officer.objects.create(
            employee_number=username.upper(),
            name=username,
            unit=unit,
            user=user,
            has_legal_qualification=legal,
        )
        issue_certificate(
            officer,
            number=f"示执{username}",
            issuing_authority="示范市人民政府",
            issued_on=date(2024, 1, 1),
            expires_on=date(2028, 12, 31),
            actor=None,
        )
        return user

    company = register_party(
        kind="organisation",
        name="示范市鑫源建筑工程有限公司",
        id_type="uscc",
        id_number=generate.random_uscc(random.Random(1), kind="organisation"),
        street=street,
        actor=None,
        legal_representative="王建国",
    )
    return Cast(
        handler=person("handler", Role.CASE_HANDLER, bureau),
        handler2=person("handler2", Role.CASE_HANDLER, bureau),
        leader=person("leader", Role.LEADER, bureau),
        reviewer=person("reviewer", Role.LEGAL_REVIEWER, section, legal=True),
        street=street,
        company=company,
        item=ViolationItem.objects.get(code="DL-002"),  # 擅自挖掘城市道路 ≤ ¥20,000
    )


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "date": date.today().isoformat(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
