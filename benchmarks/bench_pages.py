"""Page speed at size: p50/p95 of each list, home and case page per role, against the floor.

A database with ``--cases N`` cases of the bulk path (``zhifa demo --cases N``: the district,
its parties and a year of N cases written as the actions would have left them) — or, with
``--cases 0``, the demo district itself (``zhifa demo``: ~500 cases through the actions). Each
page is requested through the Django test client (middleware, view, selectors, templates) by
the demo account of each role, sequentially: 2 warm-up requests, then ``--requests`` timed ones;
the number of queries of one request is counted as well.

Floor: ``/healthz`` (one ``SELECT 1`` through the middleware), its p50. Goals (issue 11): every
page's p95 ≤ 10× the floor, and ≤ 2× its own p95 on the demo district (flat with size) —
given as a JSON of an earlier ``--cases 0`` run (``--district FILE``) or measured first in the
same run (``--with-district``, in a subprocess with its own database); the case page ≤ 20
queries. Exit status 1 when the page is not flat with size or the case page takes more
queries; the ratio to the floor is reported only (no page meets it through the test client:
docs/benchmarks.md).

    .venv/bin/python benchmarks/bench_pages.py                        # 2,000 cases, SQLite
    .venv/bin/python benchmarks/bench_pages.py --cases 100000 --keep /tmp/pages100k
    .venv/bin/python benchmarks/bench_pages.py --cases 0 > district.json
    .venv/bin/python benchmarks/bench_pages.py --cases 100000 --keep DIR --district district.json
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/bench_pages.py --cases 20000

``--keep DIR`` (SQLite) builds the database in DIR and leaves it there; run again with the same
DIR it is reused (migrated first, so a new migration is measured on the same data). On
PostgreSQL ``--keep`` keeps the database ``ZHIFA_BENCH_DB`` (default ``zhifa_bench``) and
reuses it. The loads end with ``ANALYZE`` (and ``PRAGMA optimize`` on SQLite).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import _bench

WARM_UP = 2
GOAL_TO_FLOOR = 10.0
GOAL_TO_DISTRICT = 2.0
CASE_PAGE_QUERIES = 20
ROLES = ("handler", "leader", "reviewer", "street", "public")
LISTS = {
    "cases": "/cases/",
    "cases_mine": "/cases/?mine=on",
    "cases_overdue": "/cases/?overdue=on",
    "cases_category": "/cases/?category={category}",
    "cases_status": "/cases/?status=investigating",
    "cases_search": "/cases/?q={q}",
    # a word in a quarter of the cases' party names: the text index's worst case
    "cases_search_common": "/cases/?q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8",  # 有限公司
    "deadlines_mine": "/cases/deadlines/?tab=mine",
    "deadlines_unit": "/cases/deadlines/?tab=unit",
    "deadlines_overdue": "/cases/deadlines/?tab=overdue",
}
API = {
    "api_cases": "/api/v1/cases/",
    "api_cases_search": "/api/v1/cases/?q={q}",
    "api_deadlines": "/api/v1/cases/deadlines?status=overdue",
}
PARTIES = {"party_list": "/parties/?q={party_q}", "party_page": "/parties/{party}/"}
# the public portal, anonymous (its rate limit is switched off for the benchmark)
PORTAL = {
    "portal_home": "/gongshi/",
    "portal_search": "/gongshi/jueding/?q={portal_q}",
    "portal_search_common": "/gongshi/jueding/?q=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8",
    "portal_decision": "/gongshi/jueding/{publication}/",
    "portal_statistics": "/gongshi/tongji/",
}
STAFF = {"disclosure": "/disclosure/"}
# role → the pages it is measured on (its home first)
PAGES = {
    "handler": ["home", *LISTS, "case_page", *PARTIES, *API],
    "leader": [
        "home", "cases", "cases_overdue", "cases_category", "deadlines_unit", "disclosure", *API,
    ],
    "reviewer": ["home", "cases", "cases_status"],
    "street": ["home", "cases", "cases_overdue", "deadlines_unit", "deadlines_overdue"],
    "public": list(PORTAL),
}  # fmt: skip


def _setup(cases: int, keep: str | None) -> str:
    """Point zhifa at the benchmark's database (kept or temporary), migrate it; the vendor."""
    os.environ.setdefault("DEBUG", "0")  # as served: no query log, no debug templates
    os.environ.setdefault("ZHIFA_PUBLIC_RATE_LIMIT", "0")  # one client asks the portal often
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if keep is None:
        return _bench.setup_django()
    if postgres:
        os.environ["DATABASE_URL"] = _kept_postgres(url)
        os.environ["ZHIFA_VAR_DIR"] = keep
    else:
        Path(keep).mkdir(parents=True, exist_ok=True)
        os.environ["ZHIFA_VAR_DIR"] = keep
        os.environ["DATABASE_URL"] = f"sqlite:///{keep}/zhifa.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhifa.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def _kept_postgres(url: str) -> str:
    """The kept PostgreSQL database next to the one in ``url`` (created if missing)."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    if _bench.BENCH_DB in _bench.RESERVED:
        sys.exit(f"refusing to use the database {_bench.BENCH_DB!r} for a benchmark")
    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        found = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [_bench.BENCH_DB]
        ).fetchone()
        if not found:
            conn.execute(f'CREATE DATABASE "{_bench.BENCH_DB}"')
    return urlunsplit(parts._replace(path=f"/{_bench.BENCH_DB}"))


def _load(cases: int) -> dict[str, Any]:
    """``zhifa demo`` (``--cases N`` unless 0); nothing when the database holds it already."""
    from django.core.management import call_command

    from zhifa.demo.models import DemoLoad

    started = time.monotonic()
    loaded = DemoLoad.objects.filter(part__startswith="cases-").first()
    if loaded is None:
        options = {"cases": cases} if cases else {}
        with open(os.devnull, "w") as quiet:
            call_command("demo", stdout=quiet, **options)
        loaded = DemoLoad.objects.filter(part__startswith="cases-").first()
    assert loaded is not None
    return {"load_seconds": round(time.monotonic() - started, 1), "loaded": loaded.summary}


def _client(username: str) -> Any:
    from django.test import Client

    from zhifa.org.models import User
    from zhifa.testing.identity import verify_session

    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    verify_session(client, user)  # the second factor, as the sign-in would end
    return client, user


def _token_client(user: Any) -> Any:
    from django.test import Client

    from zhifa.core.actions import create_api_token

    _, raw = create_api_token(user)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    client.token = raw  # for the HTTP client (--http)
    return client


def _targets() -> dict[str, str]:
    """The values the pages are asked with: the commonest category, a place (a text search
    matching a few cases), and the open general case with the longest record."""
    from django.db.models import Count

    from zhifa.cases.choices import OPEN_STATUSES
    from zhifa.cases.models import Case

    category = (
        Case.objects.exclude(category="")
        .values("category")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("category", flat=True)
        .first()
    )
    some = Case.objects.exclude(place="").order_by("id").values_list("place", flat=True)
    q = some[some.count() // 2] if some.exists() else "路"
    page = (
        Case.objects.filter(procedure="general", status__in=OPEN_STATUSES)
        .order_by("-event_count", "id")
        .values_list("id", flat=True)
        .first()
    )
    from zhifa.disclosure.models import Publication
    from zhifa.parties.models import Party

    published = Publication.objects.filter(status="published", party_kind="organisation")
    shown = published.order_by("-decided_on", "-id").values_list("id", "party_name").first()
    publication, portal_q = shown if shown else (0, "公司")
    # the party with a case in the middle of the table (its page lists its cases)
    middle = Case.objects.order_by("id").values_list("party_id", flat=True)
    party_id = middle[middle.count() // 2] if middle.exists() else None
    company = Party.objects.filter(kind="organisation").order_by("id").first()
    return {
        "category": category or "",
        "q": q,
        "case": str(page or 0),
        "publication": str(publication),
        "portal_q": portal_q[3:5] if len(portal_q) >= 5 else portal_q,  # two from inside
        "party": str(party_id or 0),
        "party_q": company.name[3:5] if company else "公司",
    }


def _url(page: str, targets: dict[str, str]) -> str:
    from urllib.parse import quote

    if page == "home":
        return "/"
    if page == "case_page":
        return f"/cases/{targets['case']}/"
    path = {**LISTS, **API, **PARTIES, **PORTAL, **STAFF}[page]
    return path.format(**{k: quote(v) for k, v in targets.items()})


class Http:
    """A client of ``zhifa serve`` on 127.0.0.1 (keep-alive), with a session cookie or a bearer
    token taken from the test client's login: what a browser or an API client sends."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        import http.client

        self.port, self.headers = port, headers or {}
        self.counted: Any = None  # the test client the queries are counted through
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, url: str) -> Any:
        self.conn.request("GET", url, headers=self.headers)
        response = self.conn.getresponse()
        response.read()
        response.status_code = response.status
        return response


