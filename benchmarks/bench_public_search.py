"""Public search of published penalty decisions on 1,000,000 rows: p50/p95 per query kind.

    .venv/bin/python benchmarks/bench_public_search.py [--db sqlite|postgresql|both]
        [--rows 1000000] [--requests 100] [--keep]

The database follows the other benchmarks: SQLite, or PostgreSQL when ``DATABASE_URL`` points
at it (``--db both`` runs both). Each runs in its own process (Django settings are per process)
on a dedicated temporary database — PostgreSQL ``zhifa_pubbench`` on the server of
``DATABASE_URL`` (or ``ZHIFA_BENCH_POSTGRES_URL``), dropped and created; the database named in
the URL is never touched; SQLite a file in a temporary directory, removed at the end — migrated,
then loaded in
bulk (``COPY`` on PostgreSQL, ``executemany`` on SQLite; foreign keys are not checked during the
load: the public search reads the publication table alone). The mix is what visitors do: a
文号, an organisation name, a category and a month, a street, the first page and page 20 —
each through the Django test client (middleware, view, selector, template), like a request.

Prints one JSON object: p50/p95/max in ms per kind and database, the floor (p95 ≤ 200 ms) and
the ratio of the worst p95 to it; exits 1 when a p95 is above the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from zhifa.core import textsearch

ROOT = Path(__file__).resolve().parents[1]
FLOOR_P95_MS = 200.0
PG_DEFAULT = "postgres://postgres:postgres@127.0.0.1:5432/postgres"
BENCH_DB = "zhifa_pubbench"
START, DAYS = date(2024, 1, 1), 3 * 365
CATEGORIES = [  # weights roughly as the bureau report's areas
    ("city_appearance", 40),
    ("construction_waste", 12),
    ("gas", 6),
    ("roads", 8),
    ("planning", 6),
    ("dogs", 10),
    ("garbage_sorting", 14),
    ("solid_waste", 2),
    ("other", 2),
]
STREETS = 20
STEM_CHARS = (
    "鑫源福满旺角顺发兴隆金穗康乐恒泰宏达嘉禾永盛华信瑞丰"
    "隆昌鼎新博远中天长城东方明珠锦绣腾飞安居乐业广厦万通聚宝德润"
)
TRADES = (
    "建筑工程",
    "物业管理",
    "餐饮管理",
    "商贸",
    "渣土运输",
    "装饰工程",
    "燃气",
    "环境工程",
    "市政工程",
    "物流",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐"
COLUMNS = (  # noqa: SIM905 — the publication table, in the order _row() builds
    "decision_id case_id party_id number violation_code violation_name facts_brief "
    "violated_provision penalty_provision penalty_kinds penalty_content fine decided_on "
    "agency category street_id street_name procedure party_kind party_name party_code "
    "status published_on withdrawn_on withdraw_reason replacement_number display_until "
    "severity due_on published_late withdraw_due withdrawn_late repair_from ended_on "
    "skip_reason created_at search_text"
).split()


# --- the parent: one worker process per database ---------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    url = os.environ.get("DATABASE_URL", "")
    default = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default=default)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100, help="timed requests per kind")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--worker", choices=("sqlite", "postgresql"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.rows, args.requests, args.keep)))
        return
    databases = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results: dict[str, Any] = {}
    for db in databases:
        command = [sys.executable, __file__, "--worker", db, "--rows", str(args.rows)]
        command += ["--requests", str(args.requests)] + (["--keep"] if args.keep else [])
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
        sys.stderr.write(done.stderr)
        if done.returncode != 0:
            results[db] = {"error": done.stderr.strip().splitlines()[-1:]}
            continue
        results[db] = json.loads(done.stdout.strip().splitlines()[-1])
    worst = max(
        (k["p95_ms"] for r in results.values() for k in r.get("kinds", {}).values()), default=0.0
    )
    ok = bool(results) and all("kinds" in r for r in results.values()) and worst <= FLOOR_P95_MS
    print(
        json.dumps(
            {
                "benchmark": "public_search",
                "rows": args.rows,
                "floor_p95_ms": FLOOR_P95_MS,
                "worst_p95_ms": worst,
                "ratio": round(worst / FLOOR_P95_MS, 3),
                "ok": bool(results)
                and all("kinds" in r for r in results.values())
                and worst <= FLOOR_P95_MS,
                "databases": results,
            },
            ensure_ascii=False,
        )
    )
    sys.exit(0 if ok else 1)


# --- the worker: one database ---------------------------------------------------------------


def _server() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = os.environ.get("ZHIFA_BENCH_POSTGRES_URL", PG_DEFAULT)
    return url.rsplit("/", 1)[0]


def _prepare_postgres() -> str:
    import psycopg

    with psycopg.connect(_server() + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    return f"{_server()}/{BENCH_DB}"


def _drop_postgres() -> None:
    import psycopg

    with psycopg.connect(_server() + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


def worker(db: str, rows: int, requests: int, keep: bool) -> dict[str, Any]:
    tmp = tempfile.mkdtemp(prefix="zhifa-pubbench-")
    url = _prepare_postgres() if db == "postgresql" else f"sqlite:///{tmp}/pubbench.sqlite3"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "ZHIFA_VAR_DIR": tmp,
            "ZHIFA_ENV": "development",
            "DEBUG": "0",
            "ZHIFA_PUBLIC_RATE_LIMIT": "0",
            "DJANGO_SETTINGS_MODULE": "zhifa.settings",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        migrated = time.monotonic()
        samples = load(db, rows)
        loaded = time.monotonic()
        return {
            "rows": rows,
            "migrate_s": round(migrated - started, 1),
            "load_s": round(loaded - migrated, 1),
            "kinds": measure(samples, requests),
            "plans": plans(db, samples),
        }
    finally:
        if not keep:
            from django.db import connections

            connections.close_all()
            if db == "postgresql":
                _drop_postgres()
            shutil.rmtree(tmp, ignore_errors=True)


def _streets() -> list[tuple[int, str]]:
    from zhifa.org.choices import OrgUnitKind
    from zhifa.org.models import OrgUnit

    bureau = OrgUnit.objects.create(kind=OrgUnitKind.BUREAU, name="示范区城市管理委员会", code="B")
    return [
        (
            OrgUnit.objects.create(
                kind=OrgUnitKind.STREET, name=f"第{i + 1}街道", code=f"S{i:02d}", parent=bureau
            ).pk,
            f"第{i + 1}街道",
        )
        for i in range(STREETS)
    ]


def _company(rng: random.Random) -> str:
    return f"{rng.choice(STEM_CHARS)}{rng.choice(STEM_CHARS)}{rng.choice(TRADES)}有限公司"


def _row(i: int, rng: random.Random, streets: list[tuple[int, str]], now: str) -> tuple[Any, ...]:
    decided = START + timedelta(days=rng.randrange(DAYS))
    category = rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES])[0]
    street_id, street_name = rng.choice(streets)
    simple = rng.random() < 0.87
    roll = rng.random()
    if roll < 0.6:
        kind, name, code = "person", rng.choice(SURNAMES) + "**", ""
    elif roll < 0.9:
        kind, name, code = "organisation", _company(rng), f"91110101{i:09d}X"
    else:
        kind, name, code = "sole_trader", f"{rng.choice(STEM_CHARS)}记小吃店", f"92110101{i:09d}Y"
    fine = rng.choice((50, 100, 200)) if simple else rng.choice((2000, 5000, 20000, 100000))
    state = rng.random()
    status = "published" if state < 0.95 else ("withdrawn" if state < 0.97 else "expired")
    word = "当罚字" if simple else "罚决字"
    return (
        i,
        i,
        i,
        f"示范城管{word}〔{decided.year}〕第{i}号",
        "SR-001",
        "擅自在道路两侧摆摊设点、占道经营",
        f"经查，当事人于{decided.year}年{decided.month}月{decided.day}日在{street_name}辖区存在"
        "「擅自在道路两侧摆摊设点、占道经营」的违法行为，违反了《北京市市容环境卫生条例》第三十五条的规定。",
        "《北京市市容环境卫生条例》第三十五条第一款",
        "《北京市市容环境卫生条例》第三十五条第一款",
        "罚款",
        f"责令改正；罚款人民币{fine:,.2f}元",
        fine,
        decided,
        "示范区城市管理委员会",
        category,
        street_id,
        street_name,
        "simple" if simple else "general",
        kind,
        name,
        code,
        status,
        decided + timedelta(days=3),
        decided + timedelta(days=30) if status == "withdrawn" else None,
        "该行政处罚决定经行政复议被撤销。" if status == "withdrawn" else "",
        "",
        decided + timedelta(days=365),
        "general",
        decided + timedelta(days=9),
        False,
        None,
        False,
        decided + timedelta(days=90),
        None,
        "",
        now,
        textsearch.tokens(name),  # the portal's text index (ADR 0014)
    )


def _sqlite(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def load(db: str, rows: int) -> dict[str, list[Any]]:
    """Bulk-load ``rows`` publications; returns samples for the queries."""
    from django.db import connection, transaction
    from django.utils import timezone

    streets = _streets()
    rng = random.Random(7)
    now = timezone.now().isoformat()
    table = "disclosure_publication"
    samples: dict[str, list[Any]] = {"numbers": [], "names": [], "inside": []}
    batch = 20_000
    if db == "sqlite":
        with connection.cursor() as cursor:  # outside a transaction, or SQLite ignores it
            cursor.execute("PRAGMA foreign_keys = OFF")
    with transaction.atomic(), connection.cursor() as cursor:
        if db == "postgresql":
            cursor.execute("SET session_replication_role = replica")  # no FK triggers for the load
        for start in range(1, rows + 1, batch):
            chunk = [_row(i, rng, streets, now) for i in range(start, min(start + batch, rows + 1))]
            for r in chunk[:: batch // 20]:
                if r[21] == "published":
                    samples["numbers"].append(r[3])
                    if r[18] == "organisation":
                        samples["names"].append(r[19][:3])  # a fragment: stem + first trade char
                        samples["inside"].append(r[19][1:3])  # two characters from inside
            if db == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                    for r in chunk:
                        copy.write_row(r)
            else:
                marks = ", ".join(["?"] * len(COLUMNS))
                cursor.cursor.executemany(  # the raw sqlite3 cursor: "?" placeholders
                    f"INSERT INTO {table} ({', '.join(COLUMNS)}) VALUES ({marks})",
                    [tuple(_sqlite(v) for v in r) for r in chunk],
                )
            sys.stderr.write(f"\r  {db}: {min(start + batch - 1, rows):,} rows")
        sys.stderr.write("\n")
    with connection.cursor() as cursor:  # as autovacuum would have done by now
        cursor.execute("VACUUM ANALYZE" if db == "postgresql" else "ANALYZE")
    samples["streets"] = [pk for pk, _ in streets]
    return samples


def _queries(samples: dict[str, list[Any]], rng: random.Random) -> dict[str, Any]:
    def month() -> dict[str, str]:
        first = START + timedelta(days=rng.randrange(DAYS - 31))
        first = first.replace(day=1)
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        category = rng.choices([c for c, _ in CATEGORIES], [w for _, w in CATEGORIES])[0]
        return {"category": category, "from": first.isoformat(), "to": last.isoformat()}

    return {
        "by_number": lambda: {"number": rng.choice(samples["numbers"])},
        "by_org_name": lambda: {"q": rng.choice(samples["names"])},
        # Two characters from inside the name, the common Chinese search (ADR 0014): too short
        # for a trigram index, a phrase of one bigram token here.
        "by_two_inside": lambda: {"q": rng.choice(samples["inside"])},
        # A broad word (a tenth of the organisations): many matches, the newest-first walk.
        "by_common_word": lambda: {"q": rng.choice(TRADES)},
        "by_category_month": month,
        "by_street": lambda: {"street": str(rng.choice(samples["streets"]))},
        "page_1": lambda: {},
        "page_20": lambda: {"page": "20"},
        "street_page_20": lambda: {"street": str(rng.choice(samples["streets"])), "page": "20"},
    }


def measure(samples: dict[str, list[Any]], requests: int) -> dict[str, dict[str, float]]:
    from django.test import Client

    client = Client()
    rng = random.Random(11)
    out: dict[str, dict[str, float]] = {}
    for kind, params in _queries(samples, rng).items():
        for _ in range(3):  # warm up
            client.get("/gongshi/jueding/", params())
        times = []
        for _ in range(requests):
            query = params()
            t0 = time.perf_counter()
            response = client.get("/gongshi/jueding/", query)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (kind, query, response.status_code)
            found = "p-item" in response.content.decode()
            assert found or kind not in ("by_number", "page_1"), (kind, query)
        times.sort()
        out[kind] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[max(0, int(len(times) * 0.95) - 1)], 2),
            "max_ms": round(times[-1], 2),
        }
    return out


def plans(db: str, samples: dict[str, list[Any]]) -> dict[str, str]:
    """How the database answers two queries (a check that the indexes are used)."""
    from django.db import connection

    from zhifa.disclosure import public

    found = {}
    for label, query in (
        ("by_org_name", public.SearchQuery(q=samples["names"][0])),
        ("by_category_month", public.SearchQuery(category="gas", date_from=date(2025, 3, 1))),
    ):
        matching = public.filtered(query).rows
        rows = matching.order_by("-decided_on", "-id").values(*public.LIST_FIELDS)
        sql, params = rows[:21].query.sql_with_params()
        with connection.cursor() as cursor:
            prefix = "EXPLAIN" if db == "postgresql" else "EXPLAIN QUERY PLAN"
            cursor.execute(f"{prefix} {sql}", params)
            found[label] = " | ".join(str(r[-1]) for r in cursor.fetchall())[:400]
    return found


if __name__ == "__main__":
    main()