def _serve(args: argparse.Namespace) -> tuple[subprocess.Popen[bytes], int]:
    """``zhifa serve`` on a free port with this run's database (its own processes)."""
    import socket
    import urllib.request

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    zhifa = str(Path(sys.executable).with_name("zhifa"))
    command = [zhifa, "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers)]
    command += ["--threads", "1"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return server, port
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                sys.exit("zhifa serve did not start")
            time.sleep(0.5)


def _http_clients(port: int, client: Any, api: Any) -> tuple[Http, Http]:
    """The role's page client (its signed-in session's cookie) and API client (its token) over
    HTTP; queries are still counted through the test clients (``counted``)."""
    from django.conf import settings

    name = settings.SESSION_COOKIE_NAME
    cookie = client.cookies[name].value if name in client.cookies else ""
    pages = Http(port, {"Cookie": f"{name}={cookie}"} if cookie else {})
    token = getattr(api, "token", "")
    apis = Http(port, {"Authorization": f"Bearer {token}"} if token else {})
    pages.counted, apis.counted = client, api
    return pages, apis


def _measure(client: Any, url: str, requests: int) -> dict[str, Any]:
    from django.db import connection

    for _ in range(WARM_UP):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    counter = client.counted if isinstance(client, Http) else client
    if counter is not client:  # over HTTP the warm-ups went to the server: warm this one too
        counter.get(url)
    with connection.execute_wrapper(count):  # over HTTP: counted through the test client
        counter.get(url)
    times, cpu = [], []
    server_cpu = _server_cpu(client)
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    if server_cpu is not None:
        # the server's CPU for these requests (its workers' user + system time; SQLite's engine
        # included): what a busy machine does not inflate. Through the test client: this
        # process's, per request.
        spent = (_server_cpu(client) or 0.0) - server_cpu
        cpu = [spent / requests]
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(_p95(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": len(queries),
    }


SERVER_PID = 0  # zhifa serve's master, with --http


def _server_cpu(client: Any) -> float | None:
    """CPU milliseconds the server's processes have used so far (Linux /proc), or None."""
    if not isinstance(client, Http) or not SERVER_PID:
        return None
    tick = 1000 / os.sysconf("SC_CLK_TCK")
    total = 0.0
    pids = [SERVER_PID]
    children = Path(f"/proc/{SERVER_PID}/task/{SERVER_PID}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) * tick  # utime, stime
    return total


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _district(args: argparse.Namespace) -> dict[str, Any] | None:
    if args.district:
        return json.loads(Path(args.district).read_text(encoding="utf-8"))
    if not args.with_district:
        return None
    command = [sys.executable, __file__, "--cases", "0", "--requests", str(args.requests)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if not done.stdout.strip():
        sys.exit(f"the demo district run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=2000, help="bulk cases (0: demo district)")
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument("--keep", metavar="DIR", help="build (or reuse) the database in DIR")
    parser.add_argument("--district", metavar="FILE", help="JSON of a --cases 0 run")
    parser.add_argument("--with-district", action="store_true", help="measure it first")
    parser.add_argument(
        "--http", action="store_true", help="over HTTP from `zhifa serve` (the issue's floor)"
    )
    parser.add_argument("--workers", type=int, default=2, help="zhifa serve workers (--http)")
    args = parser.parse_args()
    baseline = _district(args)
    vendor = _setup(args.cases, args.keep)
    load = _load(args.cases)
    from zhifa.cases.models import Case

    targets = _targets()
    anonymous, _ = _client("handler")
    anonymous.logout()
    server = None
    if args.http:
        server, port = _serve(args)
        global SERVER_PID
        SERVER_PID = server.pid
        plain, _ = _http_clients(port, anonymous, anonymous)
        floor = _measure(plain, "/healthz", max(args.requests, 50))
    else:
        floor = _measure(anonymous, "/healthz", max(args.requests, 50))
    floor_ms = floor["p50_ms"]
    pages: dict[str, dict[str, Any]] = {}
    for role in ROLES:
        if role == "public":
            client = api = anonymous
        else:
            client, user = _client(role)
            api = _token_client(user)
        if args.http:
            client, api = _http_clients(port, client, api)
        for page in PAGES[role]:
            row = _measure(api if page in API else client, _url(page, targets), args.requests)
            row["to_floor"] = round(row["p95_ms"] / floor_ms, 1)
            before = (baseline or {}).get("pages", {}).get(f"{role} {page}")
            if before:
                row["to_district"] = round(row["p95_ms"] / before["p95_ms"], 2)
                if before.get("cpu_p50_ms"):
                    row["cpu_to_district"] = round(row["cpu_p50_ms"] / before["cpu_p50_ms"], 2)
            pages[f"{role} {page}"] = row
    if server is not None:
        server.terminate()
        server.wait(30)
    worst_floor = max(r["to_floor"] for r in pages.values())
    to_district = [r["to_district"] for r in pages.values() if "to_district" in r]
    worst_district = max(to_district) if to_district else None
    cpu_to_district = [r["cpu_to_district"] for r in pages.values() if "cpu_to_district" in r]
    result = {
        "benchmark": "pages",
        "database": vendor,
        "cases": Case.objects.count(),
        **load,
        "requests": args.requests,
        "through": f"HTTP, zhifa serve --workers {args.workers}" if args.http else "test client",
        "floor_ms": floor_ms,
        "floor_p95_ms": floor["p95_ms"],
        "targets": targets,
        "pages": pages,
        "worst_to_floor": worst_floor,
        "worst_to_district": worst_district,
        "worst_cpu_to_district": max(cpu_to_district) if cpu_to_district else None,
        "goal_to_floor": GOAL_TO_FLOOR,
        "goal_to_district": GOAL_TO_DISTRICT,
        **_bench.machine(),
    }
    print(json.dumps(result, ensure_ascii=False))
    # The floor ratio is reported, not enforced: no page is within 10× of /healthz through the
    # test client (docs/benchmarks.md). Enforced: flat with size, and the case page's queries.
    too_many = pages["handler case_page"]["queries"] > CASE_PAGE_QUERIES
    return 1 if too_many or (worst_district or 0) > GOAL_TO_DISTRICT else 0


if __name__ == "__main__":
    sys.exit(main())
